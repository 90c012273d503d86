using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Policies;

/// <summary>
/// An environment's stack outputs are whatever that stack's state says (whoever may deploy it can publish anything),
/// so the controlplane never pastes one into text that something parses: Logstash's pipelines, JSON posted to
/// Elasticsearch, a relabelling regex. Outputs travel whole (a Secret's value, a scrape target, a username) and reach
/// Logstash as environment variables; labels, time zone and retention come from the environment's stack file.
/// </summary>
public sealed partial class StackOutputTrustPolicyTests
{
    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    /// <summary>A value that would end a Logstash string and start a plugin, or match every label value as a regex.</summary>
    private const string Hostile = "UTC\" } ruby { code => \"system('id')\" } date { timezone => \"UTC.*";

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void NoStackOutputIsPastedIntoConfigurationText(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var references = compiled.Graph.Resources.Where(r => r.Type == "pulumi:pulumi:StackReference").ToHashSet();
        Assert.NotEmpty(references);
        var problems = new List<string>();
        foreach (var resource in compiled.Graph.Resources.Where(r => !references.Contains(r)))
        {
            foreach (var (path, value) in Walk(resource.Properties, resource.Name))
            {
                // Allowed: a datasource URL that is the scheme and the environment's endpoint (only the deploy knows it; a
                // whole structured value, so it can point elsewhere but not add configuration).
                if (value is InterpolatedValue text && text.Parts.Any(p => p is ReferenceValue r && references.Contains(r.Target))
                    && !(path.EndsWith(".url", StringComparison.Ordinal) && text.Parts.OfType<StringValue>().All(s => s.Text == "https://")))
                {
                    problems.Add($"{path}: a stack output inside text ({Describe(text)})");
                }

                if (path.EndsWith(".regex", StringComparison.Ordinal) && value is ReferenceValue regex && references.Contains(regex.Target))
                {
                    problems.Add($"{path}: a stack output as a regex");
                }
            }
        }

        Assert.True(problems.Count == 0, $"{stack}:\n{string.Join('\n', problems)}");
    }

    /// <summary>
    /// The rendered pipelines, federation jobs and Elasticsearch setup with every stack output replaced by a hostile
    /// value read the same as with a harmless one: no output is in their text.
    /// </summary>
    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void HostileOutputsLeaveThePipelinesFiltersAndPoliciesUnchanged(string stack)
    {
        var documents = Stacks.Compile(stack).Graph.Documents
            .Where(d => d.Path.StartsWith("logstash/", StringComparison.Ordinal) || d.Path.StartsWith("elasticsearch/setup/", StringComparison.Ordinal) || d.Path == "prometheus/federation.yaml")
            .ToList();
        Assert.Contains(documents, d => d.Path.StartsWith("logstash/pipelines/", StringComparison.Ordinal));
        foreach (var document in documents)
        {
            var hostile = Output().Replace(document.Content, Hostile);
            var harmless = Output().Replace(document.Content, "harmless");
            // Scrape targets and usernames are whole YAML values in federation.yaml (Prometheus reads them as data).
            var structural = document.Path == "prometheus/federation.yaml"
                ? Output().Matches(document.Content).All(m => IsWholeYamlValue(document.Content, m))
                : hostile == harmless;
            Assert.True(structural, $"{stack}: {document.Path} pastes a stack output into its text:\n{string.Join('\n', Output().Matches(document.Content).Select(m => m.Value))}");
        }
    }

    /// <summary>An environment stack file's label that is not a label is refused, naming the file and the key.</summary>
    [Fact]
    public void AnInvalidLabelInAnEnvironmentsStackFileIsRefused()
    {
        var problems = new List<string>();
        var literals = EnvironmentLiterals.Of("controlplane", new StackIdentity("dev", "environment", "dev", string.Empty, ".*", "UTC\" } ruby {"), problems);
        Assert.Equal("dev", literals.Cluster);
        Assert.Equal("UTC", literals.LogTimeZone);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains(SettingsCatalog.ClusterLabel.Key, StringComparison.Ordinal) && p.Contains("stacks/Pulumi.dev.yaml", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(SettingsCatalog.LogTimeZone.Key, StringComparison.Ordinal));
        Assert.Equal(@"a\.\*\(b\)", EnvironmentLiterals.RegexLiteral("a.*(b)"));
    }

    private static bool IsWholeYamlValue(string content, Match match)
    {
        var lineStart = content.LastIndexOf('\n', match.Index) + 1;
        var lineEnd = content.IndexOf('\n', match.Index);
        var line = content[lineStart..(lineEnd < 0 ? content.Length : lineEnd)].Trim();
        return line == match.Value || line.EndsWith(": " + match.Value, StringComparison.Ordinal) || line == "- " + match.Value;
    }

    private static IEnumerable<(string Path, Value Value)> Walk(Value value, string path)
    {
        yield return (path, value);
        var children = value switch
        {
            ObjectValue o => o.Entries.Select(e => (Path: $"{path}.{e.Key}", Value: e.Value)),
            ListValue l => l.Items.Select((v, i) => (Path: $"{path}[{i}]", Value: v)),
            _ => [],
        };
        foreach (var (childPath, child) in children)
        {
            foreach (var item in Walk(child, childPath))
            {
                yield return item;
            }
        }
    }

    private static string Describe(InterpolatedValue text) =>
        string.Concat(text.Parts.Select(p => p is StringValue s ? (s.Text.Length > 40 ? s.Text[..40] + "..." : s.Text) : p is ReferenceValue r ? $"${{{r.Expression}}}" : "?"));

    [GeneratedRegex(@"\$\{environment-[a-z0-9-]+\.outputs\.[A-Za-z]+\}")]
    private static partial Regex Output();
}
