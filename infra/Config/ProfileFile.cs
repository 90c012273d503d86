using Infra.Model;
using Infra.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Infra.Config;

/// <summary>
/// The text of one profile file, read without the settings catalog (which its descriptions are built from):
/// <c>description</c>, the <c>settings</c>, <c>thresholds</c> and <c>workloads</c> mappings of plain values, and
/// <c>chartValues</c>: per chart, the Helm values of every stack of the profile.
/// Shape problems are kept, not thrown; <see cref="Profile"/> checks the values.
/// </summary>
internal sealed class ProfileFile
{
    private static readonly string[] Sections = ["description", "settings", "thresholds", "workloads", "chartValues"];

    private ProfileFile(string name, string source)
    {
        Name = name;
        Source = source;
    }

    public string Name { get; }

    public string Source { get; }

    public string Description { get; private set; } = string.Empty;

    public Dictionary<string, Entry> Settings { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Entry> Thresholds { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Entry> Workloads { get; } = new(StringComparer.Ordinal);

    /// <summary>Per chart name, the Helm values every stack of the profile gets on top of charts-values/&lt;chart&gt;/values.yaml.</summary>
    public SortedDictionary<string, ObjectValue> ChartValues { get; } = new(StringComparer.Ordinal);

    public List<string> Problems { get; } = [];

    /// <summary>A plain value and the line it is on.</summary>
    public sealed record Entry(string Text, long Line);

    public static ProfileFile Parse(string name, string source, string text)
    {
        var file = new ProfileFile(name, source);
        YamlNode? root;
        try
        {
            var stream = new YamlStream();
            using var reader = new StringReader(text);
            stream.Load(reader);
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException e) when (e.Message.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase))
        {
            file.Problems.Add($"{source}: line {e.Start.Line} sets a key a second time in the same mapping; keep one of the two lines.");
            return file;
        }
        catch (YamlException e)
        {
            file.Problems.Add($"{source} is not valid YAML (line {e.Start.Line}, column {e.Start.Column}); fix the syntax.");
            return file;
        }

        if (root is not YamlMappingNode top)
        {
            file.Problems.Add($"{source} must be a mapping with {string.Join(", ", Sections)}; compare it with infra/Profiles/{ProfileCatalog.DefaultName}.yaml.");
            return file;
        }

        foreach (var (keyNode, value) in top.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            switch (key)
            {
                case "description" when value is YamlScalarNode { Value: { Length: > 0 } description }:
                    file.Description = description;
                    break;
                case "description":
                    file.Problems.Add($"{source}: description (line {value.Start.Line}) must be one line of text saying what the profile is for.");
                    break;
                case "settings":
                    file.ReadSection(key, value, file.Settings);
                    break;
                case "thresholds":
                    file.ReadSection(key, value, file.Thresholds);
                    break;
                case "workloads":
                    file.ReadSection(key, value, file.Workloads);
                    break;
                case "chartValues":
                    file.ReadChartValues(value);
                    break;
                default:
                    file.Problems.Add($"{source}: '{key}' (line {keyNode.Start.Line}) is not a section of a profile; fix: use only {string.Join(", ", Sections)}.");
                    break;
            }
        }

        foreach (var missing in Sections.Where(s => !top.Children.ContainsKey(new YamlScalarNode(s))))
        {
            file.Problems.Add($"{source}: {missing} is missing; fix: add it (compare with infra/Profiles/{ProfileCatalog.DefaultName}.yaml).");
        }

        return file;
    }

    /// <summary>chartValues: a mapping of chart name to a mapping of Helm values (empty when the profile changes none).</summary>
    private void ReadChartValues(YamlNode node)
    {
        if (node is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return;
        }

        if (node is not YamlMappingNode mapping)
        {
            Problems.Add($"{Source}: chartValues (line {node.Start.Line}) must be a mapping of chart name to Helm values ({{}} when the profile changes none).");
            return;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            var chart = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (value is YamlMappingNode && TryConvert(value) is ObjectValue values)
            {
                ChartValues[chart] = values;
            }
            else
            {
                Problems.Add($"{Source}: chartValues.{chart} (line {keyNode.Start.Line}) must be a mapping of Helm values, as in the chart's values.yaml; fix: give it one or remove the line.");
            }
        }
    }

    private static Value? TryConvert(YamlNode node)
    {
        try
        {
            return YamlValueReader.Convert(node);
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidCastException)
        {
            return null;
        }
    }

    private void ReadSection(string section, YamlNode node, Dictionary<string, Entry> into)
    {
        if (node is not YamlMappingNode mapping)
        {
            Problems.Add($"{Source}: {section} (line {node.Start.Line}) must be a mapping of name to value.");
            return;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (value is YamlScalarNode { Value: { Length: > 0 } text } scalar && !(scalar.Style == ScalarStyle.Plain && text is "~" or "null" or "Null" or "NULL"))
            {
                into[key] = new Entry(text, keyNode.Start.Line);
            }
            else
            {
                Problems.Add($"{Source}: {section}.{key} (line {keyNode.Start.Line}) must be a single value (a number, size, duration or true/false); fix: give it one.");
            }
        }
    }
}
