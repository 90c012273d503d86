using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using Infra.Model;

namespace Infra.Diff;

/// <summary>
/// Reads the <c>resources</c> and <c>outputs</c> of a Pulumi YAML program (Main.yaml) into entries
/// by name. Works on the text alone, so it reads what any version of the compiler produced.
/// </summary>
public static class ProgramReader
{
    public static IReadOnlyDictionary<string, ProgramEntry> Resources(string program) => Section(program, "resources", withType: true);

    public static IReadOnlyDictionary<string, ProgramEntry> Outputs(string program) => Section(program, "outputs", withType: false);

    private static SortedDictionary<string, ProgramEntry> Section(string program, string section, bool withType)
    {
        var entries = new SortedDictionary<string, ProgramEntry>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(program))
        {
            return entries;
        }

        YamlMappingNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(program));
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlMappingNode;
        }
        catch (YamlException e)
        {
            throw new CompilationException($"{e.Start.Line}:{e.Start.Column}: a Main.yaml to compare is not valid YAML ({e.Message}).");
        }

        if (root is null || !root.Children.TryGetValue(new YamlScalarNode(section), out var node) || node is not YamlMappingNode mapping)
        {
            return entries;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? string.Empty;
            string? type = null;
            if (withType && value is YamlMappingNode declaration && declaration.Children.TryGetValue(new YamlScalarNode("type"), out var typeNode))
            {
                type = (typeNode as YamlScalarNode)?.Value;
            }

            entries[name] = new ProgramEntry(name, type, value);
        }

        return entries;
    }
}
