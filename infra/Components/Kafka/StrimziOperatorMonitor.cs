using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Scrapes the Strimzi cluster operator. Its chart has no monitor option, so the PodMonitor is ours: it
/// selects the operator pod by the label the chart gives it and its container port "http" (8080, /metrics).
/// </summary>
public static class StrimziOperatorMonitor
{
    public const string Name = "strimzi-cluster-operator";

    /// <summary>The job label Prometheus gives a PodMonitor's targets (no jobLabel set): namespace/name.</summary>
    public static string Job => $"{Namespaces.Logging}/{Name}";

    public static ObjectValue Definition() => ObjectValue.Of(
        ("apiVersion", "monitoring.coreos.com/v1"),
        ("kind", "PodMonitor"),
        ("metadata", StackContext.Metadata(Name, Namespaces.Logging, "kafka")),
        ("spec", ObjectValue.Of(
            ("selector", ObjectValue.Of(("matchLabels", ObjectValue.Of(("strimzi.io/kind", "cluster-operator"))))),
            ("podMetricsEndpoints", ListValue.Of(ObjectValue.Of(
                ("port", "http"),
                ("path", "/metrics")))))));
}
