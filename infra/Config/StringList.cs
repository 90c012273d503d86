namespace Infra.Config;

/// <summary>A list-of-strings setting value (e.g. the environment stacks a controlplane federates).</summary>
public sealed record StringList(IReadOnlyList<string> Items)
{
    public static StringList Empty { get; } = new(Array.Empty<string>());
}
