using YamlDotNet.RepresentationModel;

namespace Infra.Tests.Support;

/// <summary>Parses a generated program the way the YAML runtime does (first document, a mapping).</summary>
public static class ProgramYaml
{
    public static YamlMappingNode Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        Assert.Single(stream.Documents);
        var root = Assert.IsType<YamlMappingNode>(stream.Documents[0].RootNode);
        Assert.True(root.Children.ContainsKey(new YamlScalarNode("name")), "program has no name");
        Assert.True(root.Children.ContainsKey(new YamlScalarNode("resources")), "program has no resources");
        return root;
    }

    public static YamlMappingNode Resources(YamlMappingNode program) => (YamlMappingNode)program.Children[new YamlScalarNode("resources")];

    public static string? Scalar(YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var step in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(step), out var next))
            {
                return null;
            }

            current = next;
        }

        return (current as YamlScalarNode)?.Value;
    }
}
