using System.CommandLine;
using Infra.Config;
using Infra.Diff;
using Infra.Emitters;
using Infra.Model;

namespace Infra.Cli;

/// <summary>
/// <c>diff --stack S --base REF</c>: what the working tree changes in the stack's generated output
/// compared with commit REF. The working tree is compiled in-process; REF by its own compiler
/// (<see cref="BaseRenderer"/>). A report, so differences exit 0 unless <c>--exit-code</c> is given.
/// Writes nothing but a temporary folder, which is removed.
/// </summary>
public static class DiffCommand
{
    /// <summary>Exit code with <c>--exit-code</c> when the output differs (1 and 2 already mean bad input and usage).</summary>
    public const int ChangesFound = 3;

    internal static Command Create(TextWriter stdout, Func<string, string?> environment)
    {
        var stack = CliOptions.Stack();
        var reference = CliOptions.Once(new Option<string>("--base") { Description = "Git commit, branch or tag to compare with.", Required = true, HelpName = "REF" });
        var root = CliOptions.Root();
        var exitCode = CliOptions.Once(new Option<bool>("--exit-code") { Description = $"Exit {ChangesFound} when the output differs." });
        var command = new Command("diff",
            "What the working tree changes in the stack's output compared with git commit REF: resources added, removed and changed, then a unified diff of Main.yaml and every rendered file. REF is rendered by its own compiler (a build, ~10-20 s). Exit 0 (a report); with --exit-code 3 when the output differs.")
            { stack, reference, root, exitCode };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(stack), parsed.GetRequiredValue(reference), CliOptions.ResolveRoot(parsed.GetValue(root)), parsed.GetValue(exitCode), stdout, environment("TMPDIR")));
        return command;
    }

    /// <param name="temporaryFolder">Where the base is rendered (a folder of its own inside it, removed afterwards); null: the system's.</param>
    public static int Run(string stack, string reference, string root, bool exitCode, TextWriter stdout, string? temporaryFolder = null)
    {
        if (!SettingsCatalog.StackNamePattern().IsMatch(stack))
        {
            throw new CompilationException($"stack '{stack}': not a valid stack name (lower-case letters, digits and '-').");
        }

        // Cheap checks first: a wrong ref or bad config should not wait for a build.
        var repository = GitRepository.Open(root);
        var commit = repository.ResolveCommit(reference);
        var current = Current(root, stack);

        var scratch = temporaryFolder is { Length: > 0 }
            ? Directory.CreateDirectory(Path.Combine(temporaryFolder, $"observability-diff-{Guid.NewGuid():N}")).FullName
            : Directory.CreateTempSubdirectory("observability-diff-").FullName;
        try
        {
            var before = BaseRenderer.Render(repository, reference, commit, stack, scratch);
            if (before.Files.Count == 0 && current.Files.Count == 0)
            {
                throw new CompilationException($"stack '{stack}': unknown stack, stacks/Pulumi.{stack}.yaml exists neither in the working tree nor at {reference}.");
            }

            var diff = StackDiff.Compare(before, current);
            stdout.Write(diff.Report($"Stack '{stack}': {reference} ({commit[..12]}) -> working tree"));
            return diff.HasChanges && exitCode ? ChangesFound : CommandLine.Ok;
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is not worth failing the report for.
            }
        }
    }

    /// <summary>The working tree's output, compiled in-process; empty when the working tree removed the stack.</summary>
    private static RenderedStack Current(string root, string stack)
    {
        if (!File.Exists(StackFileReader.PathFor(root, stack)) && Directory.Exists(Path.Combine(root, "stacks")))
        {
            return RenderedStack.Empty;
        }

        var compiled = StackCompiler.Compile(StackFileReader.Read(root, stack), root, fromStackFile: true);
        StackCompiler.RequireEnvironmentStackFiles(compiled.Settings, root);
        var components = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in compiled.Graph.Resources)
        {
            components[resource.Name] = resource.Component;
        }

        return new RenderedStack(RenderWriter.Files(compiled.Graph, compiled.Program), components);
    }
}
