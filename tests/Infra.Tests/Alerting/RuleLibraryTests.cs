using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Alerting;

/// <summary>The rule library's contract: labels, annotations, durations, ownership, thresholds from config.</summary>
public sealed class RuleLibraryTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryAlertHasSeveritySummaryDescriptionRunbookAndForOfAtLeastAMinute(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var alerts = compiled.Graph.RuleGroups.SelectMany(g => g.Group.Alerts).ToList();
        Assert.NotEmpty(alerts);
        foreach (var alert in alerts)
        {
            Assert.False(string.IsNullOrWhiteSpace(alert.Summary), alert.Name);
            Assert.False(string.IsNullOrWhiteSpace(alert.Description), alert.Name);
            Assert.False(string.IsNullOrWhiteSpace(alert.FirstSteps), alert.Name);
            if (alert.Name != "Watchdog")
            {
                Assert.True(Duration(alert.For) >= TimeSpan.FromMinutes(1), $"{alert.Name} has for: {alert.For}");
            }
        }

        // The deployed form carries them as labels and annotations.
        var rendered = compiled.Graph.Documents.Where(d => d.Path.StartsWith("prometheus/rules/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rendered);
        foreach (var alert in alerts)
        {
            var file = Assert.Single(rendered, d => d.Content.Contains($"alert: {alert.Name}\n", StringComparison.Ordinal));
            Assert.Contains($"runbook_url: https://runbooks.observability.internal#{alert.Name.ToLowerInvariant()}", file.Content, StringComparison.Ordinal);

            // The alert's own block (up to the next rule) carries one of the three severities.
            var start = file.Content.IndexOf($"alert: {alert.Name}\n", StringComparison.Ordinal);
            var next = file.Content.IndexOf("\n  - ", start, StringComparison.Ordinal);
            var block = next < 0 ? file.Content[start..] : file.Content[start..next];
            Assert.Matches(@"\n      severity: (critical|warning|info)\n", block);
        }
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void RuleGroupsBelongToTheComponentsTheyWatch(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var owners = compiled.Graph.RuleGroups.ToDictionary(g => g.Group.Name, g => g.Component);
        Assert.Equal("NodeExporter", owners["node"]);
        Assert.Equal("KubePrometheus", owners["kubernetes-workloads"]);
        Assert.Equal("KubePrometheus", owners["prometheus"]);
        Assert.Equal("Alertmanager", owners["alertmanager"]);
        Assert.Equal("Alertmanager", owners["watchdog"]);
        Assert.Equal("FluentBit", owners["fluent-bit"]);
        Assert.Equal("Kafka", owners["kafka"]);
        if (compiled.Settings.Role == StackRole.Controlplane)
        {
            Assert.Equal("Logstash", owners["logstash"]);
            Assert.Equal("Elasticsearch", owners["elasticsearch"]);
            Assert.Equal("Kibana", owners["kibana"]);
        }

        // Each group is deployed as a PrometheusRule after the operator's CRDs.
        foreach (var component in owners.Values.Distinct())
        {
            var rules = compiled.Graph.Resources.Where(r => r.Component == component && r.Name.EndsWith("-rules", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(rules);
            Assert.All(rules, r => Assert.Contains(r.Options.DependsOn, d => d.Name == "kube-prometheus-chart"));
        }
    }

    /// <summary>
    /// A symptom with a warning and a critical level is one alert name with a rule per severity, in one group, so
    /// that Alertmanager's inhibit rule (equal: alertname, cluster, namespace) lets the critical silence the
    /// warning; every product has at least one such tiered alert.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllStacks))]
    public void TieredAlertsHaveOneRulePerSeverityInOneGroupAndEveryProductHasOne(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var rules = compiled.Graph.RuleGroups.SelectMany(g => g.Group.Alerts.Select(a => (g.Component, Group: g.Group.Name, Alert: a))).ToList();
        var tiered = rules.GroupBy(r => r.Alert.Name).Where(t => t.Count() > 1).ToList();
        foreach (var tiers in tiered)
        {
            Assert.Single(tiers.Select(t => t.Group).Distinct());
            Assert.Equal(tiers.Count(), tiers.Select(t => t.Alert.Severity).Distinct().Count());
            Assert.Contains(tiers, t => t.Alert.Severity == Severity.Critical);
            Assert.Contains(tiers, t => t.Alert.Severity == Severity.Warning);
        }

        var products = new List<string> { "Kafka", "FluentBit", "KubePrometheus", "Alertmanager", "NodeExporter" };
        if (compiled.Settings.Role == StackRole.Controlplane)
        {
            products.AddRange(["Elasticsearch", "Logstash"]);
        }

        Assert.All(products, p => Assert.Contains(tiered, t => t.First().Component == p));
    }

    public static TheoryData<string> ProductionStacks() => Stacks.Data(null, Profile.Production);

    [Theory]
    [MemberData(nameof(ProductionStacks))]
    public void ThresholdsComeFromStackConfig(string stack)
    {
        var compiled = Stacks.CompileWith(stack, new Dictionary<string, string>
        {
            [SettingsCatalog.AlertThresholdValues.Key] = "{\"nodeCpuHighPercent\": 97, \"kafkaConsumerLagSeconds\": 120}",
        });
        // A tiered alert has one rule per severity under one name.
        var alerts = compiled.Graph.RuleGroups.SelectMany(g => g.Group.Alerts).ToDictionary(a => (a.Name, a.Severity));
        Assert.EndsWith("> 97", alerts[("NodeHighCpuUsage", Severity.Warning)].Expr, StringComparison.Ordinal);
        Assert.EndsWith("> 120", alerts[("KafkaConsumerLagTimeHigh", Severity.Warning)].Expr, StringComparison.Ordinal);

        // Untouched thresholds keep the production default documented in docs/configuration.md.
        Assert.EndsWith("> 90", alerts[("NodeHighMemoryUsage", Severity.Warning)].Expr, StringComparison.Ordinal);
    }

    [Fact]
    public void AMisspelledThresholdIsAnErrorWithASuggestion()
    {
        var error = Assert.Throws<Infra.Model.CompilationException>(() => Stacks.CompileWith(Stacks.First(null), new Dictionary<string, string>
        {
            [SettingsCatalog.AlertThresholdValues.Key] = "{\"nodeCpuHighPrecent\": 97}",
        }));
        Assert.Contains(error.Problems, p => p.Contains("unknown threshold 'nodeCpuHighPrecent' (did you mean 'nodeCpuHighPercent'?", StringComparison.Ordinal));
    }

    private static TimeSpan Duration(string text) => text[^1] switch
    {
        's' => TimeSpan.FromSeconds(int.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture)),
        'm' => TimeSpan.FromMinutes(int.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture)),
        'h' => TimeSpan.FromHours(int.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new FormatException(text),
    };
}
