using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Policies;

/// <summary>
/// Every operator the platform installs (every chart that provides CRD API groups) watches only the
/// platform's namespaces: never "all namespaces" (an empty list in the ECK and Prometheus Operator
/// charts, watchAnyNamespace in Strimzi's), each namespace it watches is one the platform uses on that
/// stack, and every namespace holding custom resources of its groups is watched (else they would never be
/// reconciled).
/// </summary>
public sealed class OperatorScopePolicyTests
{
    private const string ChartType = "kubernetes:helm.sh/v4:Chart";

    /// <summary>How each operator chart's watched namespaces are read from its values (null: all namespaces); its own release namespace is passed in.</summary>
    private static readonly Dictionary<string, Func<ObjectValue, string, IReadOnlyList<string>?>> Scopes = new(StringComparer.Ordinal)
    {
        // eck-operator 3.5.0: managedNamespaces, empty means every namespace.
        ["eck-operator"] = (values, _) => Strings(values.At("managedNamespaces")) is { Count: > 0 } list ? list : null,

        // strimzi-kafka-operator 1.2.0: watchNamespaces plus the release namespace; watchAnyNamespace means every namespace.
        ["strimzi-kafka-operator"] = (values, own) => values.At("watchAnyNamespace") is BoolValue { Flag: false }
            ? [own, .. Strings(values.At("watchNamespaces"))]
            : null,

        // kube-prometheus-stack 88.5.3: prometheusOperator.namespaces {releaseNamespace, additional}; unset means every namespace.
        ["kube-prometheus-stack"] = (values, own) => values.At("prometheusOperator.namespaces") is ObjectValue scope && scope.Entries.Count > 0
            ? [.. scope["releaseNamespace"] is BoolValue { Flag: true } ? [own] : Array.Empty<string>(), .. Strings(scope["additional"])]
            : null,
    };

    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void EveryOperatorWatchesOnlyThePlatformsNamespacesAndAllOfThoseWithItsResources(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var platform = Namespaces.All.Where(n => n.Roles.Contains(compiled.Settings.Role)).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var resources = CustomResourceNamespaces(compiled.Graph);
        // Namespaces the program itself puts custom resources in (cert-manager's PodMonitor, say) count as used by the platform.
        platform.UnionWith(resources.Select(r => r.Namespace));
        // The declared teams' namespaces of this environment: kube-prometheus-stack watches them for the teams' monitors and rules.
        var teams = new Infra.Components.Teams.TeamsSource(Stacks.RootOf(stack)).For(compiled.Settings, []);
        platform.UnionWith(teams.In(compiled.Settings.Environment).SelectMany(t => t.NamespacesIn(compiled.Settings.Environment)));
        var operators = compiled.Graph.Resources.Where(r => r.Type == ChartType && r.ProvidesApiGroups.Count > 0).ToList();
        Assert.NotEmpty(operators);
        foreach (var release in operators)
        {
            var chart = ((StringValue)release.Properties["chart"]!).Text.Split('/')[^1];
            Assert.True(Scopes.TryGetValue(chart, out var scopeOf), $"{stack}: operator chart {chart} provides {string.Join(", ", release.ProvidesApiGroups)} but this test does not know how its watched namespaces are set; add it");
            var own = NamespaceOf(compiled.Graph, release);
            var watched = scopeOf!((ObjectValue)release.Properties["values"]!, own);
            Assert.True(watched is not null, $"{stack}: {chart} watches every namespace of the cluster");
            foreach (var ns in watched!)
            {
                Assert.True(platform.Contains(ns) || (chart == "kube-prometheus-stack" && ns == KubePrometheus.KubeletServiceNamespace),
                    $"{stack}: {chart} watches {ns}, which the platform does not use");
            }

            foreach (var (group, ns) in resources.Where(r => release.ProvidesApiGroups.Contains(r.Group)))
            {
                Assert.True(watched.Contains(ns), $"{stack}: {chart} does not watch {ns}, where the program puts {group} resources");
            }
        }
    }

    /// <summary>
    /// The Prometheus Operator watches the teams' namespaces for their monitors and rules, but runs Prometheus,
    /// Alertmanager and ThanosRuler objects, and reads AlertmanagerConfigs, in its release namespace only; the
    /// Alertmanager merges no AlertmanagerConfig of another namespace (the chart's default selects every namespace).
    /// </summary>
    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void ThePrometheusOperatorRunsAndMergesOnlyThePlatformsInstancesAndAlertmanagerConfigs(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var release = compiled.Graph.Resources.Single(r => r.Type == ChartType && ((StringValue)r.Properties["chart"]!).Text.Split('/')[^1] == "kube-prometheus-stack");
        var own = NamespaceOf(compiled.Graph, release);
        var values = (ObjectValue)release.Properties["values"]!;
        foreach (var key in new[] { "prometheusInstanceNamespaces", "alertmanagerInstanceNamespaces", "alertmanagerConfigNamespaces", "thanosRulerInstanceNamespaces" })
        {
            Assert.Equal([own], Strings(values.At($"prometheusOperator.{key}")));
        }

        var selector = Assert.IsType<ObjectValue>(values.At("alertmanager.alertmanagerSpec.alertmanagerConfigNamespaceSelector"));
        var only = Assert.Single(Assert.IsType<ObjectValue>(selector["matchLabels"]).Entries);
        Assert.Equal(("kubernetes.io/metadata.name", own), (only.Key, ((StringValue)only.Value).Text));
        Assert.Single(selector.Entries);
    }

