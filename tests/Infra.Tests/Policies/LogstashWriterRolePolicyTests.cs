using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;
using Infra.Yaml;

namespace Infra.Tests.Policies;

/// <summary>
/// Logstash parses every environment's untrusted input, so its Elasticsearch user may only append to the data
/// streams its pipelines write: the cluster's role Secrets redefine ECK's predefined Logstash role (which manages
/// and reads every logs-* index) with no read, manage, delete or ILM privilege, on exactly the streams the rendered
/// pipelines name, each with what a data-stream write needs.
/// </summary>
public sealed partial class LogstashWriterRolePolicyTests
{
    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void LogstashsUserAppendsToExactlyTheStreamsItsPipelinesWrite(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var role = Role(compiled);

        Assert.Equal(LogstashWriterRole.ClusterPrivileges, Strings(role["cluster"]));
        Assert.Null(role["applications"]);
        Assert.Null(role["run_as"]);
        var indices = ((ListValue)role["indices"]!).Items.Cast<ObjectValue>().ToList();
        Assert.All(indices, entry =>
        {
            Assert.Null(entry["field_security"]);
            Assert.Equal(["auto_configure", "create_doc"], Strings(entry["privileges"]).Order(StringComparer.Ordinal));
        });
        var names = indices.SelectMany(i => Strings(i["names"])).ToList();
        Assert.All(names, n => Assert.DoesNotContain('*', n));

        var written = compiled.Graph.Documents.Where(d => d.Path.StartsWith("logstash/pipelines/", StringComparison.Ordinal))
            .SelectMany(d => WrittenStreams(d.Content)).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(written);
        Assert.Equal(written.Order(StringComparer.Ordinal), names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    /// <summary>The parser finds both ways a pipeline names a stream: the output's default and an add_field routing.</summary>
    [Fact]
    public void TheStreamParserReadsOutputsAndRoutings()
    {
        const string config = """
            mutate {
              add_field => {
                "[data_stream][type]" => "logs"
                "[data_stream][dataset]" => "team.a"
                "[data_stream][namespace]" => "dev"
              }
            }
            output {
              elasticsearch {
                data_stream_type => "logs"
                data_stream_dataset => "kubernetes"
                data_stream_namespace => "dev"
              }
            }
            """;
        Assert.Equal(["logs-kubernetes-dev", "logs-team.a-dev"], WrittenStreams(config).Order(StringComparer.Ordinal));
    }

    /// <summary>The role named like ECK's, from the role Secrets the Elasticsearch resource lists (exactly one defines it).</summary>
    private static ObjectValue Role(CompiledStack compiled)
    {
        var secrets = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:core/v1:Secret").Select(r => r.Properties).ToList();
        var listed = compiled.Graph.Resources.SelectMany(r => r.Properties["objs"] is ListValue objects ? objects.Items.Cast<ObjectValue>() : [])
            .Single(o => o["kind"] == new StringValue("Elasticsearch")).At("spec.auth.roles") as ListValue
            ?? throw new InvalidOperationException("no role Secrets on the Elasticsearch resource");
        var definitions = listed.Items.Select(e => Text(((ObjectValue)e)["secretName"]))
            .Select(name => (ObjectValue)YamlValueReader.Parse(Text(((ObjectValue)secrets.Single(s => s.At("metadata.name") == new StringValue(name))["stringData"]!)["roles.yml"])))
            .Where(d => d[LogstashWriterRole.Role] is not null)
            .ToList();
        return (ObjectValue)Assert.Single(definitions)[LogstashWriterRole.Role]!;
    }

    private static IEnumerable<string> WrittenStreams(string config) =>
        OutputStream().Matches(config).Concat(RoutedStream().Matches(config))
            .Select(m => $"{m.Groups["type"].Value}-{m.Groups["dataset"].Value}-{m.Groups["namespace"].Value}");

    [GeneratedRegex("""
        data_stream_type => "(?<type>[^"]+)"\s+data_stream_dataset => "(?<dataset>[^"]+)"\s+data_stream_namespace => "(?<namespace>[^"]+)"
        """)]
    private static partial Regex OutputStream();

    [GeneratedRegex("""
        "\[data_stream\]\[type\]" => "(?<type>[^"]+)"\s+"\[data_stream\]\[dataset\]" => "(?<dataset>[^"]+)"\s+"\[data_stream\]\[namespace\]" => "(?<namespace>[^"]+)"
        """)]
    private static partial Regex RoutedStream();

    private static List<string> Strings(Value? list) => list is ListValue l ? [.. l.Items.Select(Text)] : [];

    private static string Text(Value? value) => ((StringValue)value!).Text;
}
