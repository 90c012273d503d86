using Infra.Tests.Support;

namespace Infra.Tests.Metrics;

/// <summary>
/// Metric-name conformance: every series selector of every PromQL expression the project renders (alerting
/// and recording rules, dashboard panels and variables, federation <c>match[]</c>, any other <c>expr</c>),
/// and of the chart's default alerts left on, names a metric that a recording rule of the project records
/// or that the exporter emitting it lists in its catalog (../shared/anchors/metrics, at the pinned
/// version), scraped as deployed (collectors, resources and flags the rendered Helm values switch on).
/// Parsed with Prometheus's own grammar (tests/promql), never with a regex.
/// </summary>
public sealed class MetricNameConformanceTests
{
    [PromqlFact]
    public void EveryMetricOurRulesDashboardsAndFederationReadIsEmittedAsDeployed()
    {
        var survey = MetricConformanceSurvey.Instance;
        Assert.True(survey.OwnFindings.Count == 0, Report("metric names no exporter emits as deployed", survey.OwnFindings));
    }

    [PromqlFact]
    public void EveryDefaultAlertOfTheChartLeftOnReadsMetricsEmittedAsDeployed()
    {
        var survey = MetricConformanceSurvey.Instance;
        Assert.True(
            survey.ChartFindings.Count == 0,
            Report("kube-prometheus-stack default alerts left on (UpstreamRuleMapping, controlPlane) read metrics not emitted as deployed: switch them off with the reason, or enable what they need", survey.ChartFindings));
    }

