using System.Globalization;
using System.Text.Json;
using Infra.Components;
using Infra.Model;
using Infra.Tests.Alerting;
using Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests.Fleet;

/// <summary>
/// The node-count alerts of a fleet's Elasticsearch (dedicated masters above
/// <see cref="Elasticsearch.MostNodesWithoutDedicatedMasters"/> data nodes): their thresholds are the rendered
/// node sets' counts by role, and with the real promtool a missing data node or master fires its alert.
/// The sample controlplane has no dedicated masters, so the promtool unit tests (fixed stacks in tests/promtool/stacks) cannot show the master alert.
/// </summary>
public sealed partial class FleetScaleTests
{
    [ToolFact("promtool", "prometheus")]
    public void ElasticsearchNodeAlertsCountDataNodesAndMastersSeparately()
    {
        var (_, compiled) = Hundred.Value;
        var nodeSets = ValueAccess.List(CustomResources(compiled, "Elasticsearch").Single(), "spec", "nodeSets");
        int CountWith(Func<IReadOnlyList<string>, bool> roles) => nodeSets
            .Where(n => roles(ValueAccess.List(n, "config", "node.roles").Select(r => ((StringValue)r).Text).ToList()))
            .Sum(n => ValueAccess.Count(n, 0, "count"));

        // No node.roles: every role. Data nodes hold data; the masters are the nodes with the master role only.
        var data = CountWith(r => r.Count == 0 || r.Contains("data"));
        var masters = CountWith(r => r.Count == 1 && r[0] == "master");
        Assert.True(masters > 0, "the 100-environment controlplane has no dedicated master nodes: this test needs a fleet large enough for them");

        var alerts = compiled.Graph.RuleGroups.SelectMany(g => g.Group.Alerts).ToList();
        Assert.EndsWith($"elasticsearch_cluster_health_number_of_data_nodes{{namespace=\"{Namespaces.Elastic}\"}}) < {data}", alerts.Single(a => a.Name == "ElasticsearchNodesMissing").Expr, StringComparison.Ordinal);
        Assert.EndsWith($"< {masters}", alerts.Single(a => a.Name == ElasticsearchRules.MastersMissingAlert).Expr, StringComparison.Ordinal);

        using var rendered = new RenderedStack("fleet-100", compiled);
        string N(int n) => n.ToString(CultureInfo.InvariantCulture);

        // The rendered annotations of an alert with its templates filled in, as a YAML flow mapping (JSON strings).
        var rules = new YamlStream();
        rules.Load(new StringReader(File.ReadAllText(Path.Combine(rendered.RulesDirectory, "elasticsearch.yaml"))));
        string Expected(string alert, int value)
        {
            var rule = ((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)rules.Documents[0].RootNode)["groups"])[0])["rules"])
                .Cast<YamlMappingNode>().Single(r => r.Children.TryGetValue(new YamlScalarNode("alert"), out var name) && ((YamlScalarNode)name).Value == alert);
            var annotations = ((YamlMappingNode)rule["annotations"]).Children.Select(a =>
                $"{((YamlScalarNode)a.Key).Value}: {JsonSerializer.Serialize(((YamlScalarNode)a.Value).Value!.Replace("{{ $value }}", N(value), StringComparison.Ordinal).Replace("{{ $labels.es_cluster }}", "logs", StringComparison.Ordinal))}");
            return $"{{{string.Join(", ", annotations)}}}";
        }

        string Series(int all, int dataNodes) => $$"""
                  - series: 'elasticsearch_cluster_health_number_of_nodes{namespace="elastic",es_cluster="logs"}'
                    values: '{{N(all)}}x30'
                  - series: 'elasticsearch_cluster_health_number_of_data_nodes{namespace="elastic",es_cluster="logs"}'
                    values: '{{N(dataNodes)}}x30'
            """;
        var test = $$"""
            rule_files:
              - elasticsearch.yaml
            evaluation_interval: 1m
            tests:
              # One master gone, every data node there: only the master alert.
              - interval: 1m
                input_series:
            {{Series(data + masters - 1, data)}}
                alert_rule_test:
                  - eval_time: 10m
                    alertname: {{ElasticsearchRules.MastersMissingAlert}}
                    exp_alerts:
                      - exp_labels: {severity: warning, component: Elasticsearch, es_cluster: logs}
                        exp_annotations: {{Expected(ElasticsearchRules.MastersMissingAlert, masters - 1)}}
                  - {eval_time: 10m, alertname: ElasticsearchNodesMissing, exp_alerts: []}
              # One data node gone (number_of_nodes is still above the data nodes' count): only the data-node alert.
              - interval: 1m
                input_series:
            {{Series(data + masters - 1, data - 1)}}
                alert_rule_test:
                  - eval_time: 10m
                    alertname: ElasticsearchNodesMissing
                    exp_alerts:
                      - exp_labels: {severity: warning, component: Elasticsearch, es_cluster: logs}
                        exp_annotations: {{Expected("ElasticsearchNodesMissing", data - 1)}}
                  - {eval_time: 10m, alertname: {{ElasticsearchRules.MastersMissingAlert}}, exp_alerts: []}
              # Every node there: quiet.
              - interval: 1m
                input_series:
            {{Series(data + masters, data)}}
                alert_rule_test:
                  - {eval_time: 10m, alertname: ElasticsearchNodesMissing, exp_alerts: []}
                  - {eval_time: 10m, alertname: {{ElasticsearchRules.MastersMissingAlert}}, exp_alerts: []}

            """;
        var path = Path.Combine(rendered.RulesDirectory, "nodes.test.yaml");
        File.WriteAllText(path, test);
        var (code, output) = Tools.Run("promtool", ["test", "rules", path]);
        Assert.True(code == 0, output);
    }
}
