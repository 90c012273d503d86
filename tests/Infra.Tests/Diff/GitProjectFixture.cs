using System.Diagnostics;
using Infra.Tests.Support;

namespace Infra.Tests.Diff;

/// <summary>
/// A throw-away git repository holding a copy of the project (compiler sources, stacks, chart values)
/// with two commits: <see cref="BaseCommit"/> as the repository has it, then a change that drops the
/// controlplane's last listed environment (<see cref="Dropped"/>) and raises Grafana's memory limit. The working tree
/// is the second commit, clean. The first diff against a commit builds that commit's compiler (~10-20 s), kept for the others.
/// </summary>
public sealed class GitProjectFixture : IDisposable
{
    private static readonly string[] Copied = ["Pulumi.yaml", "Directory.Build.props", "Directory.Packages.props", ".editorconfig", "infra", "stacks", "charts-values"];

    public GitProjectFixture()
    {
        Root = Directory.CreateTempSubdirectory("infra-diff-repo-").FullName;
        foreach (var entry in Copied)
        {
            Copy(Path.Combine(Repo.Root, entry), Path.Combine(Root, entry));
        }

        Git("init", "-q", "-b", "main");
        Git("add", ".");
        Git("commit", "-q", "-m", "base");
        BaseCommit = Git("rev-parse", "HEAD").Trim();

        // Picked by role, so the fixture holds for any stacks/: the controlplane, its last listed environment.
        Controlplane = Stacks.Controlplane;
        Dropped = Stacks.EnvironmentsOf(Controlplane).Last();
        Untouched = Stacks.First(Infra.Config.StackRole.Environment);
        var controlplane = Path.Combine(Root, "stacks", $"Pulumi.{Controlplane}.yaml");
        var text = File.ReadAllText(controlplane);
        var dropped = System.Text.RegularExpressions.Regex.Replace(text, $@"(?m)^[ \t]+- {System.Text.RegularExpressions.Regex.Escape(Dropped)}[ \t]*\n", string.Empty);
        Assert.True(dropped != text, $"the fixture drops '{Dropped}' from {controlplane}'s environments, which it expects as a block list ('    - {Dropped}')");
        File.WriteAllText(controlplane, dropped);
        var grafana = Path.Combine(Root, "charts-values", "grafana", "values.yaml");
        File.WriteAllText(grafana, File.ReadAllText(grafana).Replace("  limits: {memory: 512Mi}\n", "  limits: {memory: 768Mi}\n", StringComparison.Ordinal));
        Git("commit", "-q", "-am", $"drop {Dropped} from {Controlplane}; more memory for Grafana");
    }

    public string Root { get; }

    /// <summary>The controlplane the second commit changes.</summary>
    public string Controlplane { get; }

    /// <summary>The environment the second commit drops from the controlplane.</summary>
    public string Dropped { get; }

    /// <summary>An environment stack the second commit does not touch.</summary>
    public string Untouched { get; }

    public string BaseCommit { get; }

    public string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in new[] { ("user.name", "diff test"), ("user.email", "diff-test@example.com"), ("commit.gpgsign", "false") })
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"{name}={value}");
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)} failed: {stderr.Result}");
        return stdout.Result;
    }

    public void Dispose() => Directory.Delete(Root, true);

    private static void Copy(string source, string target)
    {
        if (File.Exists(source))
        {
            File.Copy(source, target);
            return;
        }

        Directory.CreateDirectory(target);
        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
        {
            var name = Path.GetFileName(entry);
            if (name is "bin" or "obj" or ".publish" or ".publish.lock")
            {
                continue; // build output is not part of the project
            }

            Copy(entry, Path.Combine(target, name));
        }
    }
}
