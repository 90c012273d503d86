using Infra.Config;

namespace Infra.Components;

/// <summary>
/// The namespaces the platform uses, declared once with the Pod Security level each needs, before any
/// component is built (so no component's call order can change a level).
/// </summary>
public static class Namespaces
{
    /// <summary>Prometheus, Alertmanager, the Prometheus Operator, kube-state-metrics, the federation gateway: every pod passes restricted.</summary>
    public const string Monitoring = "monitoring";

    /// <summary>
    /// node-exporter (host network, host PID, host paths): the only namespace at privileged, so nothing else
    /// runs with what a node agent needs. Fluent Bit is not here yet (docs/design-notes.md, Namespaces).
    /// </summary>
    public const string NodeAgents = "node-agents";

    /// <summary>
    /// The collection side of the log pipeline: Fluent Bit, the Strimzi operator and the cluster's Kafka.
    /// One namespace so Fluent Bit can mount the Secrets Strimzi creates (cluster CA, its SCRAM password);
    /// privileged because Fluent Bit reads host paths. NetworkPolicies keep the workloads apart.
    /// </summary>
    public const string Logging = "logging";

    /// <summary>ECK operator (restricted).</summary>
    public const string ElasticSystem = "elastic-system";

    /// <summary>Elasticsearch, Kibana and Grafana (behind the user interfaces' Ingress) on the controlplane (baseline: no mmap, so ECK needs no privileged sysctl init container).</summary>
    public const string Elastic = "elastic";

    public static IReadOnlyList<NamespaceSpec> All { get; } =
    [
        new(Monitoring, "restricted", HoldsData: true, [StackRole.Environment, StackRole.Controlplane], LoadBalancerTargets: [StackRole.Environment]),
        new(NodeAgents, "privileged", HoldsData: false, [StackRole.Environment, StackRole.Controlplane]),
        new(Logging, "privileged", HoldsData: true, [StackRole.Environment, StackRole.Controlplane], LoadBalancerTargets: [StackRole.Environment]),
        new(ElasticSystem, "restricted", HoldsData: false, [StackRole.Controlplane]),
        new(Elastic, "baseline", HoldsData: true, [StackRole.Controlplane], LoadBalancerTargets: [StackRole.Controlplane]),
    ];
}
