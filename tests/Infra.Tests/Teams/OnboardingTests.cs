using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Components.Teams;
using Infra.Config;
using Infra.Emitters;
using Infra.Model;
using Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests.Teams;

/// <summary>
/// docs/onboarding.md and its worked example (docs/examples/orders): the guide's commands run as written (paths
/// made absolute), and each step holds in the rendered programs of every stack whose on-call stack declares the
/// example's team: its monitor's namespace selected, its rules what promtool tests, its alert routed to the team,
/// its dashboard's ConfigMap where the controlplane's Grafana reads it, its logs' data view created.
/// </summary>
public sealed partial class OnboardingTests
{
    private static readonly string Guide = Path.Combine(Repo.Root, "docs", "onboarding.md");
    private static readonly string Example = Path.Combine(Repo.Root, "docs", "examples", "orders");

    /// <summary>The example's team, as the stacks declare it (the guide is about a declared team).</summary>
    private static Team ExampleTeam()
    {
        var ns = Manifest("servicemonitor.yaml").Namespace;
        var owners = Stacks.All.Select(id => (Id: id, Team: TeamFixture.Of(id).Owner(Stacks.SettingsOf(id).Environment, ns))).Where(o => o.Team is not null).ToList();
        Assert.True(owners.Count > 0, $"no stack's teams declare the example's namespace '{ns}': the guide's example must be a declared team");
        return owners[0].Team!;
    }

