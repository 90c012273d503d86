using System.Globalization;
using System.Text;
using Infra.Components;
using Infra.Config;
using Infra.Tests.Support;

namespace Infra.Tests.Alerting;

/// <summary>
/// The guards against series that never existed, rendered from the compiler's own lists, with the real promtool on
/// every controlplane (a synthetic fleet's included): with every expected pipeline and federation job but one
/// reporting, exactly that one is missing; with all reporting, none. And the causal inhibitions name real alerts.
/// </summary>
public sealed class MissingSeriesGuardTests
{
    [ToolFact("promtool", "prometheus")]
    public void EveryExpectedPipelineAndFederatedEnvironmentIsGuarded()
    {
        var controlplanes = Stacks.Of(StackRole.Controlplane).ToList();
        Assert.NotEmpty(controlplanes);
        foreach (var stack in controlplanes)
        {
            Guarded(stack);
        }
    }

    private static void Guarded(string stack)
    {
        var settings = Stacks.Compile(stack).Settings;
        var environments = settings.Get(SettingsCatalog.Environments).Items.Order(StringComparer.Ordinal).ToList();
        // Every source's pipeline and the dead-letter pipeline, which is expected to run as well.
        var pipelines = environments.Prepend(settings.Stack).Append(Logstash.DeadLetterPipeline).ToList();
        Assert.NotEmpty(environments);

        using var rendered = new RenderedStack(stack);
        var test = new StringBuilder("rule_files:\n  - logstash.yaml\n  - federation.yaml\nevaluation_interval: 1m\ntests:\n");
        foreach (var (missingPipeline, missingJob) in new[] { (pipelines[^1], Federation.JobPrefix + environments[^1]), ((string?)null, (string?)null) })
        {
            test.Append("  - interval: 1m\n    input_series:\n");
            foreach (var pipeline in pipelines.Where(p => p != missingPipeline))
            {
                test.Append(CultureInfo.InvariantCulture, $"      - series: 'logstash_stats_pipeline_up{{namespace=\"{Namespaces.Logging}\",pod=\"logstash-ls-0\",pipeline=\"{pipeline}\"}}'\n        values: '1x30'\n");
            }

            foreach (var job in environments.Select(e => Federation.JobPrefix + e).Where(j => j != missingJob))
            {
                test.Append(CultureInfo.InvariantCulture, $"      - series: 'scrape_samples_scraped{{job=\"{job}\",instance=\"{job}:443\"}}'\n        values: '100x30'\n");
                test.Append(CultureInfo.InvariantCulture, $"      - series: 'up{{job=\"{job}\",instance=\"{job}:443\"}}'\n        values: '1x30'\n");
            }

            // The firing alerts as Prometheus records them (ALERTS), by the label that names what is missing.
            test.Append("    promql_expr_test:\n");
            Expect(test, "LogstashPipelineMissing", "pipeline", missingPipeline);
            Expect(test, FederationRules.EnvironmentMissingAlert, "job", missingJob);
        }

        var path = Path.Combine(rendered.RulesDirectory, "guards.test.yaml");
        File.WriteAllText(path, test.ToString());
        var (code, output) = Tools.Run("promtool", "test", "rules", path);
        Assert.True(code == 0, $"stack {stack}: {output}\n{test}");
    }

    [Fact]
    public void EveryCausalInhibitionNamesAlertsTheRulesHave()
    {
        var alerts = Stacks.All.SelectMany(s => Stacks.Compile(s).Graph.RuleGroups).SelectMany(g => g.Group.Alerts).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(CausalInhibitions.All);
        foreach (var inhibition in CausalInhibitions.All)
        {
            Assert.All(inhibition.Causes.Concat(inhibition.Effects), name => Assert.True(alerts.Contains(name), $"{inhibition.Name}: no rule named {name}"));
            Assert.Empty(inhibition.Causes.Intersect(inhibition.Effects));
            Assert.NotEmpty(inhibition.Equal);
        }
    }

    /// <summary>At 25 minutes (past every 'for'), the alert fires for exactly that value of the label, or not at all when null.</summary>
    private static void Expect(StringBuilder test, string alert, string label, string? value)
    {
        test.Append(CultureInfo.InvariantCulture, $"      - expr: count by ({label}) (ALERTS{{alertname=\"{alert}\",alertstate=\"firing\"}})\n        eval_time: 25m\n");
        test.Append(value is null ? "        exp_samples: []\n" : $"        exp_samples:\n          - labels: '{{{label}=\"{value}\"}}'\n            value: 1\n");
    }
}
