namespace Infra.Diff;

/// <summary>
/// One side of a diff: the files <c>render</c> writes (Main.yaml first among them, by relative path)
/// and the component of each resource where the compiler that produced them told us.
/// An absent stack is an empty file set.
/// </summary>
public sealed record RenderedStack(IReadOnlyDictionary<string, string> Files, IReadOnlyDictionary<string, string> Components)
{
    public static RenderedStack Empty { get; } = new(new Dictionary<string, string>(), new Dictionary<string, string>());
}
