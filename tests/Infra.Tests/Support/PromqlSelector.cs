namespace Infra.Tests.Support;

/// <summary>
/// A vector selector (inside a range selector when <paramref name="Matrix"/>): its metric name when it
/// names one, its <c>__name__</c> matchers, the Grafana variable that stands for the name, if one does, and its other
/// label matchers.
/// </summary>
public sealed record PromqlSelector(string Text, bool Matrix, string? Name, IReadOnlyList<PromqlNameMatcher> NameMatchers, string? Variable, IReadOnlyList<PromqlLabelMatcher>? Matchers = null);