    /// <summary>The group and namespace of every namespaced custom resource the program declares (read here from the graph, independently of the compiler).</summary>
    private static List<(string Group, string Namespace)> CustomResourceNamespaces(ResourceGraph graph)
    {
        var found = new List<(string, string)>();
        foreach (var resource in graph.Resources)
        {
            var objects = resource.Type == "kubernetes:yaml/v2:ConfigGroup"
                ? ((ListValue)resource.Properties["objs"]!).Items.Cast<ObjectValue>().Select(o => (Api: ((StringValue)o["apiVersion"]!).Text, Object: o))
                : resource.Type.StartsWith("kubernetes:", StringComparison.Ordinal) && resource.Type != ChartType
                    ? [(Api: resource.Type.Split(':')[1], Object: resource.Properties)]
                    : [];
            foreach (var (api, obj) in objects)
            {
                if (api.Contains('/', StringComparison.Ordinal) && obj.At("metadata.namespace") is StringValue ns)
                {
                    found.Add((api[..api.IndexOf('/', StringComparison.Ordinal)], ns.Text));
                }
            }
        }

        return found;
    }

    private static string NamespaceOf(ResourceGraph graph, Resource release) => release.Properties["namespace"] switch
    {
        StringValue s => s.Text,
        ReferenceValue r => ((StringValue)r.Target.Properties.At("metadata.name")!).Text,
        var other => throw new InvalidOperationException($"{release.Name}: namespace {other}"),
    };

    private static IReadOnlyList<string> Strings(Value? value) => value is ListValue list ? [.. list.Items.Cast<StringValue>().Select(s => s.Text)] : [];

    /// <summary>
    /// kube-state-metrics never gets the secrets collector: the chart renders list/watch on every Secret of the
    /// cluster for it from <c>collectors</c> (a list returns the data), and nothing reads kube_secret_*.
    /// </summary>
    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void KubeStateMetricsCannotReadSecrets(string stack)
    {
        var values = GraphTests.ChartValues(Stacks.Compile(stack), "kube-prometheus");
        var collectors = Assert.IsType<ListValue>(values.At("kube-state-metrics.collectors"), exactMatch: false);
        Assert.NotEmpty(collectors.Items);
        Assert.DoesNotContain(new StringValue("secrets"), collectors.Items);
    }
    /// <summary>
    /// ECK's operator holds no cluster-wide rights on Secrets: its chart renders no ClusterRole (Roles per managed
    /// namespace instead), so the webhook and the storage class check, which the chart refuses without one, are
    /// off; the one ClusterRole the program binds to its service account reads nodes and nothing else.
    /// </summary>
    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void TheEckOperatorHoldsNoClusterWideRightsButReadingNodes(string stack)
    {
        var compiled = Stacks.Compile(stack);
        if (!compiled.Graph.Resources.Any(r => r.Type == ChartType && r.Name == $"{Elasticsearch.OperatorRelease}-chart"))
        {
            return;
        }

        var values = GraphTests.ChartValues(compiled, Elasticsearch.OperatorRelease);
        Assert.Equal(new BoolValue(false), values.At("createClusterScopedResources"));
        Assert.Equal(new BoolValue(false), values.At("webhook.enabled"));
        Assert.Equal(new BoolValue(false), values.At("config.validateStorageClass"));

        var bindings = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"
            && (r.Properties.At("subjects") as ListValue)?.Items.Cast<ObjectValue>().Any(s => s["name"] == new StringValue(Elasticsearch.OperatorServiceAccount) && s["namespace"] == new StringValue(Namespaces.ElasticSystem)) == true).ToList();
        Assert.NotEmpty(bindings);
        foreach (var binding in bindings)
        {
            var roleName = binding.Properties.At("roleRef.name");
            var role = compiled.Graph.Resources.Single(r => r.Type == "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole" && r.Properties.At("metadata.name") == roleName);
            var rule = Assert.Single(((ListValue)role.Properties["rules"]!).Items.Cast<ObjectValue>());
            Assert.Equal(ListValue.Strings(["nodes"]), rule["resources"], ValueComparer.Instance);
            Assert.Equal(ListValue.Strings(["get", "list", "watch"]), rule["verbs"], ValueComparer.Instance);
        }
    }

    /// <summary>
    /// The Prometheus Operator keeps its chart's cluster-wide ClusterRole (Secrets, ConfigMaps and StatefulSets,
    /// every verb): the pinned kube-prometheus-stack offers no namespaced RBAC under prometheusOperator. This
    /// holds the documented residual to the pinned chart: a chart that gains the switch, or a new pin, fails
    /// here until the switch is used or docs/design-notes.md names the new version.
    /// </summary>
    [SharedFact]
    public void ThePrometheusOperatorsClusterWideRightsAreTheDocumentedResidual()
    {
        var version = Pins.KubePrometheusStack.Version;
        var path = Path.Combine(Repo.SharedDirectory, "charts", "kube-prometheus-stack", version, "values.yaml");
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)stream.Documents[0].RootNode;
        var operatorValues = (YamlDotNet.RepresentationModel.YamlMappingNode)root.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("prometheusOperator")];
        var rbac = operatorValues.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("rbac"), out var node) ? node as YamlDotNet.RepresentationModel.YamlMappingNode : null;
        Assert.True(rbac is null || !rbac.Children.ContainsKey(new YamlDotNet.RepresentationModel.YamlScalarNode("namespaced")),
            $"kube-prometheus-stack {version} has prometheusOperator.rbac.namespaced: use it for the operator and update docs/design-notes.md");
        var notes = File.ReadAllText(Path.Combine(Repo.Root, "docs", "design-notes.md"));
        Assert.Contains($"kube-prometheus-stack {version} has no namespaced RBAC for the Prometheus Operator", notes, StringComparison.Ordinal);
    }
}
