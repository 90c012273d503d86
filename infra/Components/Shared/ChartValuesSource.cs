using Infra.Model;
using Infra.Yaml;
using YamlDotNet.Core;

namespace Infra.Components;

/// <summary>
/// The Helm values people tune, layered from general to specific:
/// <c>charts-values/&lt;chart&gt;/values.yaml</c> (every stack), then
/// <c>charts-values/&lt;chart&gt;/profiles/&lt;profile&gt;.yaml</c> (every stack of that profile), then
/// <c>charts-values/&lt;chart&gt;/&lt;stack&gt;.yaml</c> (one stack).
/// </summary>
public sealed class ChartValuesSource
{
    private readonly string? _root;

    /// <param name="root">Project root holding <c>charts-values/</c>; null reads no files (plugin discovery).</param>
    public ChartValuesSource(string? root)
    {
        _root = root;
    }

    /// <summary>Folder of the per-profile overlays inside a chart's folder.</summary>
    public const string ProfilesFolder = "profiles";

    /// <summary>
    /// Files under charts-values/ that no stack would ever read: a folder that is not a pinned chart, an
    /// overlay named after no stack, or a profile overlay named after no profile (a typo such as
    /// prod.yaml would otherwise be ignored silently).
    /// </summary>
    public IEnumerable<string> StrayFiles(string stack, IEnumerable<string> charts)
    {
        var folder = _root is null ? null : Path.Combine(_root, "charts-values");
        if (folder is null || !Directory.Exists(folder))
        {
            yield break;
        }

        var known = charts.ToHashSet(StringComparer.Ordinal);
        var stacks = Directory.Exists(Path.Combine(_root!, "stacks"))
            ? Directory.GetFiles(Path.Combine(_root!, "stacks"), "Pulumi.*.yaml").Select(f => Path.GetFileName(f)["Pulumi.".Length..^".yaml".Length]).ToHashSet(StringComparer.Ordinal)
            : [];
        stacks.Add(stack);
        foreach (var chartFolder in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            var chart = Path.GetFileName(chartFolder);
            if (!known.Contains(chart))
            {
                yield return $"stack '{stack}': charts-values/{chart}/ is not a chart the program deploys ({string.Join(", ", known.Order(StringComparer.Ordinal))}); rename or remove it.";
                continue;
            }

            foreach (var file in Directory.GetFiles(chartFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            {
                var name = file!;
                if (name == "values.yaml" || (name.EndsWith(".yaml", StringComparison.Ordinal) && stacks.Contains(name[..^".yaml".Length])))
                {
                    continue;
                }

                yield return $"stack '{stack}': charts-values/{chart}/{name} is read by no stack: name it values.yaml (every stack), {ProfilesFolder}/<profile>.yaml ({string.Join(", ", ProfileNames)}) or <stack>.yaml after a file in stacks/ ({string.Join(", ", stacks.Order(StringComparer.Ordinal))}).";
            }

            foreach (var entry in Directory.GetFileSystemEntries(chartFolder).Where(Directory.Exists).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            {
                if (entry != ProfilesFolder)
                {
                    yield return $"stack '{stack}': charts-values/{chart}/{entry}/ is read by no stack: only {ProfilesFolder}/ holds overlays (one per profile).";
                    continue;
                }

                foreach (var file in Directory.GetFileSystemEntries(Path.Combine(chartFolder, ProfilesFolder)).Select(Path.GetFileName).Order(StringComparer.Ordinal))
                {
                    if (!ProfileNames.Any(p => file == $"{p}.yaml"))
                    {
                        yield return $"stack '{stack}': charts-values/{chart}/{ProfilesFolder}/{file} is read by no stack: name it after a profile ({string.Join(", ", ProfileNames.Select(p => $"{p}.yaml"))}).";
                    }
                }
            }
        }
    }

    private static IEnumerable<string> ProfileNames => Config.ProfileCatalog.BuiltIn.Names;

    /// <summary>The user files that apply to a chart on a stack, base first, as (relative path, values); unreadable files are reported to <paramref name="problems"/>.</summary>
    public IReadOnlyList<(string Path, ObjectValue Values)> FilesFor(string chart, Config.StackSettings settings, List<string> problems)
    {
        var stack = settings.Stack;
        var files = new List<(string, ObjectValue)>();
        if (_root is null)
        {
            return files;
        }

        foreach (var name in new[] { "values.yaml", $"{ProfilesFolder}/{settings.Profile.Name}.yaml", $"{stack}.yaml" })
        {
            var relative = $"charts-values/{chart}/{name}";
            var full = Path.Combine(_root, "charts-values", chart, name);
            if (!File.Exists(full))
            {
                continue;
            }

            Value parsed;
            try
            {
                parsed = YamlValueReader.Parse(File.ReadAllText(full));
            }
            catch (YamlException e)
            {
                problems.Add($"stack '{stack}': {relative} is not valid YAML (line {e.Start.Line}, column {e.Start.Column}); fix the syntax.");
                continue;
            }

            switch (parsed)
            {
                case ObjectValue obj:
                    files.Add((relative, obj));
                    break;
                case NullValue:
                    break;
                default:
                    problems.Add($"stack '{stack}': {relative} must be a mapping of Helm values at the top level.");
                    break;
            }
        }

        return files;
    }
}
