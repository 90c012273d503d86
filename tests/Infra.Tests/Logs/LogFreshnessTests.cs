using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Tests.Support;

namespace Infra.Tests.Logs;

/// <summary>
/// Log freshness (docs/log-pipeline.md): every stack's Fluent Bit sends a heartbeat through its Kafka output,
/// and Logstash indexes it (the LogsStopped alert counts it in the pipeline's events.out).
/// </summary>
public sealed class LogFreshnessTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryStacksFluentBitSendsAHeartbeatToKafka(string stack)
    {
        var config = new PipelineObjects(stack).FluentBitConfig;
        var sections = Regex.Split(config, @"\n(?=\[)").Select(s => s.Trim()).ToList();

        var heartbeat = Assert.Single(sections, s => s.StartsWith("[INPUT]", StringComparison.Ordinal) && Option(s, "Name") == "dummy");
        var tag = Option(heartbeat, "Tag");
        Assert.Equal(FluentBit.HeartbeatIntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), Option(heartbeat, "Interval_Sec"));
        Assert.Contains("\"heartbeat\":true", Option(heartbeat, "Dummy"), StringComparison.Ordinal);
        Assert.Equal("filesystem", Option(heartbeat, "storage.type"));

        // The one log output is Kafka, and it takes both the heartbeat and the container logs (the other output
        // serves metrics: prometheus_exporter).
        var output = Assert.Single(sections, s => s.StartsWith("[OUTPUT]", StringComparison.Ordinal) && Option(s, "Name") != "prometheus_exporter");
        Assert.Equal("kafka", Option(output, "Name"));
        var match = new Regex(Option(output, "Match_Regex"));
        Assert.Matches(match, tag);
        Assert.Matches(match, "kube.var.log.containers.web-0_default_web-0123.log");
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void LogstashIndexesHeartbeatsSoEventsOutCountsThem(string stack)
    {
        var p = new PipelineObjects(stack);
        var pipelines = p.Compiled.Graph.Documents.Where(d => d.Path.StartsWith("logstash/pipelines/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pipelines);
        foreach (var pipeline in pipelines)
        {
            // A drop filter would keep heartbeats out of events.out (elastic/logstash#13593) and LogsStopped would fire on a quiet environment.
            Assert.DoesNotMatch(new Regex(@"^\s*drop\s*\{", RegexOptions.Multiline), pipeline.Content);
        }

        var rules = p.Compiled.Graph.RuleGroups.Single(g => g.Group.Name == "log-freshness").Group;
        Assert.Contains("logstash_stats_pipeline_events_out", Assert.Single(rules.Alerts).Expr, StringComparison.Ordinal);
    }

    private static string Option(string section, string option) =>
        section.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(option + " ", StringComparison.Ordinal))[(option.Length + 1)..].Trim();
}
