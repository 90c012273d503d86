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
    /// The node agents: node-exporter (host network, host PID, host paths) and Fluent Bit (host paths: the
    /// containers' logs, its buffer). The only namespace at privileged, so nothing else runs with what a node
    /// agent needs. Fluent Bit's Kafka CA and password are copies of Secrets of <see cref="Logging"/>
    /// (KafkaClientRestart, docs/design-notes.md, Namespaces).
    /// </summary>
    public const string NodeAgents = "node-agents";

    /// <summary>
    /// The Strimzi operator and the cluster's Kafka, Logstash on the controlplane: restricted (Strimzi's
    /// restricted pod security provider; Logstash's pod template). NetworkPolicies keep the workloads apart.
    /// </summary>
    public const string Logging = "logging";

    /// <summary>ECK operator (restricted).</summary>
    public const string ElasticSystem = "elastic-system";

    /// <summary>Elasticsearch, Kibana and Grafana (behind the user interfaces' Ingress) on the controlplane (baseline: no mmap, so ECK needs no privileged sysctl init container).</summary>
    public const string Elastic = "elastic";

    public static IReadOnlyList<NamespaceSpec> All { get; } =
    [
        new(Monitoring, "restricted", HoldsData: true, [StackRole.Environment, StackRole.Controlplane], LoadBalancerTargets: [StackRole.Environment]),
        new(NodeAgents, "privileged", HoldsData: false, [StackRole.Environment, StackRole.Controlplane],
            Reason: "node agents: node-exporter (host network, host PID, the host's root filesystem) and Fluent Bit (host paths: /var/log, its buffer)"),
        new(Logging, "restricted", HoldsData: true, [StackRole.Environment, StackRole.Controlplane], LoadBalancerTargets: [StackRole.Environment]),
        new(ElasticSystem, "restricted", HoldsData: false, [StackRole.Controlplane]),
        new(Elastic, "baseline", HoldsData: true, [StackRole.Controlplane], LoadBalancerTargets: [StackRole.Controlplane],
            Reason: "ECK adds init containers to Elasticsearch and Kibana pods that the program neither renders nor checks"),
    ];
}
