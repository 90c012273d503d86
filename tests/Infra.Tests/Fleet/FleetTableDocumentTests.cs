using Infra.Tests.Support;

namespace Infra.Tests.Fleet;

/// <summary>docs/sizing.md's fleet table is the output of the command it names, not typed by hand.</summary>
[Trait("Output", "Golden")]
public sealed class FleetTableDocumentTests
{
    private const string Start = "<!-- fleet table: generated, UPDATE_GOLDEN=1 dotnet test --filter FleetTableDocumentTests rewrites it -->\n";
    private const string End = "<!-- end of fleet table -->\n";

    [Fact]
    [Trait("Speed", "Slow")]
    public void TheFleetTableInTheSizingGuideIsTheCommandsOutput()
    {
        var run = CliRun.Of(["footprint", "--stack", Stacks.Controlplane, "--root", Repo.Root, "--fleet", "10,100,500"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var path = Path.Combine(Repo.Root, "docs", "sizing.md");
        var text = File.ReadAllText(path);
        var start = text.IndexOf(Start, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/sizing.md has lost the fleet table's markers");
        var current = text[(start + Start.Length)..end];
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1" && current != run.Stdout)
        {
            File.WriteAllText(path, text[..(start + Start.Length)] + run.Stdout + text[end..]);
            return;
        }

        Assert.True(current == run.Stdout,
            $"docs/sizing.md's fleet table is out of date: UPDATE_GOLDEN=1 dotnet test --filter FleetTableDocumentTests (or paste: dotnet run --project infra -- footprint --stack {Stacks.Controlplane} --fleet 10,100,500)");
    }
}
