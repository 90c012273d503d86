namespace Infra.Tests.Support;

/// <summary>
/// One expression for <see cref="PromqlParser"/>. <paramref name="Kind"/> is <c>promql</c>, or
/// <c>grafana-variable</c> for a Grafana templating query (<c>label_values(selector, label)</c>, ...).
/// </summary>
public sealed record PromqlQuery(string Id, string Expr, string Kind = "promql");
