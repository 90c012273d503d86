using Infra.Cli;
using Infra.Tests.Support;

namespace Infra.Tests.Diff;

/// <summary>
/// <c>diff</c> in a throw-away git repository (<see cref="GitProjectFixture"/>). The two tests that
/// render a base commit share one build of its compiler (the first pays about 10-20 s, kept in the fixture's
/// obj/diff-base); the error cases return before any build.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class DiffCommandTests : IClassFixture<GitProjectFixture>
{
    private readonly GitProjectFixture _repo;

    public DiffCommandTests(GitProjectFixture repo)
    {
        _repo = repo;
    }

    [Fact]
    public void ReportsRemovedAndChangedResourcesWithHunks()
    {
        var (controlplane, dropped) = (_repo.Controlplane, _repo.Dropped);
        var run = CliRun.Of(["diff", "--stack", controlplane, "--base", _repo.BaseCommit, "--root", _repo.Root, "--exit-code"]);
        Assert.True(run.ExitCode == DiffCommand.ChangesFound, $"exit {run.ExitCode}: {run.Stderr}\n{run.Stdout}");
        var report = run.Stdout;
        Assert.StartsWith($"Stack '{controlplane}': {_repo.BaseCommit} ({_repo.BaseCommit[..12]}) -> working tree\n", report, StringComparison.Ordinal);

        // Dropping an environment removes its stack reference and its Logstash credentials; nothing is added.
        var name = System.Text.RegularExpressions.Regex.Escape(dropped);
        Assert.Matches($@"\n    - pulumi:pulumi:StackReference +environment-{name}\n", report);
        Assert.Matches($@"\n    - kubernetes:core/v1:Secret +logstash-kafka-{name}-secret\n", report);
        Assert.Contains("Resources: 0 added, ", report, StringComparison.Ordinal);

        // The Grafana chart changed in its values (its limits, and the dropped environment's datasource), and the report says where.
        Assert.Matches(@"\n  Grafana\n(    .*\n)*    ~ kubernetes:helm\.sh/v4:Chart +grafana-chart +\(properties\.values\.[^)\n]*\)\n", report);
        Assert.Contains($"\n-    - name: {dropped}\n", report, StringComparison.Ordinal);

        // The rendered files: the dropped environment's pipeline is gone, Grafana's values differ, with hunks.
        Assert.Contains($"    - logstash/pipelines/{dropped}.conf\n", report, StringComparison.Ordinal);
        Assert.Contains("    ~ helm/grafana.values.yaml\n", report, StringComparison.Ordinal);
        Assert.Contains("--- a/helm/grafana.values.yaml\n+++ b/helm/grafana.values.yaml\n@@ ", report, StringComparison.Ordinal);
        Assert.Contains("\n-    memory: \"512Mi\"\n+    memory: \"768Mi\"\n", report, StringComparison.Ordinal);
        Assert.Contains($"--- a/logstash/pipelines/{dropped}.conf\n+++ /dev/null\n@@ -1,", report, StringComparison.Ordinal);
        Assert.Contains("--- a/Main.yaml\n+++ b/Main.yaml\n", report, StringComparison.Ordinal);
        Assert.Contains($"\n-  environment-{dropped}:\n", report, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public void AStackTheChangeDoesNotTouchHasNoChanges()
    {
        // The second commit changes only controlplane settings and a controlplane-only chart.
        // A temporary folder of this test's own (TMPDIR), so another run's diff cannot be mistaken for a leftover.
        var temporary = Directory.CreateTempSubdirectory("diff-test-tmp-").FullName;
        try
        {
            var run = CliRun.Of(["diff", "--stack", _repo.Untouched, "--base", "HEAD~1", "--root", _repo.Root, "--exit-code"],
                new Dictionary<string, string> { ["TMPDIR"] = temporary });
            Assert.True(run.ExitCode == CommandLine.Ok, $"exit {run.ExitCode}: {run.Stderr}\n{run.Stdout}");
            Assert.Equal($"Stack '{_repo.Untouched}': HEAD~1 ({_repo.BaseCommit[..12]}) -> working tree\nno changes\n", run.Stdout);
            Assert.True(Directory.GetFileSystemEntries(temporary).Length == 0, "diff left its temporary folder behind");
        }
        finally
        {
            Directory.Delete(temporary, recursive: true);
        }
    }

    [Fact]
    public void ASecondDiffAgainstTheSameBaseReusesItsExportAndBuild()
    {
        string[] diff = ["diff", "--stack", _repo.Untouched, "--base", _repo.BaseCommit, "--root", _repo.Root];
        var first = CliRun.Of(diff);
        Assert.True(first.ExitCode == CommandLine.Ok, $"exit {first.ExitCode}: {first.Stderr}\n{first.Stdout}");
        var entry = Directory.GetDirectories(Infra.Diff.BaseBuildCache.RootOf(_repo.Root), _repo.BaseCommit + "-*").Single();
        var marker = Path.Combine(entry, Infra.Diff.BaseBuildCache.BuiltMarker);
        Assert.True(File.Exists(marker), $"the first diff left no finished build in {entry}");
        var buildId = File.ReadAllText(marker);
        var compiler = Directory.GetFiles(Path.Combine(entry, "tree", "infra", "bin", "Release"), "Infra.dll", SearchOption.AllDirectories).Single();
        var built = File.GetLastWriteTimeUtc(compiler);

        var second = CliRun.Of(diff);
        Assert.True(second.ExitCode == CommandLine.Ok, $"exit {second.ExitCode}: {second.Stderr}\n{second.Stdout}");
        Assert.Equal(first.Stdout, second.Stdout);
        // Not built again: the same build id, the same compiler file.
        Assert.Equal(buildId, File.ReadAllText(marker));
        Assert.Equal(built, File.GetLastWriteTimeUtc(compiler));
    }

    [Fact]
    public void AStackNewInTheWorkingTreeIsAllAdded()
    {
        // A generated name, so no stack a user adds to stacks/ can collide with it.
        var stack = $"diff-test-{Guid.NewGuid():N}";
        var added = Path.Combine(_repo.Root, "stacks", $"Pulumi.{stack}.yaml");
        Assert.False(File.Exists(added), $"{added} exists already");
        File.Copy(Path.Combine(_repo.Root, "stacks", $"Pulumi.{_repo.Untouched}.yaml"), added);
        try
        {
            // The base has no such stack file, so nothing is built for it.
            var run = CliRun.Of(["diff", "--stack", stack, "--base", "HEAD", "--root", _repo.Root]);
            Assert.True(run.ExitCode == CommandLine.Ok, run.Stderr);
            Assert.Contains(" removed, 0 changed\n", run.Stdout, StringComparison.Ordinal);
            Assert.Matches(@"Resources: \d+ added, 0 removed", run.Stdout);
            Assert.Contains("--- /dev/null\n+++ b/Main.yaml\n@@ -0,0 +1,", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("    + pulumi:providers:kubernetes", run.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(added);
        }
    }

    [Fact]
    public void AnUnknownRefFailsNamingTheRef()
    {
        var run = CliRun.Of(["diff", "--stack", _repo.Untouched, "--base", "no-such-branch", "--root", _repo.Root]);
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("error: unknown git ref 'no-such-branch'", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void OutsideAGitRepositoryFailsClearly()
    {
        var folder = Directory.CreateTempSubdirectory("infra-diff-nogit-").FullName;
        try
        {
            File.Copy(Path.Combine(Repo.Root, "Pulumi.yaml"), Path.Combine(folder, "Pulumi.yaml"));
            var run = CliRun.Of(["diff", "--stack", _repo.Untouched, "--base", "main", "--root", folder]);
            Assert.Equal(CommandLine.InputError, run.ExitCode);
            Assert.Contains("is not in a git repository", run.Stderr, StringComparison.Ordinal);
            Assert.Equal(string.Empty, run.Stdout);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void MissingOptionsAreUsageErrors()
    {
        Assert.Equal(CommandLine.UsageError, CliRun.Of(["diff", "--stack", _repo.Untouched, "--root", _repo.Root]).ExitCode);
        Assert.Equal(CommandLine.UsageError, CliRun.Of(["diff", "--base", "HEAD", "--root", _repo.Root]).ExitCode);
        Assert.Equal(CommandLine.UsageError, CliRun.Of(["diff", "--stack", _repo.Untouched, "--base", "HEAD", "--root", _repo.Root, "--exit-code", "--exit-code"]).ExitCode);
        Assert.Contains("diff --stack S --base REF", CliRun.Of(["help"]).Stdout, StringComparison.Ordinal);
    }
}
