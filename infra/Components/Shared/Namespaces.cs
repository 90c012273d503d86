namespace Infra.Components;

/// <summary>The namespaces the platform uses, with the Pod Security level each needs.</summary>
public static class Namespaces
{
    /// <summary>Prometheus, Alertmanager, Grafana, node-exporter (host network and PID: privileged).</summary>
    public const string Monitoring = "monitoring";

    /// <summary>
    /// The collection side of the log pipeline: Fluent Bit, the Strimzi operator and the cluster's Kafka.
    /// One namespace so Fluent Bit can mount the Secrets Strimzi creates (cluster CA, its SCRAM password);
    /// privileged because Fluent Bit reads host paths. NetworkPolicies keep the workloads apart.
    /// </summary>
    public const string Logging = "logging";

    /// <summary>ECK operator (restricted).</summary>
    public const string ElasticSystem = "elastic-system";

    /// <summary>Elasticsearch, Kibana and Logstash on the controlplane (baseline: ECK sets sysctls via init containers only when mmap is on, which it is not).</summary>
    public const string Elastic = "elastic";
}