    [ToolFact("promtool amtool", "prometheus prometheus-alertmanager")]
    public void TheGuidesCommandsRunAsWritten()
    {
        var text = File.ReadAllText(Guide);
        var commands = ExercisedBlocks().Matches(text).SelectMany(m => m.Groups["body"].Value.Split('\n')).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        Assert.Contains(commands, c => c.StartsWith("promtool ", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.StartsWith("amtool ", StringComparison.Ordinal));
        var output = Path.Combine(Path.GetTempPath(), $"infra-onboarding-{Guid.NewGuid():N}");
        try
        {
            foreach (var command in commands)
            {
                var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(w => w.Replace("docs/", $"{Repo.Root}/docs/", StringComparison.Ordinal).Replace("out/", $"{output}/", StringComparison.Ordinal)).ToArray();
                if (words[0] == "dotnet")
                {
                    // dotnet run --project infra -- render --stack <s> --out <dir>: the CLI, in-process.
                    var args = words.SkipWhile(w => w != "--").Skip(1).ToArray();
                    var run = CliRun.Of(args);
                    Assert.True(run.ExitCode == 0, $"{command}: {run.Stderr}");
                    foreach (var config in Directory.GetFiles(output, "alertmanager.yaml", SearchOption.AllDirectories))
                    {
                        LocalAlertmanager.Adapt(config);
                    }

                    continue;
                }

                var (code, said) = Tools.Run(words[0], words[1..]);
                Assert.True(code == 0, $"{command}: {said}");
            }
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, true);
            }
        }
    }

    [Fact]
    public void TheExamplesPrometheusRuleHoldsTheRulesPromtoolTests()
    {
        var rule = Manifest("prometheusrule.yaml");
        var plain = Load("postgres.rules.yaml");
        Assert.Equal(Infra.Yaml.JsonText.Of(Infra.Yaml.YamlValueReader.Convert(plain.Children[new YamlScalarNode("groups")])),
            Infra.Yaml.JsonText.Of(Infra.Yaml.YamlValueReader.Convert(((YamlMappingNode)rule.Root.Children[new YamlScalarNode("spec")]).Children[new YamlScalarNode("groups")])));
        Assert.Equal(Manifest("servicemonitor.yaml").Namespace, rule.Namespace);
    }

    /// <summary>Every stack where the team has the example's namespace selects it, and routes its critical alert to the team.</summary>
    [Fact]
    public void TheExamplesMonitorIsSelectedAndItsAlertsAreTheTeams()
    {
        var team = ExampleTeam();
        var ns = Manifest("servicemonitor.yaml").Namespace;
        var checkedStacks = 0;
        foreach (var id in Stacks.All.Where(id => TeamFixture.Of(id).Owner(Stacks.SettingsOf(id).Environment, ns)?.Name == team.Name))
        {
            var compiled = Stacks.Compile(id);
            var values = GraphTests.ChartValues(compiled, KubePrometheus.ReleaseName);
            var selected = ((ListValue)((ObjectValue)((ListValue)((ObjectValue)values.At("prometheus.prometheusSpec.serviceMonitorNamespaceSelector")!)["matchExpressions"]!).Items[0])["values"]!).Items
                .Select(v => ((StringValue)v).Text);
            Assert.Contains(ns, selected);
            var alertmanager = compiled.Graph.Documents.Single(d => d.Path == "alertmanager/alertmanager.yaml").Content;
            Assert.Contains($"receiver: {team.SlackReceiver}", alertmanager, StringComparison.Ordinal);
            checkedStacks++;
        }

        Assert.True(checkedStacks > 0);
    }

    [Fact]
    public void TheExamplesDashboardIsWhereTheControlplanesGrafanaReadsIt()
    {
        var team = ExampleTeam();
        var dashboard = Manifest("dashboard.yaml");
        Assert.Equal(team.DashboardNamespace, dashboard.Namespace);
        var metadata = (YamlMappingNode)dashboard.Root.Children[new YamlScalarNode("metadata")];
        Assert.Equal(Grafana.DashboardLabelValue, ((YamlScalarNode)((YamlMappingNode)metadata.Children[new YamlScalarNode("labels")]).Children[new YamlScalarNode(Grafana.DashboardLabel)]).Value);
        Assert.Equal(team.DashboardFolder, ((YamlScalarNode)((YamlMappingNode)metadata.Children[new YamlScalarNode("annotations")]).Children[new YamlScalarNode(TeamDashboards.FolderAnnotation)]).Value);
        // The controlplanes that serve the team: at least one, or the dashboard is read by none and nothing is checked.
        var controlplanes = Stacks.AtLeastOne(StackRole.Controlplane).Where(id => TeamFixture.Of(id).Items.Any(t => t.Name == team.Name)).ToList();
        Assert.True(controlplanes.Count > 0, $"no controlplane serves the example's team '{team.Name}': its dashboard would be read by no Grafana");
        foreach (var id in controlplanes)
        {
            var grafana = GraphTests.ChartValues(Stacks.Compile(id), Grafana.ReleaseName);
            Assert.Contains(team.DashboardNamespace, ((ListValue)grafana.At("sidecar.dashboards.searchNamespace")!).Items.Select(v => ((StringValue)v).Text));
            Assert.Equal(TeamDashboards.FolderAnnotation, ((StringValue)grafana.At("sidecar.dashboards.folderAnnotation")!).Text);
            var setup = Stacks.Compile(id).Graph.Documents.Single(d => d.Path == "elasticsearch/setup/setup.sh").Content;
            Assert.Contains($"dataview-team-{team.Name}.json", setup, StringComparison.Ordinal);
        }
    }

    /// <summary>The guide's NetworkPolicy admits exactly the platform's Prometheus pods (their namespace and labels, as the program deploys them) to the example's exporter.</summary>
    [Fact]
    public void TheExamplesNetworkPolicyAdmitsThePlatformsPrometheus()
    {
        var (policy, ns) = Manifest("networkpolicy.yaml");
        Assert.Equal(Manifest("servicemonitor.yaml").Namespace, ns);
        var spec = (YamlMappingNode)policy.Children[new YamlScalarNode("spec")];
        var from = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)spec.Children[new YamlScalarNode("ingress")]).Children[0]).Children[new YamlScalarNode("from")]).Children[0];
        string Label(string selector, string key) => ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)from.Children[new YamlScalarNode(selector)]).Children[new YamlScalarNode("matchLabels")]).Children[new YamlScalarNode(key)]).Value!;
        Assert.Equal(Namespaces.Monitoring, Label("namespaceSelector", TeamMetrics.NamespaceNameLabel));
        var pods = ((YamlMappingNode)((YamlMappingNode)from.Children[new YamlScalarNode("podSelector")]).Children[new YamlScalarNode("matchLabels")]).Children;
        Assert.All(pods, p => Assert.Contains((((YamlScalarNode)p.Key).Value!, ((YamlScalarNode)p.Value).Value!), KubePrometheus.PrometheusPodLabels));
        Assert.NotEmpty(pods);
        // The pods it opens are the exporter's (the labels the ServiceMonitor's Service selects).
        var exporter = ((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Manifest("servicemonitor.yaml").Root.Children[new YamlScalarNode("spec")]).Children[new YamlScalarNode("selector")]).Children[new YamlScalarNode("matchLabels")]).Children;
        static List<string> Pairs(IEnumerable<KeyValuePair<YamlNode, YamlNode>> labels) => [.. labels.Select(l => $"{((YamlScalarNode)l.Key).Value}={((YamlScalarNode)l.Value).Value}").Order(StringComparer.Ordinal)];
        Assert.Equal(Pairs(exporter), Pairs(((YamlMappingNode)((YamlMappingNode)spec.Children[new YamlScalarNode("podSelector")]).Children[new YamlScalarNode("matchLabels")]).Children));
    }

    private static (YamlMappingNode Root, string Namespace) Manifest(string file)
    {
        var root = Load(file);
        var metadata = (YamlMappingNode)root.Children[new YamlScalarNode("metadata")];
        return (root, ((YamlScalarNode)metadata.Children[new YamlScalarNode("namespace")]).Value!);
    }

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Example, file))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>A bash block announced by an <c>&lt;!-- exercised: ... --&gt;</c> comment: this test runs it.</summary>
    [GeneratedRegex("<!-- exercised:[^>]*-->\\s*```bash\\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExercisedBlocks();
}