    [PromqlFact]
    public void EveryExceptionIsReasonedCitedAndStillNeeded()
    {
        var survey = MetricConformanceSurvey.Instance;
        Assert.All(MetricNameExceptions.All, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Reason), $"{e.Name}: no reason");
            Assert.Contains("github.com/", e.Citation, StringComparison.Ordinal);
        });
        Assert.Equal(MetricNameExceptions.All.Count, MetricNameExceptions.All.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count());
        var unused = survey.Checker.UnusedExceptions.Select(e => e.Name).ToList();
        Assert.True(unused.Count == 0, $"MetricNameExceptions entries that no expression needs any more (no expression reads them, or a catalog now lists them): remove {string.Join(", ", unused)}");
    }

    [PromqlFact]
    public void EveryKindOfExpressionIsFoundAndParses()
    {
        // The search must reach each place the project writes PromQL; if one moves, this says so.
        var survey = MetricConformanceSurvey.Instance;
        var locations = survey.Expressions.SelectMany(e => e.Locations).ToList();
        Assert.Contains(locations, l => l.StartsWith("prometheus/rules/", StringComparison.Ordinal) && l.Contains(": alert ", StringComparison.Ordinal));
        Assert.Contains(locations, l => l.StartsWith("prometheus/rules/", StringComparison.Ordinal) && l.Contains(": record ", StringComparison.Ordinal));
        Assert.Contains(locations, l => l.StartsWith("grafana/dashboards/", StringComparison.Ordinal));
        Assert.Contains(survey.Expressions, e => e.Kind == "grafana-variable");
        Assert.Contains(locations, l => l.StartsWith("prometheus/federation.yaml", StringComparison.Ordinal));
        Assert.All(survey.Parsed, p => Assert.True(p.Value.Error is null, $"{p.Key.Expr}: {p.Value.Error}"));
        Assert.Contains(survey.Parsed.Values, p => p.Selectors.Any(s => s.NameMatchers.Any(m => m.Op == "=~")));
    }

    [PromqlFact]
    public void TheParserReadsGrafanaVariablesAndTemplatingQueriesFromTheSyntaxTree()
    {
        var parsed = PromqlParser.Parse(
        [
            new("rate", "sum by (pod) (rate(a_total{environment=~\"$environment\"}[$__rate_interval])) / on (pod) group_left b{c=\"d\"}"),
            new("braces", "${metric}{job=\"x\"} > $__range_s"),
            new("name", "{__name__=~\"x_.+\", __name__!=\"x_y\"} or {\"quoted.name\"}"),
            new("label_values", "label_values(job:up:sum{environment!=\"\"}, environment)", "grafana-variable"),
            new("label_values_one", "label_values(environment)", "grafana-variable"),
            new("by_not_a_name", "sum by (not_a_metric) (c offset 5m)"),
            new("error", "sum(rate(a[5m])"),
        ]);
        Assert.Equal(["a_total", "b"], parsed[0].Selectors.Select(s => s.Name));
        Assert.True(parsed[0].Selectors[0].Matrix);
        Assert.Equal("metric", Assert.Single(parsed[1].Selectors).Variable);
        Assert.Equal([null, "quoted.name"], parsed[2].Selectors.Select(s => s.Name));
        Assert.Equal([new PromqlNameMatcher("=~", "x_.+"), new PromqlNameMatcher("!=", "x_y")], parsed[2].Selectors[0].NameMatchers);
        Assert.Equal("job:up:sum", Assert.Single(parsed[3].Selectors).Name);
        Assert.Empty(parsed[4].Selectors);
        Assert.Equal("c", Assert.Single(parsed[5].Selectors).Name);
        Assert.NotNull(parsed[6].Error);
    }

    [PromqlFact]
    public void ARuleReadingTheRemovedStrimziResourceStateIsRejectedNamingTheStrimziCatalog()
    {
        var problem = Assert.Single(Findings("sum by (kind, name) (strimzi_resource_state{kind=\"Kafka\"}) == 0", DeployedExporters.FromProgram(null)));
        Assert.Equal("strimzi_resource_state", problem.Metric);
        Assert.Contains("strimzi-1.2.0-operator.txt", problem.Problem, StringComparison.Ordinal);
        Assert.Contains("REMOVED in 1.2.0", problem.Problem, StringComparison.Ordinal);
    }

    [PromqlFact]
    public void AKafkaNameOnlyTheJmxExporterProducesIsRejected()
    {
        var jmxOnly = MetricCatalogs.Instance.JmxOnly;
        var name = jmxOnly.Names.Keys.First(n => n.StartsWith("kafka_server_", StringComparison.Ordinal));
        var problem = Assert.Single(Findings($"sum(rate({name}[5m]))", DeployedExporters.FromProgram(null)));
        Assert.Equal(name, problem.Metric);
        Assert.Contains(jmxOnly.File, problem.Problem, StringComparison.Ordinal);
    }

    [PromqlFact]
    public void AMetricOfANodeExporterCollectorThatIsOffByDefaultNeedsTheCollectorSwitchedOn()
    {
        var catalog = MetricCatalogs.Instance.Find("node-exporter");
        var name = catalog.Names.Keys.First(n => catalog.Meta(n, "default") == "off" && catalog.Meta(n, "collector") == "systemd");
        var expr = $"{name}{{state=\"failed\"}} == 1";

        var problem = Assert.Single(Findings(expr, DeployedExporters.FromProgram(null)));
        Assert.Contains("systemd collector is off by default", problem.Problem, StringComparison.Ordinal);
        Assert.Contains(catalog.File, problem.Problem, StringComparison.Ordinal);

        Assert.Empty(Findings(expr, DeployedExporters.FromProgram(ChartProgram("prometheus-node-exporter", "extraArgs: [--collector.systemd]"))));
    }

    [PromqlFact]
    public void AKubeStateMetricsResourceTheChartDoesNotCollectNeedsItInTheCollectors()
    {
        var catalog = MetricCatalogs.Instance.Find("kube-state-metrics");
        var name = catalog.Names.Keys.First(n => catalog.Meta(n, "chart8.4.0_collectors") == "no" && catalog.Meta(n, "opt_in") is null);
        var resource = catalog.Meta(name, "resource")!;

        var problem = Assert.Single(Findings(name, DeployedExporters.FromProgram(null)));
        Assert.Contains($"the {resource} resource", problem.Problem, StringComparison.Ordinal);
        Assert.Contains(catalog.File, problem.Problem, StringComparison.Ordinal);
        Assert.Empty(Findings(name, DeployedExporters.FromProgram(ChartProgram("kube-prometheus-stack", $"kube-state-metrics: {{collectors: [pods, {resource}]}}"))));
    }

    [PromqlFact]
    public void AnElasticsearchExporterMetricBehindAFlagTheChartDoesNotSetNeedsTheFlag()
    {
        var catalog = MetricCatalogs.Instance.Find("elasticsearch-exporter");
        var name = catalog.Names.Keys.First(n => catalog.Meta(n, "flag") == "--collector.slm");

        var problem = Assert.Single(Findings(name, DeployedExporters.FromProgram(ChartProgram("prometheus-elasticsearch-exporter", "es: {uri: http://es:9200}"))));
        Assert.Contains("--collector.slm", problem.Problem, StringComparison.Ordinal);
        Assert.Contains(catalog.File, problem.Problem, StringComparison.Ordinal);
        Assert.Empty(Findings(name, DeployedExporters.FromProgram(ChartProgram("prometheus-elasticsearch-exporter", "es: {slm: true}"))));
    }

    [PromqlFact]
    public void AStrimziCustomResourceMetricNeedsTheKubeStateMetricsConfigurationThatDefinesIt()
    {
        const string Expr = "max by (name) (strimzi_kafka_resource_info{condition=\"Ready\",status=\"True\"}) == 0";
        var problem = Assert.Single(Findings(Expr, DeployedExporters.FromProgram(ChartProgram("kube-prometheus-stack", "kube-state-metrics: {customResourceState: {enabled: false}}"))));
        Assert.Contains("custom-resource-state", problem.Problem, StringComparison.Ordinal);

        var config = "kube-state-metrics: {customResourceState: {enabled: true, config: {kind: CustomResourceStateMetrics, spec: {resources: [{groupVersionKind: {group: kafka.strimzi.io, version: v1, kind: Kafka}, metricNamePrefix: strimzi_kafka, metrics: [{name: resource_info}]}]}}}}";
        Assert.Empty(Findings(Expr, DeployedExporters.FromProgram(ChartProgram("kube-prometheus-stack", config))));
    }

    [PromqlFact]
    public void AnUnknownNameOfAPartialCatalogNeedsAnException()
    {
        var problem = Assert.Single(Findings("kafka_server_no_such_metric_total", DeployedExporters.FromProgram(null)));
        Assert.Contains("(partial)", problem.Problem, StringComparison.Ordinal);
        Assert.Contains("MetricNameExceptions", problem.Problem, StringComparison.Ordinal);
    }

    private static List<MetricFinding> Findings(string expr, DeployedExporters deployed)
    {
        var parse = Assert.Single(PromqlParser.Parse([new PromqlQuery("negative", expr)]));
        var checker = new MetricNameChecker(MetricCatalogs.Instance, [], new Dictionary<string, string>(), new Dictionary<string, string>());
        return checker.Check("test", "a rule written by the test", parse, new HashSet<string>(), deployed).ToList();
    }

    /// <summary>A program with one Helm chart resource of <paramref name="chart"/> given <paramref name="values"/> (flow-style YAML).</summary>
    private static object? ChartProgram(string chart, string values) => RenderedTree.Parse("Main.yaml", $$"""
        resources:
          chart:
            type: kubernetes:helm.sh/v4:Chart
            properties:
              chart: oci://registry.example.com/charts/{{chart}}
              values: { {{values}} }
        """);

    private static string Report(string title, IReadOnlyList<MetricFinding> findings) =>
        $"{findings.Count} {title}:\n" + string.Join("\n", findings.Select(f => "  " + f));
}
