using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Readiness of the Strimzi custom resources, read by kube-prometheus-stack's kube-state-metrics from their
/// Ready condition (custom-resource-state metrics). Strimzi 1.2.0 removed the operator's resource state metric
/// (strimzi_resource_state); its own example (packaging/examples/metrics/kube-state-metrics/configmap.yaml at
/// tag 1.2.0) defines the same metric names, strimzi_&lt;kind&gt;_resource_info with a ready label, which this
/// configuration follows for the kinds the stack creates.
/// </summary>
public static class StrimziResourceState
{
    /// <summary>A kind the stack creates, its metric name prefix and the plural its RBAC rule needs.</summary>
    public sealed record Kind(string Name, string MetricPrefix, string Plural)
    {
        /// <summary>The info series of each resource of the kind (value 1; label ready = the Ready condition's status).</summary>
        public string Metric => $"{MetricPrefix}_resource_info";
    }

    /// <summary>
    /// The kinds with a Ready condition the platform depends on (KafkaNodePool has none: its readiness is the Kafka
    /// resource's, as Strimzi's example notes).
    /// </summary>
    public static IReadOnlyList<Kind> Kinds { get; } =
    [
        new("Kafka", "strimzi_kafka", "kafkas"),
        new("KafkaTopic", "strimzi_kafka_topic", "kafkatopics"),
        new("KafkaUser", "strimzi_kafka_user", "kafkausers"),
    ];

    /// <summary>kube-state-metrics' job (the chart's ServiceMonitor, honouring the series' own labels, namespace among them).</summary>
    public const string Job = "kube-state-metrics";

    /// <summary>
    /// kube-prometheus-stack values for its kube-state-metrics subchart (8.4.0): the custom-resource-state
    /// configuration and list/watch on the Strimzi kinds (the chart adds list/watch on CRDs itself,
    /// rbac.customResourceState.createClusterRoleRules).
    /// </summary>
    public static ObjectValue ChartValues()
    {
        var config = ObjectValue.Of(("spec", ObjectValue.Of(("resources", ListValue.Of(Kinds.Select(Resource))))));
        var rule = ObjectValue.Of(
            ("apiGroups", ListValue.Strings([Kafka.ApiGroup])),
            ("resources", ListValue.Strings(Kinds.Select(k => k.Plural))),
            ("verbs", ListValue.Strings(["list", "watch"])));
        return ObjectValue.Of(("kube-state-metrics", ObjectValue.Of(
            ("customResourceState", ObjectValue.Of(("enabled", true), ("config", config))),
            ("rbac", ObjectValue.Of(("extraRules", ListValue.Of(rule)))))));
    }

    private static Value Resource(Kind kind)
    {
        var ready = ObjectValue.Of(("ready", ListValue.Strings(["status", "conditions", "[type=Ready]", "status"])));
        var metric = ObjectValue.Of(
            ("name", "resource_info"),
            ("help", $"The Ready condition of a Strimzi {kind.Name}."),
            ("each", ObjectValue.Of(("type", "Info"), ("info", ObjectValue.Of(("labelsFromPath", ready))))));
        return ObjectValue.Of(
            ("groupVersionKind", ObjectValue.Of(("group", Kafka.ApiGroup), ("version", "v1"), ("kind", kind.Name))),
            ("metricNamePrefix", kind.MetricPrefix),
            // The resource's own namespace as the namespace label (the ServiceMonitor honours it): alerts on it are
            // routed like every alert about that namespace.
            ("labelsFromPath", ObjectValue.Of(
                ("name", ListValue.Strings(["metadata", "name"])),
                ("namespace", ListValue.Strings(["metadata", "namespace"])))),
            ("metrics", ListValue.Of(metric)));
    }
}
