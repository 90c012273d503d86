namespace Infra.Model;

/// <summary>
/// The few chart defaults the footprint needs because the program's merged values may not set them
/// (Helm fills them in at install time). Each cites the chart's values.yaml and key at the pinned
/// version (infra/Model/Pins.cs); update them with the pin.
/// </summary>
internal static class ChartDefaults
{
    // kube-prometheus-stack 88.5.3 values.yaml.
    /// <summary><c>prometheus.enabled: true</c>, <c>alertmanager.enabled: true</c>, <c>prometheusOperator.enabled: true</c>, <c>kubeStateMetrics.enabled: true</c>.</summary>
    public const bool KubePrometheusPartEnabled = true;

    /// <summary><c>nodeExporter.enabled: true</c> and <c>grafana.enabled: true</c> (subcharts; the program turns both off).</summary>
    public const bool KubePrometheusSubchartEnabled = true;

    /// <summary><c>prometheus.prometheusSpec.replicas: 1</c> and <c>alertmanager.alertmanagerSpec.replicas: 1</c>.</summary>
    public const int KubePrometheusSpecReplicas = 1;

    /// <summary><c>prometheus.prometheusSpec.shards: 1</c> (pods = replicas × shards).</summary>
    public const int PrometheusShards = 1;

    /// <summary>The operator Deployment has no replicas key in values.yaml (<c>prometheusOperator</c>): one pod.</summary>
    public const int PrometheusOperatorReplicas = 1;

    /// <summary>kube-state-metrics 8.4.0 values.yaml <c>replicas: 1</c> (the kube-prometheus-stack subchart).</summary>
    public const int KubeStateMetricsReplicas = 1;

    /// <summary>strimzi-kafka-operator 1.2.0 values.yaml <c>replicas: 1</c>.</summary>
    public const int StrimziReplicas = 1;

    /// <summary>eck-operator 3.5.0 values.yaml <c>replicaCount: 1</c>.</summary>
    public const int EckOperatorReplicas = 1;

    /// <summary>grafana 12.11.1 values.yaml <c>replicas: 1</c>.</summary>
    public const int GrafanaReplicas = 1;

    /// <summary>grafana 12.11.1 values.yaml <c>persistence.size: 10Gi</c> (<c>persistence.enabled: false</c>).</summary>
    public const string GrafanaPersistenceSize = "10Gi";

    /// <summary>prometheus-elasticsearch-exporter 7.4.0 values.yaml <c>replicaCount: 1</c>; fluent-bit 0.58.1 <c>replicaCount: 1</c> (kind Deployment only).</summary>
    public const int ReplicaCount = 1;

    /// <summary>fluent-bit 0.58.1 values.yaml <c>kind: DaemonSet</c>.</summary>
    public const string FluentBitKind = "DaemonSet";

    /// <summary>strimzi-kafka-operator 1.2.0 values.yaml <c>resources</c> (user values merge over it, so its CPU limit stays unless nulled).</summary>
    public static ObjectValue StrimziResources { get; } = ObjectValue.Of(
        ("limits", ObjectValue.Of(("memory", "384Mi"), ("cpu", "1000m"))),
        ("requests", ObjectValue.Of(("memory", "384Mi"), ("cpu", "200m"))));

    /// <summary>eck-operator 3.5.0 values.yaml <c>resources</c> (same merge).</summary>
    public static ObjectValue EckOperatorResources { get; } = ObjectValue.Of(
        ("limits", ObjectValue.Of(("cpu", 1), ("memory", "1Gi"))),
        ("requests", ObjectValue.Of(("cpu", "100m"), ("memory", "150Mi"))));

    // Every other resources default the readers use is `resources: {}` in the pinned chart
    // (kube-prometheus-stack's operator, config reloader, Prometheus and Alertmanager specs;
    // kube-state-metrics, prometheus-node-exporter, fluent-bit, grafana and its sidecar,
    // prometheus-elasticsearch-exporter), so the merged values are the whole truth there.
}
