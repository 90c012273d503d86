using Infra.Model;
using Infra.Tests.Support;
using Infra.Yaml;

namespace Infra.Tests.Conformance;

/// <summary>
/// A chart's default values as published (<c>../shared/charts/&lt;chart&gt;/&lt;version&gt;/values.yaml</c>):
/// the parsed tree, the raw lines (for keys documented only in comments), and its <c>Chart.yaml</c>.
/// </summary>
public sealed class ChartDefaults
{
    private static readonly Dictionary<string, ChartDefaults?> Cache = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    private ChartDefaults(string name, string version, string directory)
    {
        Name = name;
        Version = version;
        Directory = directory;
        Lines = File.ReadAllLines(Path.Combine(directory, "values.yaml"));
        Values = YamlValueReader.Parse(string.Join('\n', Lines)) as ObjectValue ?? ObjectValue.Empty;
        ChartYaml = YamlValueReader.Parse(File.ReadAllText(Path.Combine(directory, "Chart.yaml"))) as ObjectValue ?? ObjectValue.Empty;
    }

    public string Name { get; }

    public string Version { get; }

    public string Directory { get; }

    public ObjectValue Values { get; }

    public IReadOnlyList<string> Lines { get; }

    public ObjectValue ChartYaml { get; }

    /// <summary>Subcharts from Chart.yaml <c>dependencies</c>: values key (alias or name) and the subchart's defaults where ../shared has them.</summary>
    public IReadOnlyDictionary<string, ChartDefaults?> Subcharts =>
        (ChartYaml["dependencies"] as ListValue)?.Items.OfType<ObjectValue>().ToDictionary(
            d => ((d["alias"] ?? d["name"]) as StringValue)!.Text,
            d => Find(((StringValue)d["name"]!).Text, (d["version"] as StringValue)?.Text ?? string.Empty),
            StringComparer.Ordinal) ?? new Dictionary<string, ChartDefaults?>();

    /// <summary>The defaults of a chart version, or null when ../shared has no such folder.</summary>
    public static ChartDefaults? Find(string chart, string version)
    {
        lock (Gate)
        {
            var key = $"{chart}/{version}";
            if (!Cache.TryGetValue(key, out var defaults))
            {
                var directory = Path.Combine(Repo.SharedDirectory, "charts", chart, version);
                defaults = File.Exists(Path.Combine(directory, "values.yaml")) ? new ChartDefaults(chart, version, directory) : null;
                Cache[key] = defaults;
            }

            return defaults;
        }
    }

    /// <summary>The default at a dotted path; keys that contain dots themselves (<c>grafana.ini</c>) are matched whole.</summary>
    public Value? At(string path)
    {
        Value? current = Values;
        var rest = path;
        while (rest.Length > 0)
        {
            var step = rest;
            var matches = current is ObjectValue map
                ? map.Entries.Where(e => step == e.Key || step.StartsWith($"{e.Key}.", StringComparison.Ordinal)).OrderByDescending(e => e.Key.Length).ToList()
                : [];
            if (matches.Count == 0)
            {
                return null;
            }

            current = matches[0].Value;
            rest = rest.Length == matches[0].Key.Length ? string.Empty : rest[(matches[0].Key.Length + 1)..];
        }

        return current;
    }

    /// <summary>True when values.yaml has a commented-out line for <paramref name="key"/> (<c># key:</c>).</summary>
    public bool DocumentsInComment(string key) =>
        Lines.Any(line => line.TrimStart().StartsWith('#') && line.TrimStart('#', ' ', '\t').StartsWith($"{key}:", StringComparison.Ordinal));
}
