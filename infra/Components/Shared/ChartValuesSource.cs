using Infra.Model;
using Infra.Yaml;
using YamlDotNet.Core;

namespace Infra.Components;

/// <summary>
/// The Helm values people tune, layered from general to specific:
/// <c>charts-values/&lt;chart&gt;/values.yaml</c> (every stack), then
/// the profile file's <c>chartValues.&lt;chart&gt;</c> (every stack of that profile: infra/Profiles/&lt;profile&gt;.yaml), then
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

    /// <summary>
    /// Files under charts-values/ that no stack would ever read: a folder that is not a pinned chart, an
    /// overlay named after no stack (a typo such as prod.yaml would otherwise be ignored silently), or a
    /// subfolder (per-profile values live in the profile files).
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

                yield return $"stack '{stack}': charts-values/{chart}/{name} is read by no stack: name it values.yaml (every stack) or <stack>.yaml after a file in stacks/ ({string.Join(", ", stacks.Order(StringComparer.Ordinal))}); values for every stack of a profile go in {Config.ProfileCatalog.Folder}/<profile>.yaml under chartValues.{chart}.";
            }

            foreach (var entry in Directory.GetFileSystemEntries(chartFolder).Where(Directory.Exists).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            {
                // Per-profile values live in the profile's file, so that a new profile is one file (docs/profiles.md).
                yield return entry == RetiredProfilesFolder
                    ? $"stack '{stack}': charts-values/{chart}/{entry}/ is read by no stack: a profile's Helm values live in its own file, {Config.ProfileCatalog.Folder}/<profile>.yaml, under chartValues.{chart}; move them there and remove the folder."
                    : $"stack '{stack}': charts-values/{chart}/{entry}/ is read by no stack: only values.yaml and <stack>.yaml files are read there.";
            }
        }
    }

    /// <summary>The folder that held per-profile overlays before they moved into the profile files; named in its message.</summary>
    private const string RetiredProfilesFolder = "profiles";

    /// <summary>Charts a profile gives values for (chartValues) that the program does not deploy: a typo would be ignored silently.</summary>
    public static IEnumerable<string> UnknownProfileCharts(Config.Profile profile, IEnumerable<string> charts)
    {
        var known = charts.ToHashSet(StringComparer.Ordinal);
        return profile.ChartValueCharts.Where(c => !known.Contains(c)).Select(c =>
            $"{profile.Source}: chartValues.{c} is not a chart the program deploys ({string.Join(", ", known.Order(StringComparer.Ordinal))}); rename or remove it.");
    }

    /// <summary>
    /// The user values that apply to a chart on a stack, base first, as (where they come from, values): values.yaml,
    /// the profile's chartValues.&lt;chart&gt;, the stack's file; unreadable files are reported to <paramref name="problems"/>.
    /// </summary>
    public IReadOnlyList<(string Path, ObjectValue Values)> FilesFor(string chart, Config.StackSettings settings, List<string> problems)
    {
        var stack = settings.Stack;
        var files = new List<(string, ObjectValue)>();
        if (_root is null)
        {
            return files;
        }

        Read("values.yaml");
        if (settings.Profile.ChartValues(chart) is { } profileValues)
        {
            files.Add(($"{settings.Profile.Source} (chartValues.{chart})", profileValues));
        }

        Read($"{stack}.yaml");
        return files;

        void Read(string name)
        {
            var relative = $"charts-values/{chart}/{name}";
            var full = Path.Combine(_root, "charts-values", chart, name);
            if (!File.Exists(full))
            {
                return;
            }

            Value parsed;
            try
            {
                parsed = YamlValueReader.Parse(File.ReadAllText(full));
            }
            catch (YamlException e)
            {
                problems.Add($"stack '{stack}': {relative} is not valid YAML (line {e.Start.Line}, column {e.Start.Column}); fix the syntax.");
                return;
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
    }
}
