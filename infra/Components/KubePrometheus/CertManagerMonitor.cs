using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Scrapes cert-manager, a cluster prerequisite we do not deploy: a PodMonitor in its namespace selects
/// the controller pod by the label its chart gives it (app.kubernetes.io/name=cert-manager) and its
/// metrics port 9402 (/metrics).
/// </summary>
public static class CertManagerMonitor
{
    public const string Name = "cert-manager";

    /// <summary>cert-manager's namespace, as its install guide and chart use it.</summary>
    public const string Namespace = "cert-manager";

    public const int MetricsPort = 9402;

    /// <summary>The controller container's name for that port in cert-manager's chart (targetPort is deprecated in PodMonitors).</summary>
    public const string MetricsPortName = "http-metrics";

    /// <summary>The job label Prometheus gives a PodMonitor's targets (no jobLabel set): namespace/name.</summary>
    public static string Job => $"{Namespace}/{Name}";

    /// <summary>The controller pod (egress of Prometheus to it).</summary>
    public static NetworkPeer Pods { get; } = NetworkPeer.Pods(Namespace, ("app.kubernetes.io/name", "cert-manager"), ("app.kubernetes.io/component", "controller"));

    public static ObjectValue Definition() => ObjectValue.Of(
        ("apiVersion", "monitoring.coreos.com/v1"),
        ("kind", "PodMonitor"),
        ("metadata", StackContext.Metadata(Name, Namespace, "kube-prometheus")),
        ("spec", ObjectValue.Of(
            ("selector", ObjectValue.Of(("matchLabels", ObjectValue.Of(
                ("app.kubernetes.io/name", "cert-manager"),
                ("app.kubernetes.io/component", "controller"))))),
            ("podMetricsEndpoints", ListValue.Of(ObjectValue.Of(
                ("port", MetricsPortName),
                // The certificate metrics' namespace label is the Certificate's, not the pod's.
                ("honorLabels", true),
                ("path", "/metrics")))))));
}
