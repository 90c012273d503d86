using System.Text.RegularExpressions;
using Infra.Config;
using Infra.Emitters;
using Infra.Model;

namespace Infra.Diff;

/// <summary>
/// Renders a stack as a past commit generates it: the commit's tree is exported to a temporary
/// folder and rendered by that tree's own compiler (<c>dotnet build</c>, then <c>render</c> and
/// <c>preview</c> with <c>dotnet run --no-build</c>), because the compiler itself may be what changed.
/// The exported tree and its build are kept per commit (<see cref="BaseBuildCache"/>), so only the first
/// diff against a commit pays the build (about 10-20 s); the rendered files go to the temporary folder,
/// which is removed afterwards.
/// </summary>
public static partial class BaseRenderer
{
    private const string Project = "infra/Infra.csproj";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Quiet, self-contained child builds: no telemetry banner, no MSBuild nodes left running after the
    /// build, and no Pulumi variables that could make a base compiler act as if Pulumi called it.
    /// </summary>
    private static readonly Dictionary<string, string?> ChildEnvironment = new(StringComparer.Ordinal)
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["PULUMI_STACK"] = null,
        ["PULUMI_CONFIG"] = null,
        ["PULUMI_PROJECT"] = null,
        ["PULUMI_ORGANIZATION"] = null,
        ["PULUMI_ROOT_DIRECTORY"] = null,
    };

    public static RenderedStack Render(GitRepository repository, string reference, string commit, string stack, string scratch)
    {
        var projectRoot = Path.Combine(repository.TopLevel, repository.ProjectPrefix.Replace('/', Path.DirectorySeparatorChar));
        RenderedStack rendered;
        using (var entry = BaseBuildCache.Open(projectRoot, commit))
        {
            entry.EnsureExported(repository, commit);
            rendered = Render(entry, reference, commit, stack, scratch, Path.Combine(entry.Tree, repository.ProjectPrefix.Replace('/', Path.DirectorySeparatorChar)));
        }

        BaseBuildCache.Prune(projectRoot);
        return rendered;
    }

    private static RenderedStack Render(BaseBuildCache entry, string reference, string commit, string stack, string scratch, string root)
    {
        if (!File.Exists(StackFileReader.PathFor(root, stack)))
        {
            // The stack is new in the working tree: everything in it is added.
            return RenderedStack.Empty;
        }

        if (!File.Exists(Path.Combine(root, Project)))
        {
            throw new CompilationException($"{reference} has no {Project} next to its Pulumi.yaml, so its output cannot be rendered by its own compiler.");
        }

        if (!entry.IsBuilt)
        {
            var build = ChildProcess.Run("dotnet", root, ["build", Project, "-c", "Release", "--nologo", "-v", "quiet"], BuildTimeout, ChildEnvironment);
            if (build.ExitCode != 0)
            {
                throw new CompilationException($"the compiler at {reference} ({commit[..12]}) does not build:\n{build.Tail()}");
            }

            entry.MarkBuilt();
        }

        var output = Path.Combine(scratch, "base-render");
        var render = Run(root, ["render", "--stack", stack, "--out", output]);
        if (render.ExitCode != 0)
        {
            throw new CompilationException($"stack '{stack}' does not render at {reference} ({commit[..12]}), so there is nothing to compare with:\n{render.Tail()}");
        }

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(output, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == RenderWriter.MarkerFile)
            {
                continue;
            }

            files[Path.GetRelativePath(output, file).Replace('\\', '/')] = File.ReadAllText(file);
        }

        // Components only appear in the preview; an older compiler without it just leaves them unknown.
        var preview = Run(root, ["preview", "--stack", stack]);
        return new RenderedStack(files, preview.ExitCode == 0 ? ComponentsFromPreview(preview.Stdout) : new Dictionary<string, string>());
    }

    /// <summary>Resource name to component, from the preview's "Component" headings and "  + type  name" lines.</summary>
    public static IReadOnlyDictionary<string, string> ComponentsFromPreview(string preview)
    {
        var components = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string? heading = null;
        foreach (var line in preview.Split('\n'))
        {
            var resource = ResourceLine().Match(line);
            if (resource.Success && heading is not null)
            {
                components[resource.Groups["name"].Value] = heading;
            }
            else if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                heading = line.TrimEnd('\r');
            }
        }

        return components;
    }

    private static ProcessResult Run(string root, string[] arguments) =>
        ChildProcess.Run("dotnet", root, ["run", "--no-build", "-c", "Release", "--project", Project, "--", .. arguments], RunTimeout, ChildEnvironment);

    [GeneratedRegex(@"^  \+ (?<type>\S+)\s+(?<name>\S+)")]
    private static partial Regex ResourceLine();
}
