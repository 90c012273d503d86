namespace Infra.Model;

/// <summary>A literal number.</summary>
public sealed record NumberValue(decimal Number) : Value;
