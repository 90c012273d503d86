namespace Infra.Model;

/// <summary>
/// Every version the platform depends on, in one place: Pulumi provider plugins and Helm charts.
/// Upgrading a chart is a one-line change here (then update the golden files).
/// </summary>
public static class Pins
{
    public const string KubernetesProvider = "4.32.0";
    public const string AwsProvider = "7.48.0";
    public const string RandomProvider = "4.21.1";

    public static IReadOnlyDictionary<string, string> Providers { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["aws"] = AwsProvider,
        ["kubernetes"] = KubernetesProvider,
        ["random"] = RandomProvider,
    };

    public static ChartPin KubePrometheusStack { get; } =
        new("kube-prometheus-stack", "88.5.3", "oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack", null);

    public static ChartPin PrometheusNodeExporter { get; } =
        new("prometheus-node-exporter", "4.56.1", "oci://ghcr.io/prometheus-community/charts/prometheus-node-exporter", null);

    public static ChartPin ElasticsearchExporter { get; } =
        new("prometheus-elasticsearch-exporter", "7.4.0", "oci://ghcr.io/prometheus-community/charts/prometheus-elasticsearch-exporter", null);

    public static ChartPin Grafana { get; } =
        new("grafana", "12.11.1", "oci://ghcr.io/grafana-community/helm-charts/grafana", null);

    public static ChartPin FluentBit { get; } =
        new("fluent-bit", "0.58.1", "oci://ghcr.io/fluent/helm-charts/fluent-bit", null);

    public static ChartPin StrimziKafkaOperator { get; } =
        new("strimzi-kafka-operator", "1.2.0", "oci://quay.io/strimzi-helm/strimzi-kafka-operator", null);

    public static ChartPin EckOperator { get; } =
        new("eck-operator", "3.5.0", "eck-operator", "https://helm.elastic.co");

    /// <summary>Elastic Stack version run by ECK (the eck-stack 0.20.0 default).</summary>
    public const string ElasticStack = "9.5.0";

    /// <summary>Prometheus exporter run beside Logstash (reads its monitoring API on localhost:9600).</summary>
    public const string LogstashExporterImage = "ghcr.io/kuskoman/logstash-exporter:v1.9.1";

    /// <summary>The federation gateway: nginx terminating TLS and checking basic auth in front of Prometheus.</summary>
    public const string FederationGatewayImage = "docker.io/nginxinc/nginx-unprivileged:1.29.3-alpine3.22";

    /// <summary>Runs the Elasticsearch and Kibana API calls of the setup Job.</summary>
    public const string CurlImage = "docker.io/curlimages/curl:8.16.0";

    /// <summary>Kafka version run by Strimzi 1.2.0 (its default).</summary>
    public const string Kafka = "4.3.1";

    public static IReadOnlyList<ChartPin> Charts { get; } =
        [KubePrometheusStack, PrometheusNodeExporter, ElasticsearchExporter, Grafana, FluentBit, StrimziKafkaOperator, EckOperator];
}
