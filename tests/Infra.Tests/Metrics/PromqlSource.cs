namespace Infra.Tests.Metrics;

/// <summary>
/// A PromQL expression found in a stack's rendered output, with every place it is written (file and the
/// rule, panel, variable or scrape job around it) and its kind (<c>promql</c> or <c>grafana-variable</c>).
/// </summary>
public sealed record PromqlSource(string Stack, string Expr, string Kind, IReadOnlyList<string> Locations)
{
    public string Where => Locations.Count == 1 ? Locations[0] : $"{Locations[0]} (and {Locations.Count - 1} more)";
}
