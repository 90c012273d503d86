namespace Infra.Model;

/// <summary>A literal boolean.</summary>
public sealed record BoolValue(bool Flag) : Value;
