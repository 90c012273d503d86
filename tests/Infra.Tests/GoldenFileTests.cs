using Infra.Emitters;
using Infra.Tests.Support;

namespace Infra.Tests;

/// <summary>
/// The rendered output of every stack (Main.yaml and every embedded document) against the reviewed
/// copies in tests/golden/&lt;stack&gt;/. To accept a change: UPDATE_GOLDEN=1 dotnet test, then review
/// the diff. CI never sets UPDATE_GOLDEN.
/// </summary>
[Trait("Output", "Golden")]
public sealed class GoldenFileTests
{
    public static TheoryData<string> AllStacks() => Repo.StackData();

    private static bool Update => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void RenderedOutputMatchesTheGoldenFiles(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var files = RenderWriter.Files(compiled.Graph, compiled.Program);
        var directory = Path.Combine(Repo.Root, "tests", "golden", stack);
        if (Update)
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, true);
            }

            RenderWriter.Write(directory, files);
        }

        Assert.True(Directory.Exists(directory), $"no golden files for stack '{stack}'; run UPDATE_GOLDEN=1 dotnet test and review them");
        var existing = Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Where(p => p != RenderWriter.MarkerFile)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(files.Keys, existing);
        foreach (var (path, content) in files)
        {
            var expected = File.ReadAllText(Path.Combine(directory, path));
            Assert.True(expected == content, $"tests/golden/{stack}/{path} differs from the rendered output; if the change is intended run UPDATE_GOLDEN=1 dotnet test and review the diff");
        }
    }

    [Fact]
    public void CompilingTwiceGivesTheSameBytes()
    {
        var first = StackCompiler.Compile(Infra.Config.StackFileReader.Read(Repo.Root, Stacks.Controlplane), Repo.Root, true).Program;
        var second = StackCompiler.Compile(Infra.Config.StackFileReader.Read(Repo.Root, Stacks.Controlplane), Repo.Root, true).Program;
        Assert.Equal(first, second);
    }
}
