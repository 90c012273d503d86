using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Logs;

/// <summary>
/// A record librdkafka fails after out_kafka released its chunk moves no counter of Fluent Bit's own; the
/// log_to_metrics filter turns out_kafka's line about it into a counter that Prometheus scrapes and an alert
/// reads. Every link is checked: the line matches, the metric reaches an output on a port the chart opens and
/// the ServiceMonitor scrapes, and a critical alert reads that very name in Fluent Bit's namespace.
/// </summary>
public sealed class FluentBitDeliveryFailureTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    /// <summary>Lines as out_kafka writes them (fluent/fluent-bit v5.1.1 plugins/out_kafka/kafka.c, through flb_plg_warn).</summary>
    private static readonly string[] LossLines =
    [
        "[2026/12/06 08:00:00.123456789] [ warn] [output:kafka:kafka.0] message delivery failed: Broker: Topic authorization failed",
        "[2026/12/06 08:00:00.123456789] [ warn] [output:kafka:kafka.0] message delivery failed: Broker: Unknown topic or partition",
        "[2026/12/06 08:00:00.123456789] [ warn] [output:kafka:kafka.0] Failed to force flush: Local: Timed out",
    ];

    private static readonly string[] OrdinaryLines =
    [
        "[2026/12/06 08:00:00.123456789] [ info] [output:kafka:kafka.0] brokers='kafka-kafka-bootstrap.logging.svc:9093' topics='logs'",
        "[2026/12/06 08:00:00.123456789] [ warn] [output:kafka:kafka.0] internal queue is full, retrying in one second",
        "[2026/12/06 08:00:00.123456789] [debug] [output:kafka:kafka.0] message delivered (512 bytes, partition 3)",
    ];

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void OutKafkasDeliveryFailuresBecomeAScrapedCounterThatACriticalAlertReads(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var config = compiled.Graph.Documents.Single(d => d.Path == "fluent-bit/fluent-bit.conf").Content;
        var filter = Assert.Single(Sections(config, "FILTER"), s => s["Name"] == "log_to_metrics");
        Assert.Equal(FluentBit.SelfTag, filter["Match"]);
        Assert.Equal("counter", filter["metric_mode"]);
        var rule = filter["regex"].Split(' ', 2);
        Assert.Equal("log", rule[0]);
        var pattern = new Regex(rule[1], RegexOptions.CultureInvariant);
        Assert.All(LossLines, l => Assert.Matches(pattern, l));
        Assert.All(OrdinaryLines, l => Assert.DoesNotMatch(pattern, l));

        // The metrics leave through a prometheus_exporter output, not through Kafka.
        var tag = filter["Tag"];
        var outputs = Sections(config, "OUTPUT").ToList();
        var exporter = Assert.Single(outputs, o => o["Name"] == "prometheus_exporter");
        Assert.Equal(tag, exporter["Match"]);
        Assert.DoesNotMatch(Assert.Single(outputs, o => o["Name"] == "kafka")["Match_Regex"], tag);
        var port = int.Parse(exporter["Port"], System.Globalization.CultureInfo.InvariantCulture);

        // The chart opens that port on the pod and the Service, and the ServiceMonitor scrapes it on /metrics.
        var values = GraphTests.ChartValues(compiled, FluentBit.ReleaseName);
        var extra = Assert.Single(((ListValue)values.At("extraPorts")!).Items.Cast<ObjectValue>(), p => p["containerPort"] == new NumberValue(port));
        var endpoint = Assert.Single(((ListValue)values.At("serviceMonitor.additionalEndpoints")!).Items.Cast<ObjectValue>(), e => e["port"] == extra["name"]);
        Assert.Equal(new StringValue("/metrics"), endpoint["path"]);
        Assert.Equal(new BoolValue(true), values.At("serviceMonitor.enabled"));

        // log_to_metrics names the counter <metric_namespace>_<metric_subsystem>_<metric_name> (cmetrics adds no _total).
        var metric = $"{filter["metric_namespace"]}_{filter["metric_subsystem"]}_{filter["metric_name"]}";
        var alerts = compiled.Graph.RuleGroups.SelectMany(g => g.Group.Alerts).Where(a => a.Expr.Contains(metric, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(alerts);
        Assert.Contains(alerts, a => a.Severity == Severity.Critical);
        Assert.All(alerts, a => Assert.Contains($"{metric}{{namespace=\"{Namespaces.NodeAgents}\"}}", a.Expr, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void NoPodCanOptOutOfCollection(string stack)
    {
        // fluentbit.io/exclude would let any pod (an intruder's too) drop its own logs; Fluent Bit's own log is
        // kept out of the application input by its path, not by the annotation.
        var config = Stacks.Compile(stack).Graph.Documents.Single(d => d.Path == "fluent-bit/fluent-bit.conf").Content;
        var kubernetes = Assert.Single(Sections(config, "FILTER"), s => s["Name"] == "kubernetes");
        Assert.Equal("Off", kubernetes["K8S-Logging.Exclude"]);
    }

    /// <summary>Each [kind] section's options (the first word of a line is the key, the last such line wins; comments skipped).</summary>
    private static IEnumerable<Dictionary<string, string>> Sections(string config, string kind) =>
        config.Split('\n').Aggregate(new List<List<string>>(), (sections, line) =>
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith('['))
            {
                sections.Add([trimmed]);
            }
            else if (sections.Count > 0 && trimmed.Length > 0 && !trimmed.StartsWith('#'))
            {
                sections[^1].Add(trimmed);
            }

            return sections;
        })
        .Where(s => s[0] == $"[{kind}]")
        .Select(s => s.Skip(1).Select(l => l.Split(' ', 2)).GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last() is { Length: > 1 } p ? p[1].Trim() : string.Empty, StringComparer.Ordinal));
}
