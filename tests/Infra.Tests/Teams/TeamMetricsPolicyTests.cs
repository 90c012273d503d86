using Infra.Components;
using Infra.Components.Teams;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Teams;

/// <summary>
/// What a namespace may add to a stack's Prometheus: monitors and rules are selected from the platform's
/// namespaces and the declared teams' only (a namespace nobody declared adds no target and no rule), the
/// operator watches those, every team object's series and alerts carry its own namespace (enforced), and the
/// enforced limits bound every scrape. For every cluster stack, with its own teams and with two synthetic ones.
/// </summary>
public sealed class TeamMetricsPolicyTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void OnlyPlatformAndDeclaredTeamNamespacesAddTargetsOrRules(string id)
    {
        var environment = Stacks.SettingsOf(id).Environment;
        foreach (var (teams, compiled) in new[] { (TeamFixture.Of(id), Stacks.Compile(id)), (TeamFixture.Two(environment), TeamFixture.Compile(id, TeamFixture.Two(environment))) })
        {
            var values = GraphTests.ChartValues(compiled, KubePrometheus.ReleaseName);
            var declared = teams.In(environment).SelectMany(t => t.NamespacesIn(environment)).ToHashSet(StringComparer.Ordinal);
            var platform = new RoutingTableNamespaces(compiled).Platform;

            foreach (var (kind, _) in TeamMetrics.Kinds)
            {
                var selector = values.At($"prometheus.prometheusSpec.{kind}NamespaceSelector");
                var selected = Selected(selector, kind);
                // Exactly the platform's namespaces and the declared teams': nothing else, and no empty selector (every namespace).
                Assert.Equal(platform.Concat(declared).Distinct().Order(StringComparer.Ordinal), selected.Order(StringComparer.Ordinal));
                Assert.DoesNotContain("undeclared-team", selected);
            }

            var watched = Assert.IsType<ListValue>(values.At("prometheusOperator.namespaces.additional")).Items.Select(v => ((StringValue)v).Text).ToList();
            Assert.Superset(declared.ToHashSet(), watched.ToHashSet());
            Assert.Equal(TeamMetrics.EnforcedLabel, ((StringValue)values.At("prometheus.prometheusSpec.enforcedNamespaceLabel")!).Text);
            var excluded = Assert.IsType<ListValue>(values.At("prometheus.prometheusSpec.excludedFromEnforcement")).Items
                .Select(v => ((StringValue)((ObjectValue)v)["namespace"]!).Text).ToHashSet(StringComparer.Ordinal);
            // The platform's aggregating rules are exempt; no team namespace is.
            Assert.Empty(excluded.Intersect(declared));
            Assert.Subset(platform.ToHashSet(), excluded);
            Assert.NotNull(values.At("prometheus.prometheusSpec.enforcedSampleLimit"));
            Assert.NotNull(values.At("prometheus.prometheusSpec.enforcedTargetLimit"));
            Assert.NotNull(values.At("prometheus.prometheusSpec.enforcedLabelLimit"));
        }
    }

    /// <summary>
    /// Under default-deny egress, Prometheus may reach the pods of every declared team namespace on any port
    /// (a team's monitors name their own ports), and no namespace nobody declared.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllStacks))]
    public void PrometheusMayScrapeDeclaredTeamNamespacesOnly(string id)
    {
        var environment = Stacks.SettingsOf(id).Environment;
        var teams = TeamFixture.Two(environment);
        var compiled = TeamFixture.Compile(id, teams);
        var policies = Infra.Tests.Policies.RenderedNetworkPolicies.Of(compiled.Graph);
        var prometheus = new Dictionary<string, string>(StringComparer.Ordinal) { ["app.kubernetes.io/name"] = "prometheus" };
        var anyPod = new Dictionary<string, string>(StringComparer.Ordinal);
        var declared = teams.In(environment).SelectMany(t => t.NamespacesIn(environment)).ToList();
        Assert.NotEmpty(declared);
        foreach (var ns in declared)
        {
            foreach (var port in new[] { 80, 8080, 9187 })
            {
                Assert.True(policies.EgressAllows(Namespaces.Monitoring, prometheus, ns, anyPod, "TCP", port), $"{id}: Prometheus may not scrape {ns}:{port}");
            }
        }

        Assert.False(policies.EgressAllows(Namespaces.Monitoring, prometheus, "undeclared-team", anyPod, "TCP", 9187), $"{id}: Prometheus may reach a namespace nobody declared");
    }

    /// <summary>A team's alerts carry its name as team label (set from the enforced namespace, whatever its rule wrote).</summary>
    [Fact]
    public void TeamAlertsAreLabelledWithTheirOwnerFromTheNamespace()
    {
        var teams = TeamFixture.Two("production");
        var relabel = TeamMetrics.AlertRelabelings(teams.Items, "production").Items.Cast<ObjectValue>().ToList();
        Assert.Equal(["alpha", "beta"], relabel.Select(r => ((StringValue)r["replacement"]!).Text));
        Assert.All(relabel, r => Assert.Equal("team", ((StringValue)r["target_label"]!).Text));
        Assert.Equal("alpha-api|alpha-db", ((StringValue)relabel[0]["regex"]!).Text);
    }

    private static List<string> Selected(Value? selector, string kind)
    {
        var expressions = Assert.IsType<ListValue>(Assert.IsType<ObjectValue>(selector)["matchExpressions"]).Items.Cast<ObjectValue>().ToList();
        var expression = Assert.Single(expressions);
        Assert.Equal(TeamMetrics.NamespaceNameLabel, ((StringValue)expression["key"]!).Text);
        Assert.True(((StringValue)expression["operator"]!).Text == "In", $"{kind}: selects by name");
        return [.. Assert.IsType<ListValue>(expression["values"]).Items.Select(v => ((StringValue)v).Text)];
    }

    /// <summary>The platform's namespaces of a compiled stack: its namespace resources, its prerequisites, and the namespaces its operator watches for it.</summary>
    private sealed class RoutingTableNamespaces(CompiledStack compiled)
    {
        public IReadOnlyList<string> Platform { get; } =
            [.. compiled.Graph.Resources.Where(r => r.Type == "kubernetes:core/v1:Namespace" && r.Component == Infra.Components.Platform.ComponentName).Select(r => ((StringValue)r.Properties.At("metadata.name")!).Text)
                .Concat(RoutingTable.PlatformPrerequisites).Concat(compiled.Graph.Resources.Where(r => r.Type.StartsWith("kubernetes:monitoring.coreos.com", StringComparison.Ordinal)).Select(r => ((StringValue)r.Properties.At("metadata.namespace")!).Text))
                .Distinct(StringComparer.Ordinal)];
    }
}
