namespace Infra.Model;

/// <summary>The versions KubePrometheus deploys (chart and images): part of <see cref="Pins"/>, declared beside the component.</summary>
public static partial class Pins
{
    public static ChartPin KubePrometheusStack { get; } =
        new("kube-prometheus-stack", "88.5.3", "oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack", null);

    /// <summary>The federation gateway: nginx terminating TLS and checking basic auth in front of Prometheus.</summary>
    public const string FederationGatewayImage = "docker.io/nginxinc/nginx-unprivileged:1.29.3-alpine3.22";

    /// <summary>The charts of the KubePrometheus product (KubePrometheusProduct).</summary>
    public static IReadOnlyList<ChartPin> ChartsOfKubePrometheus => [KubePrometheusStack];
}
