using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The pods of the kube-prometheus-stack release, read from its merged values: operator, Prometheus,
/// kube-state-metrics, and the subcharts when someone turns them on. Alertmanager's pods are read by
/// <see cref="Alertmanager"/>, which owns them.
/// </summary>
internal static class KubePrometheusWorkloads
{
    public static IEnumerable<WorkloadFootprint> Read(Resource chart)
    {
        var values = ChartWorkloads.Values(chart);
        var component = chart.Component;
        if (ValueAccess.Flag(values, ChartDefaults.KubePrometheusPartEnabled, "prometheusOperator", "enabled"))
        {
            yield return new(component, "prometheus-operator", ChartWorkloads.Deployment, ChartDefaults.PrometheusOperatorReplicas,
                [ContainerFootprint.FromResources("prometheus-operator", ValueAccess.At(values, "prometheusOperator", "resources"))], []);
        }

        if (ValueAccess.Flag(values, ChartDefaults.KubePrometheusPartEnabled, "prometheus", "enabled"))
        {
            var spec = ValueAccess.At(values, "prometheus", "prometheusSpec");
            var pods = ValueAccess.Count(spec, ChartDefaults.KubePrometheusSpecReplicas, "replicas") * ValueAccess.Count(spec, ChartDefaults.PrometheusShards, "shards");
            yield return new(component, "prometheus", ChartWorkloads.StatefulSet, pods,
                [ContainerFootprint.FromResources("prometheus", ValueAccess.At(spec, "resources")), ConfigReloader(values)],
                ChartWorkloads.ClaimTemplate("prometheus-db", ValueAccess.At(spec, "storageSpec")))
            {
                Spread = OperatorSpread(spec, ValueAccess.Flag(values, false, "prometheus", "podDisruptionBudget", "enabled")),
            };
        }

        if (ValueAccess.Flag(values, ChartDefaults.KubePrometheusPartEnabled, "kubeStateMetrics", "enabled"))
        {
            var ksm = ValueAccess.At(values, "kube-state-metrics");
            yield return new(component, "kube-state-metrics", ChartWorkloads.Deployment, ValueAccess.Count(ksm, ChartDefaults.KubeStateMetricsReplicas, "replicas"),
                [ChartWorkloads.Container("kube-state-metrics", ksm)], []);
        }

        if (ValueAccess.Flag(values, ChartDefaults.KubePrometheusSubchartEnabled, "nodeExporter", "enabled"))
        {
            yield return new(component, "prometheus-node-exporter", ChartWorkloads.DaemonSet, null,
                [ChartWorkloads.Container("node-exporter", ValueAccess.At(values, "prometheus-node-exporter"))], []);
        }

        if (ValueAccess.Flag(values, ChartDefaults.KubePrometheusSubchartEnabled, "grafana", "enabled"))
        {
            yield return GrafanaWorkloads.Read(component, "grafana", ValueAccess.Object(values, "grafana") ?? ObjectValue.Empty);
        }
    }

    /// <summary>
    /// The chart's placement of a Prometheus or Alertmanager: <c>podAntiAffinity: hard</c> on the node
    /// (the chart's default topology key) and a zone spread in <c>topologySpreadConstraints</c>.
    /// </summary>
    public static WorkloadSpread OperatorSpread(Value? spec, bool disruptionBudget) => new(
        ValueAccess.Text(spec, "podAntiAffinity") == "hard" && (ValueAccess.Text(spec, "podAntiAffinityTopologyKey") ?? Placement.HostKey) == Placement.HostKey,
        ValueAccess.List(spec, "topologySpreadConstraints").Any(c => ValueAccess.Text(c, "topologyKey") == Placement.ZoneKey),
        disruptionBudget);

    /// <summary>The config reloader runs as a sidecar in every Prometheus and Alertmanager pod.</summary>
    public static ContainerFootprint ConfigReloader(ObjectValue values) =>
        ContainerFootprint.FromResources("config-reloader", ValueAccess.At(values, "prometheusOperator", "prometheusConfigReloader", "resources"));
}
