namespace Infra.Model;

/// <summary>An explicit null (for example to clear a chart default).</summary>
public sealed record NullValue : Value
{
    public static NullValue Instance { get; } = new();
}
