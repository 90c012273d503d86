using System.Formats.Tar;
using Infra.Model;

namespace Infra.Diff;

/// <summary>
/// The git repository that holds the project, for <c>diff</c>: resolves a ref to a commit and exports
/// that commit's tree. Only read-only git commands are used; the repository is never changed.
/// </summary>
public sealed class GitRepository
{
    private static readonly TimeSpan GitTimeout = TimeSpan.FromMinutes(5);

    private GitRepository(string topLevel, string projectPrefix)
    {
        TopLevel = topLevel;
        ProjectPrefix = projectPrefix;
    }

    /// <summary>The work tree's top folder.</summary>
    public string TopLevel { get; }

    /// <summary>Where the project (Pulumi.yaml) sits below <see cref="TopLevel"/>: empty or "sub/dir/".</summary>
    public string ProjectPrefix { get; }

    /// <summary>The repository that holds <paramref name="projectRoot"/>; a clear error when there is none.</summary>
    public static GitRepository Open(string projectRoot)
    {
        var top = ChildProcess.Run("git", projectRoot, ["rev-parse", "--show-toplevel"], GitTimeout);
        if (top.ExitCode != 0)
        {
            throw new CompilationException($"{projectRoot} is not in a git repository: diff compares the working tree with a commit, so run it in a clone (git says: {top.Stderr.Trim()}).");
        }

        var prefix = ChildProcess.Run("git", projectRoot, ["rev-parse", "--show-prefix"], GitTimeout);
        return new GitRepository(top.Stdout.Trim(), prefix.Stdout.Trim());
    }

    /// <summary>The full commit id <paramref name="reference"/> names; an error naming the ref when it names none.</summary>
    public string ResolveCommit(string reference)
    {
        if (reference.StartsWith('-') || reference.Contains('\0', StringComparison.Ordinal))
        {
            throw new CompilationException($"unknown git ref '{reference}': a ref cannot start with '-'.");
        }

        var result = ChildProcess.Run("git", TopLevel, ["rev-parse", "--verify", "--quiet", $"{reference}^{{commit}}"], GitTimeout);
        if (result.ExitCode != 0 || result.Stdout.Trim().Length == 0)
        {
            throw new CompilationException($"unknown git ref '{reference}': no commit of that name in {TopLevel} (git rev-parse --verify '{reference}^{{commit}}' failed). Pass a branch, tag or commit; in a shallow CI clone fetch it first (actions/checkout with fetch-depth: 0).");
        }

        return result.Stdout.Trim();
    }

    /// <summary>Writes the whole tree of <paramref name="commit"/> into <paramref name="directory"/> (git archive, no .git).</summary>
    public void Export(string commit, string directory)
    {
        var archive = Path.Combine(Path.GetDirectoryName(directory)!, "base.tar");
        var result = ChildProcess.Run("git", TopLevel, ["archive", "--format=tar", "-o", archive, commit], GitTimeout);
        if (result.ExitCode != 0)
        {
            throw new CompilationException($"git archive {commit} failed:\n{result.Tail()}");
        }

        Directory.CreateDirectory(directory);
        TarFile.ExtractToDirectory(archive, directory, overwriteFiles: false);
        File.Delete(archive);
    }
}
