using Infra.Config;

namespace Infra.Tests.Support;

/// <summary>Compiles the repository's stacks the way the CLI does, cached per stack.</summary>
public static class Stacks
{
    private static readonly Dictionary<string, CompiledStack> Cache = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>The stack compiled from stacks/Pulumi.&lt;stack&gt;.yaml with the repository's charts-values/.</summary>
    public static CompiledStack Compile(string stack)
    {
        lock (Gate)
        {
            if (!Cache.TryGetValue(stack, out var compiled))
            {
                compiled = StackCompiler.Compile(StackFileReader.Read(Repo.Root, stack), Repo.Root, fromStackFile: true);
                Cache[stack] = compiled;
            }

            return compiled;
        }
    }
}
