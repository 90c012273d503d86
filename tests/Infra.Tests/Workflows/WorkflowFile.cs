using Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests.Workflows;

/// <summary>A workflow file under .github/workflows, parsed, with small accessors for jobs and steps.</summary>
internal sealed class WorkflowFile
{
    private WorkflowFile(string name, YamlMappingNode root)
    {
        Name = name;
        Root = root;
    }

    public string Name { get; }

    public YamlMappingNode Root { get; }

    public YamlMappingNode Jobs => (YamlMappingNode)Root["jobs"];

    public static IReadOnlyList<string> All { get; } = Directory.GetFiles(Path.Combine(Repo.Root, ".github", "workflows"), "*.yml")
        .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    public static WorkflowFile Load(string name)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Repo.Root, ".github", "workflows", name));
        stream.Load(reader);
        return new WorkflowFile(name, (YamlMappingNode)stream.Documents[0].RootNode);
    }

    public YamlMappingNode Job(string id) => (YamlMappingNode)Jobs[id];

    public static IReadOnlyList<YamlMappingNode> Steps(YamlMappingNode job) =>
        job.Children.TryGetValue(new YamlScalarNode("steps"), out var steps) ? ((YamlSequenceNode)steps).Children.Cast<YamlMappingNode>().ToList() : [];

    public static YamlMappingNode Step(YamlMappingNode job, string id) => Steps(job).Single(s => Text(s, "id") == id);

    public static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    /// <summary>A job's <c>needs</c>, as a list whether written as one name or several.</summary>
    public static IReadOnlyList<string> Needs(YamlMappingNode job) =>
        !job.Children.TryGetValue(new YamlScalarNode("needs"), out var needs) ? []
        : needs is YamlSequenceNode list ? list.Children.Select(n => ((YamlScalarNode)n).Value!).ToList()
        : [((YamlScalarNode)needs).Value!];

    /// <summary>Every mapping under a node (jobs, steps, with: blocks ...), depth first.</summary>
    public static IEnumerable<YamlMappingNode> Mappings(YamlNode node)
    {
        if (node is YamlMappingNode mapping)
        {
            yield return mapping;
        }

        var children = node switch
        {
            YamlMappingNode m => m.Children.Values,
            YamlSequenceNode s => s.Children,
            _ => (IEnumerable<YamlNode>)[],
        };
        foreach (var child in children)
        {
            foreach (var nested in Mappings(child))
            {
                yield return nested;
            }
        }
    }
}
