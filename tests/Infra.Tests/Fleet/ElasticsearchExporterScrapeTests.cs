using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Fleet;

/// <summary>
/// The Elasticsearch exporter's scrape stays below the sample limit Prometheus enforces on it (past it the whole scrape
/// fails and every Elasticsearch alert goes dark): the per-index collectors off, only the thread pools the rules read
/// kept, the prediction checked by the compile, also for a generated 100-environment controlplane.
/// </summary>
public sealed partial class FleetScaleTests
{
    public static TheoryData<string> ControlplaneStacks() => Stacks.Data(StackRole.Controlplane);

    [Theory]
    [MemberData(nameof(ControlplaneStacks))]
    public void TheExporterScrapesNothingThatGrowsWithIndicesAndStatesItsSampleLimit(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var values = ExporterValues(compiled);
        // Per-index, per-shard, settings and mappings statistics: 78 series an index and 3 a shard copy (v1.11.0), read by nothing.
        foreach (var collector in new[] { "indices", "shards", "indices_settings", "indices_mappings" })
        {
            Assert.True(ValueAccess.At(values, "es", collector) is BoolValue { Flag: false }, $"stack '{stack}': es.{collector} is not switched off");
        }

        var limit = compiled.Settings.Get(SettingsCatalog.PrometheusEnforcedSampleLimit);
        Assert.Equal(limit, ValueAccess.Count(values, 0, "serviceMonitor", "sampleLimit"));
        Assert.Equal(ElasticsearchExporterSeries.Interval, ValueAccess.Text(values, "serviceMonitor", "interval"));

        // The sample compiles, so its prediction fits with the headroom; the rendered node sets are what the prediction counts.
        var series = ElasticsearchExporterSeries.For(compiled.Settings, Stacks.EnvironmentsOf(stack).Select(e => new EnvironmentFactsSource(Stacks.RootOf(stack)).For(Stacks.NameOf(e))).ToList());
        Assert.True(series.Fits, $"{series.Predicted} > {series.Allowed}");
        Assert.Equal(series.Nodes, RenderedElasticsearchNodes(compiled));
    }

    [Theory]
    [MemberData(nameof(ControlplaneStacks))]
    public void TheThreadPoolRelabellingKeepsEveryPoolARuleOrDashboardReads(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var relabel = ValueAccess.List(ExporterValues(compiled), "serviceMonitor", "metricRelabelings").OfType<ObjectValue>().ToList();
        var mark = relabel.Single(r => ValueAccess.Text(r, "targetLabel") == Elasticsearch.ThreadPoolKeptLabel);
        var kept = Regex.Match(ValueAccess.Text(mark, "regex")!, @";\((.+)\)$").Groups[1].Value.Split('|');
        Assert.Equal(ElasticsearchExporterSeries.ThreadPools.Order(StringComparer.Ordinal), kept.Order(StringComparer.Ordinal));

        // Every thread-pool type a rule or dashboard of the program selects is a kept one.
        var texts = compiled.Graph.RuleGroups.SelectMany(g => g.Group.Alerts.Select(a => a.Expr).Concat(g.Group.Recordings.Select(r => r.Expr)))
            .Concat(compiled.Graph.Documents.Where(d => d.Path.EndsWith(".json", StringComparison.Ordinal)).Select(d => d.Content));
        var read = texts.SelectMany(t => Regex.Matches(t, @"elasticsearch_thread_pool_[a-z_]+\{[^}]*type=\\?""([a-z_|]+)\\?""").Select(m => m.Groups[1].Value))
            .SelectMany(t => t.Split('|')).Distinct().ToList();
        Assert.NotEmpty(read);
        Assert.All(read, type => Assert.Contains(type, kept));
    }

