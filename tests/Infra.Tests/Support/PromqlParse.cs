namespace Infra.Tests.Support;

/// <summary>What <see cref="PromqlParser"/> found in one expression: a syntax error, or its selectors.</summary>
public sealed record PromqlParse(string Id, string? Error, IReadOnlyList<PromqlSelector> Selectors);
