namespace Infra.Tests.Support;

/// <summary>A label matcher of a selector other than <c>__name__</c>: its label, operator (=, !=, =~, !~) and unquoted value.</summary>
public sealed record PromqlLabelMatcher(string Label, string Op, string Value);
