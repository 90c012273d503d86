namespace Infra.Tests.Support;

/// <summary>A <c>__name__</c> matcher of a selector: its operator (=, !=, =~, !~) and unquoted value.</summary>
public sealed record PromqlNameMatcher(string Op, string Value);
