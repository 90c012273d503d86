using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Policies;

/// <summary>
/// The charts' pods mount a service account token only when they call the API server: the written list below
/// names every chart release's pods, how the pinned chart decides the token (its switch and default, read in its
/// templates) and, for API clients, why. A token without RBAC still authenticates, and becomes a grant the day
/// someone binds that account. (The program's own pods: PodSecurityPolicyTests.)
/// </summary>
public sealed class ServiceAccountTokenPolicyTests
{
    /// <summary>A chart pod: whether it mounts a token under the merged values, and why it may (null: it must not).</summary>
    private sealed record ChartPod(string Name, Func<ObjectValue, bool> MountsToken, string? ApiClientBecause);

    private static readonly Dictionary<string, ChartPod[]> Charts = new(StringComparer.Ordinal)
    {
        [KubePrometheus.ReleaseName] =
        [
            // kube-prometheus-stack 88.5.3: the Prometheus and Alertmanager resources' spec.automountServiceAccountToken.
            new("prometheus", v => Flag(v, true, "prometheus", "prometheusSpec", "automountServiceAccountToken"), "Kubernetes service discovery lists endpoints, pods and services"),
            new("alertmanager", v => Flag(v, true, "alertmanager", "alertmanagerSpec", "automountServiceAccountToken"), null),
            new("prometheus-operator", v => Flag(v, true, "prometheusOperator", "automountServiceAccountToken"), "reconciles its custom resources"),
            new("kube-state-metrics", v => Flag(v, true, "kube-state-metrics", "automountServiceAccountToken"), "lists and watches the objects it reports"),
        ],
        // Chart 4.56.1 daemonset.yaml: serviceAccount.automountServiceAccountToken or kubeRBACProxy.enabled.
        [NodeExporter.ReleaseName] =
        [
            new("node-exporter", v => Flag(v, false, "serviceAccount", "automountServiceAccountToken") || Flag(v, false, "kubeRBACProxy", "enabled"),
                null),
        ],
        // Chart 0.58.1 _pod.tpl: the pod's automountServiceAccountToken only when serviceAccount's is set.
        [FluentBit.ReleaseName] = [new("fluent-bit", v => Flag(v, true, "serviceAccount", "automountServiceAccountToken"), "the kubernetes filter reads each pod's metadata")],
        [Kafka.ReleaseName] = [new("strimzi-cluster-operator", _ => true, "reconciles Kafka, its users and topics")],
        [Elasticsearch.OperatorRelease] = [new("elastic-operator", v => Flag(v, true, "automountServiceAccountToken"), "reconciles Elasticsearch, Kibana and Logstash")],
        // Chart 7.4.0: only a ServiceAccount the chart creates carries the switch; without one the pod runs as the
        // namespace's default account, with a token.
        ["elasticsearch-exporter"] =
        [
            new("elasticsearch-exporter", v => !Flag(v, false, "serviceAccount", "create") || Flag(v, true, "serviceAccount", "automountServiceAccountToken"), null),
        ],
        [Grafana.ReleaseName] = [new("grafana", v => Flag(v, true, "automountServiceAccountToken"), "the dashboard sidecar watches ConfigMaps")],
    };

    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void ChartPodsMountATokenOnlyWhenTheyCallTheApiServer(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var releases = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:helm.sh/v4:Chart").ToList();
        Assert.NotEmpty(releases);
        var problems = new List<string>();
        foreach (var release in releases)
        {
            var name = ((StringValue)release.Properties["name"]!).Text;
            if (!Charts.TryGetValue(name, out var pods))
            {
                problems.Add($"release {name} is not in the list: name its pods, how the chart decides their token, and which call the API server");
                continue;
            }

            var values = (ObjectValue)release.Properties["values"]!;
            problems.AddRange(pods.Where(p => p.ApiClientBecause is null && p.MountsToken(values))
                .Select(p => $"{name}: {p.Name} mounts a service account token but calls no API server; turn the chart's switch off"));
        }

        Assert.True(problems.Count == 0, $"{stack}:\n{string.Join('\n', problems)}");
    }

    /// <summary>The chart defaults give the listed non-clients a token: the switches above are what removes it.</summary>
    [Fact]
    public void TheChartDefaultsMountTokensTheListRefuses()
    {
        var defaults = ObjectValue.Empty;
        Assert.True(Charts[KubePrometheus.ReleaseName].Single(p => p.Name == "alertmanager").MountsToken(defaults));
        Assert.True(Charts["elasticsearch-exporter"].Single().MountsToken(defaults));
        Assert.False(Charts[NodeExporter.ReleaseName].Single().MountsToken(defaults));
    }

    private static bool Flag(ObjectValue values, bool fallback, params string[] path) =>
        values.At(string.Join('.', path)) is BoolValue b ? b.Flag : fallback;
}
