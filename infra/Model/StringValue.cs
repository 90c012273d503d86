namespace Infra.Model;

/// <summary>A literal string. Emitters escape it for Pulumi YAML (every <c>$</c> becomes <c>$$</c>).</summary>
public sealed record StringValue(string Text) : Value;