    [Theory]
    [MemberData(nameof(ControlplaneStacks))]
    public void ALimitBelowThePredictedScrapeIsRefusedWithTheLimitThatHoldsIt(string stack)
    {
        var series = ElasticsearchExporterSeries.For(Stacks.SettingsOf(stack), Stacks.EnvironmentsOf(stack).Select(e => new EnvironmentFactsSource(Stacks.RootOf(stack)).For(Stacks.NameOf(e))).ToList());
        var tooLow = (series.Predicted - 1).ToString(CultureInfo.InvariantCulture);
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(stack, new Dictionary<string, string> { [SettingsCatalog.PrometheusEnforcedSampleLimit.Key] = tooLow }));
        var message = string.Join("\n", error.Problems);
        var fix = Regex.Match(message, $"Elasticsearch exporter.*pulumi config set {Regex.Escape(SettingsCatalog.PrometheusEnforcedSampleLimit.Key)} ([0-9]+)");
        Assert.True(fix.Success, message);
        Stacks.CompileWith(stack, new Dictionary<string, string> { [SettingsCatalog.PrometheusEnforcedSampleLimit.Key] = fix.Groups[1].Value });
    }

    [Fact]
    public void AHundredEnvironmentControlplanesExporterScrapeStaysBelowItsLimit()
    {
        // The generated fleet compiles (the check would refuse it otherwise); the prediction counts the rendered nodes
        // and at least every data stream's backing indices, and holds the headroom under the rendered sampleLimit.
        var (fleet, compiled) = Hundred.Value;
        var facts = new EnvironmentFactsSource(fleet.Root);
        var series = ElasticsearchExporterSeries.For(compiled.Settings, fleet.Names.Select(facts.For).ToList());
        Assert.Equal(RenderedElasticsearchNodes(compiled), series.Nodes);
        Assert.True(series.Indices >= fleet.Capacity().Shards.Streams, $"{series.Indices} indices for {fleet.Capacity().Shards.Streams} data streams");
        var limit = ValueAccess.Count(ExporterValues(compiled), 0, "serviceMonitor", "sampleLimit");
        Assert.True(series.Predicted <= limit * ElasticsearchExporterSeries.Headroom, $"{series.Predicted} samples predicted, sampleLimit {limit}");
    }

    [Theory]
    [MemberData(nameof(ControlplaneStacks))]
    public void DedicatedMastersGetAGiBOfHeapPer3000Indices(string stack)
    {
        // Ten years of the controlplane's own logs, rolled over every 3 days: some 3,700 indices on 9 data nodes (dedicated masters).
        var compiled = Stacks.CompileWith(stack, new Dictionary<string, string>
        {
            [SettingsCatalog.ElasticsearchNodes.Key] = "9",
            [SettingsCatalog.LogRetentionDays.Key] = "3650",
            [SettingsCatalog.LogRolloverDays.Key] = "3",
            [SettingsCatalog.LogCapacityShortfallAcknowledged.Key] = "true",
        });
        var indices = ElasticsearchExporterSeries.For(compiled.Settings, compiled.Contributions.EnvironmentFacts).Indices;
        Assert.True(indices > Elasticsearch.IndicesPerMasterHeapGiB, $"{indices} indices");
        var masters = ValueAccess.List(CustomResources(compiled, "Elasticsearch").Single(), "spec", "nodeSets").Single(n => ValueAccess.Text(n, "name") == Elasticsearch.MasterNodeSet);
        var memory = ValueAccess.List(masters, "podTemplate", "spec", "containers").OfType<ObjectValue>()
            .Select(c => ValueAccess.Quantity(c, "resources", "requests", "memory")).Single()!.Value;
        // Elasticsearch gives the heap half the container's memory.
        Assert.True(memory / 2 >= decimal.Ceiling(indices / (decimal)Elasticsearch.IndicesPerMasterHeapGiB) * GiB, $"{memory / GiB} GiB for {indices} indices");
    }

    private static ObjectValue ExporterValues(CompiledStack compiled) => ChartWorkloads.Values(compiled.Graph.Resources
        .Single(r => r.Type is "kubernetes:helm.sh/v4:Chart" or "kubernetes:helm.sh/v3:Release" && (r.Properties["chart"] as StringValue)?.Text == Pins.ElasticsearchExporter.Chart));

    private static int RenderedElasticsearchNodes(CompiledStack compiled) =>
        ValueAccess.List(CustomResources(compiled, "Elasticsearch").Single(), "spec", "nodeSets").Sum(n => ValueAccess.Count(n, 0, "count"));
}
