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
            ["ElasticsearchClusterRed", ElasticsearchRules.DownAlert, "ElasticsearchDiskWatermarkHigh"],
            [LogFreshnessRules.AlertName],
            [Cluster],
            "Elasticsearch red, unreachable or at its flood-stage watermark (read-only indices) stops every Logstash pipeline's output: LogsStopped of every environment names the elasticsearch hop. "
                + "Only that hop is muted: a pipeline stalled at Fluent Bit or Kafka is another fault, and a partial red can last.")
        {
            EffectLabels = [("hop", "elasticsearch")],
        },
        new("elasticsearch-unavailable-pipelines",
            ["ElasticsearchClusterRed", ElasticsearchRules.DownAlert],
            ["LogstashEventsStalled", "LogstashPersistentQueueFilling", "KafkaConsumerLagHigh", "KafkaConsumerLagTimeHigh"],
            [Cluster],
            "The pipelines' stalled events, filling queues and the controlplane's own consumer lag follow from the same refused writes: one page per controlplane."),
        new("elasticsearch-down",
            [ElasticsearchRules.DownAlert],
            ["ElasticsearchExporterDown", "KibanaDown"],
            [Cluster],
            "Elasticsearch unreachable empties its exporter's health series and fails Kibana's readiness (a red cluster does neither)."),
        new("kafka-unavailable",
            [KafkaRules.ClusterDownAlert, "KafkaOfflinePartitions", "KafkaUnderMinIsr"],
            ["FluentBitOutputRetrying", "FluentBitOutputErrors", "FluentBitOutputStalled", "KafkaBrokersMissing", "KafkaUnderReplicatedPartitions", "KafkaExporterDown",
                "StrimziResourceNotReady", "KafkaConsumerLagHigh", "KafkaConsumerLagTimeHigh", "KafkaConsumerLagNearRetention"],
            [Cluster],
            "Without any broker (or with partitions offline or under min.insync.replicas) the cluster's Kafka refuses Fluent Bit's writes: "
                + "every node retries, errs and stalls; replicas are missing, Kafka Exporter has no metadata, the Kafka resource is not ready, and consumer lag is measured against a topic nobody can write (and whose retention deletes nothing while the brokers are down). One broker lost is not a cause: the cluster still takes writes. "
                + "FluentBitBufferBacklog (the countdown to losing logs), FluentBitDroppingRecords and FluentBitDeliveryFailed (logs lost) are never inhibited."),
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
