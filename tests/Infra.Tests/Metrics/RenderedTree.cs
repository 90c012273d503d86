using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests.Metrics;

/// <summary>
/// A rendered YAML or JSON file as plain data: mappings as ordered key/value lists, sequences as lists,
/// scalars as strings. String values that hold a JSON document (a dashboard in a ConfigMap) are parsed
/// too, so that what they embed is searched like a file.
/// </summary>
public static class RenderedTree
{
    public static object? Parse(string path, string text) =>
        path.EndsWith(".json", StringComparison.Ordinal) ? FromJson(JsonDocument.Parse(text).RootElement) : FromYaml(text);

    /// <summary>The value at a dotted path of mapping keys, or null.</summary>
    public static object? At(object? node, string dottedPath)
    {
        foreach (var key in dottedPath.Split('.'))
        {
            node = Get(node, key);
        }

        return node;
    }

    public static object? Get(object? node, string key) =>
        node is List<KeyValuePair<string, object?>> map ? map.FirstOrDefault(e => e.Key == key).Value : null;

    public static IEnumerable<string> Strings(object? node) => node is List<object?> list ? list.OfType<string>() : [];

    private static object? FromYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : FromYaml(stream.Documents[0].RootNode);
    }

    private static object? FromYaml(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.Select(e => new KeyValuePair<string, object?>(((YamlScalarNode)e.Key).Value ?? string.Empty, FromYaml(e.Value))).ToList(),
        YamlSequenceNode list => list.Children.Select(FromYaml).ToList(),
        YamlScalarNode scalar => Embedded(scalar.Value),
        _ => null,
    };

    private static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, FromJson(p.Value))).ToList(),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => Embedded(element.GetString()),
        JsonValueKind.Null => null,
        _ => element.GetRawText(),
    };

    private static object? Embedded(string? text)
    {
        if (text is { Length: > 1 } && text[0] == '{' && text[^1] == '}')
        {
            try
            {
                return new EmbeddedDocument(text, FromJson(JsonDocument.Parse(text).RootElement));
            }
            catch (JsonException)
            {
                return text;
            }
        }

        return text;
    }
}
