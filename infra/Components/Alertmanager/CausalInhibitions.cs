namespace Infra.Components;

/// <summary>
/// The causal inhibitions every stack's Alertmanager renders (after the critical-inhibits-warning rules): one
/// fault, one notification. Each stack renders them all; a pair whose alerts a stack does not evaluate (the
/// Elasticsearch ones on an environment) matches nothing there. Causes and effects must be evaluated by the
/// same Prometheus, so their cluster label (an external label, or the environment's on federated series) agrees.
/// </summary>
public static class CausalInhibitions
{
    /// <summary>The label every alert of a stack carries (Prometheus' external label), naming its cluster.</summary>
    private const string Cluster = "cluster";

    public static IReadOnlyList<CausalInhibition> All { get; } =
    [
        new("elasticsearch-unavailable",
            ["ElasticsearchClusterRed", ElasticsearchRules.DownAlert],
            [LogFreshnessRules.AlertName, "LogstashEventsStalled", "LogstashPersistentQueueFilling", "ElasticsearchExporterDown", "KibanaDown", "KafkaConsumerLagHigh", "KafkaConsumerLagTimeHigh"],
            [Cluster],
            "Elasticsearch red or unreachable stops every Logstash pipeline's output (LogsStopped for every environment, "
                + "events stalled, queues filling, the controlplane's own consumer lag), empties the exporter and fails Kibana's readiness: one page per controlplane."),
        new("kafka-unavailable",
            ["KafkaBrokersMissing", "KafkaOfflinePartitions", "KafkaUnderMinIsr"],
            ["FluentBitOutputRetrying", "FluentBitOutputErrors", "FluentBitOutputStalled", "FluentBitBufferBacklog", "KafkaUnderReplicatedPartitions", "KafkaExporterDown"],
            [Cluster],
            "Without its brokers (or with partitions offline or under min.insync.replicas) the cluster's Kafka refuses Fluent Bit's writes: "
                + "every node retries, errs, stalls and buffers; replicas are missing and Kafka Exporter has no metadata. FluentBitDroppingRecords (logs lost) is not inhibited."),
        new("environment-not-federating",
            [FederationRules.EnvironmentDownAlert, FederationRules.EnvironmentMissingAlert],
            ["FederationScrapeNearTimeout", "FederationSeriesJump", "AlertmanagerSilencesActive"],
            ["job"],
            "An environment the controlplane cannot federate (job federate-<stack>) has no timely scrapes, no series counts and no silences to judge; "
                + "its own Alertmanager still alerts in the environment."),
        new("logs-stopped",
            [LogFreshnessRules.AlertName],
            ["LogstashEventsStalled"],
            [Cluster, "pipeline"],
            "LogsStopped names the pipeline and the hop where its logs stall; the same pipeline's stalled events (a later, slower view of the same fault) add a second page."),
        new("dead-letter-queue-full",
            ["LogstashDeadLetterQueueDropping"],
            ["LogstashDeadLetterQueueGrowing"],
            [Cluster, "pipeline", "pod"],
            "A dead-letter queue that drops events is full: the growing (or near full) warning of the same pipeline and pod adds nothing."),
        new("kube-state-metrics-missing",
            ["KubeStateMetricsMissing"],
            ["StrimziResourceStateMissing"],
            [Cluster],
            "The Strimzi resources' readiness comes from kube-state-metrics: without it, its series are missing too."),
    ];
}
