using System.Globalization;
using Infra.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Infra.Yaml;

/// <summary>Reads a YAML document (Helm values, say) into a <see cref="Value"/> tree, keeping key order.</summary>
public static class YamlValueReader
{
    /// <summary>Parses YAML text; an empty document is an empty object.</summary>
    /// <exception cref="YamlException">The text is not valid YAML.</exception>
    public static Value Parse(string text)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(text);
        stream.Load(reader);
        return stream.Documents.Count == 0 ? ObjectValue.Empty : Convert(stream.Documents[0].RootNode);
    }

    public static Value Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => ObjectValue.Of(map.Children.Select(c =>
            new KeyValuePair<string, Value>(((YamlScalarNode)c.Key).Value ?? string.Empty, Convert(c.Value)))),
        YamlSequenceNode seq => ListValue.Of(seq.Children.Select(Convert)),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new InvalidOperationException($"unsupported YAML node {node.NodeType}"),
    };

    private static Value ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return new StringValue(text);
        }

        // Plain scalars follow the YAML 1.2 core schema, as Helm (sigs.k8s.io/yaml) reads them.
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return NullValue.Instance;
            case "true" or "True" or "TRUE":
                return new BoolValue(true);
            case "false" or "False" or "FALSE":
                return new BoolValue(false);
        }

        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number)
            && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.'))
        {
            return new NumberValue(number);
        }

        return new StringValue(text);
    }
}
