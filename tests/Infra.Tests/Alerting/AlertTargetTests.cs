using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Alerting;

/// <summary>
/// Alerts watch what the stack really deploys, and only what can happen there: the scrape jobs they
/// name exist, Kibana's Deployment is the one ECK makes, and the Kafka alerts follow the stack's
/// brokers and retention.
/// </summary>
public sealed partial class AlertTargetTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    /// <summary>
    /// A job named namespace/name is a PodMonitor's (Prometheus' default job label for it): one of the
    /// stack's own PodMonitors, or one a chart makes when switched on (named after its release, in its namespace).
    /// </summary>
    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryPodMonitorJobAnAlertNamesIsScrapedInThisStack(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var jobs = compiled.Graph.Resources
            .Where(r => r.Type == "kubernetes:yaml/v2:ConfigGroup")
            .SelectMany(r => ((ListValue)r.Properties["objs"]!).Items.Cast<ObjectValue>())
            .Where(o => o["kind"] is StringValue { Text: "PodMonitor" })
            .Select(o => $"{Text(o.At("metadata.namespace"))}/{Text(o.At("metadata.name"))}")
            .ToHashSet(StringComparer.Ordinal);
        foreach (var release in compiled.Graph.Resources.Where(r => r.Type == "kubernetes:helm.sh/v4:Chart"))
        {
            if (release.Properties["values"] is ObjectValue values && values.At("podMonitor.enabled") == new BoolValue(true))
            {
                var ns = Text(((ReferenceValue)release.Properties["namespace"]!).Target.Properties.At("metadata.name"));
                jobs.Add($"{ns}/{Text(release.Properties["name"])}");
            }
        }

        var named = compiled.Graph.RuleGroups.SelectMany(g => g.Group.Alerts)
            .SelectMany(a => PodMonitorJob().Matches(a.Expr).Select(m => (Alert: a.Name, Job: m.Groups[1].Value)))
            .ToList();
        Assert.Contains(named, n => n.Alert == "StrimziOperatorDown");
        Assert.Contains(named, n => n.Alert == "KafkaBrokersMissing");
        if (compiled.Settings.Role == StackRole.Controlplane)
        {
            Assert.Contains(named, n => n.Alert == "EckOperatorDown");
        }

        Assert.Empty(named.Where(n => !jobs.Contains(n.Job)).Select(n => $"{n.Alert} watches job {n.Job}, which nothing in {stack} scrapes (PodMonitor jobs: {string.Join(", ", jobs.Order(StringComparer.Ordinal))})"));
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void TheEckOperatorServesMetricsWhereItsPodMonitorScrapesThemOftenEnough(string controlplane)
    {
        var values = GraphTests.ChartValues(Stacks.Compile(controlplane), Elasticsearch.OperatorRelease);
        Assert.Equal(new BoolValue(true), values.At("podMonitor.enabled"));
        // The chart's 0 switches metrics off; the NetworkPolicy opens this port to Prometheus.
        Assert.Equal(new StringValue(Elasticsearch.OperatorMetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)), values.At("config.metrics.port"));
        // The chart's default 5m would leave 'up' without samples between scrapes (lookback 5m).
        Assert.Equal(new StringValue("30s"), values.At("podMonitor.interval"));
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void KibanaDownWatchesTheDeploymentEckMakesForKibana(string controlplane)
    {
        var compiled = Stacks.Compile(controlplane);
        var kibana = ((ListValue)compiled.Graph["kibana"].Properties["objs"]!).Items.Cast<ObjectValue>().Single(o => o["kind"] == new StringValue("Kibana"));
        var alert = Alert(compiled, "KibanaDown");
        // ECK names it <name>-kb (KBNamer in cloud-on-k8s) in the Kibana's namespace.
        Assert.Contains($"namespace=\"{Text(kibana.At("metadata.namespace"))}\",deployment=\"{Text(kibana.At("metadata.name"))}-kb\"", alert.Expr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Under min.insync.replicas is reported per partition by Kafka Exporter; with min.insync.replicas 1 it
    /// would mean a partition without any replica, which no exporter reports: the alert exists where it can fire.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllStacks))]
    public void KafkaUnderMinIsrExistsWhereMinInSyncReplicasAllowsItToFire(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var topic = GraphTests.KafkaObjects(compiled).Single(o => o["kind"] == new StringValue("KafkaTopic"));
        var minInSync = (int)((NumberValue)((ObjectValue)topic.At("spec.config")!)["min.insync.replicas"]!).Number;
        var alert = compiled.Graph.RuleGroups.SelectMany(g => g.Group.Alerts).SingleOrDefault(a => a.Name == "KafkaUnderMinIsr");
        if (minInSync < 2)
        {
            Assert.Null(alert);
        }
        else
        {
            Assert.NotNull(alert);
            Assert.Contains($"< {minInSync})", alert.Expr, StringComparison.Ordinal);
        }
    }

    /// <summary>KafkaBrokersMissing compares with the stack's brokers and can fire with any number of them, one included; KafkaClusterDown fires with none.</summary>
    [Theory]
    [MemberData(nameof(AllStacks))]
    public void KafkaBrokersMissingCountsTheStacksBrokersAndSeesTheLastOneGo(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var brokers = GraphTests.KafkaObjects(compiled)
            .Where(o => o["kind"] == new StringValue("KafkaNodePool") && ((ListValue)o.At("spec.roles")!).Items.Contains(new StringValue("broker")))
            .Sum(o => (int)((NumberValue)o.At("spec.replicas")!).Number);
        var alert = Alert(compiled, "KafkaBrokersMissing");
        Assert.EndsWith($"< {brokers}", alert.Expr, StringComparison.Ordinal);
        // Counted from the broker pods' own scrapes (Kafka Exporter's count is cached metadata); none answering counts as none.
        Assert.Contains($"count(up{{job=\"{Namespaces.Logging}/{Kafka.BrokerMonitorName}\",pod=~\"{Kafka.ClusterName}-{Kafka.BrokerPool}-[0-9]+\"", alert.Expr, StringComparison.Ordinal);
        Assert.Contains("or vector(0)", alert.Expr, StringComparison.Ordinal);
        Assert.EndsWith("== 0", Alert(compiled, KafkaRules.ClusterDownAlert).Expr, StringComparison.Ordinal);
    }

    [Fact]
    public void ARetentionThatFillsTheBrokerDiskPastTheAlertThresholdIsRefusedWithAFix()
    {
        var stack = Stacks.First(StackRole.Environment);
        var settings = Stacks.SettingsOf(stack);
        var replication = (int)((NumberValue)GraphTests.KafkaObjects(Stacks.Compile(stack)).Single(o => o["kind"] == new StringValue("KafkaTopic")).At("spec.replicas")!).Number;
        var perBroker = KafkaRetention.ReplicasPerBroker(settings, settings.Get(SettingsCatalog.KafkaBrokers), replication);
        var volume = Infra.Model.KubeQuantity.Parse(settings.Get(SettingsCatalog.KafkaStorageSize));
        var threshold = new RuleContext(settings).Thresholds.Get(Thresholds.KafkaDiskFreePercent, settings.Profile);

        // The largest retention.bytes that leaves the threshold free, and one byte per partition replica more.
        var fitting = (long)(decimal.Floor(volume * (100 - threshold) / 100 / perBroker) - KafkaRetention.SegmentBytes);
        var tooMuch = Overrides(fitting + 1);
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(stack, tooMuch));
        var problem = Assert.Single(error.Problems, p => p.Contains("KafkaBrokerDiskFilling", StringComparison.Ordinal));
        Assert.Contains($"fix: pulumi config set {SettingsCatalog.KafkaLogRetentionBytes.Key} {fitting} --stack {Stacks.NameOf(stack)}", problem, StringComparison.Ordinal);
        Stacks.CompileWith(stack, Overrides(fitting));
    }

    private static Dictionary<string, string> Overrides(long retentionBytes) => new()
    {
        [SettingsCatalog.KafkaLogRetentionBytes.Key] = retentionBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static AlertRule Alert(CompiledStack compiled, string name) =>
        compiled.Graph.RuleGroups.SelectMany(g => g.Group.Alerts).Single(a => a.Name == name);

    private static string Text(Value? value) => ((StringValue)value!).Text;

    [GeneratedRegex("job=\"([a-z0-9-]+/[a-z0-9-]+)\"")]
    private static partial Regex PodMonitorJob();
}
