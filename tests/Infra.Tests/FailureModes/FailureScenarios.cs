using Infra.Components;
using Infra.Config;
using static Infra.Tests.FailureModes.HealthyCluster;
using static Infra.Tests.FailureModes.SyntheticSeries;

namespace Infra.Tests.FailureModes;

/// <summary>
/// The outages the platform is built to survive, each as the series its fault produces (metric names from
/// the exporters' catalogs in ../shared/anchors/metrics), the alerts it must raise and what those alerts'
/// causes must mute. docs/failure-modes.md is generated from this list and the measurements of
/// <see cref="FailureModeTests"/>.
/// </summary>
public static class FailureScenarios
{
    private const string Logging = Namespaces.Logging;

    /// <summary>A team's namespace: not one of the platform's.</summary>
    public const string TeamNamespace = "team-orders";

    public static IReadOnlyList<FailureScenario> All { get; } =
    [
        new()
        {
            Id = "kafka-broker-lost",
            Title = "One Kafka broker lost",
            ObservedBy = StackRole.Environment,
            Risk = c => c.Brokers > 1 ? DataRisk.None : DataRisk.Loss,
            Effect = "Partitions fail over to the other replicas (replication 3, min.insync 2) and writes go on; with a single broker (development) Kafka is down and Fluent Bit buffers on the nodes.",
            Fault = c => [
                Step("up", KafkaBroker(0), 1, 0),
                Vanishes("kafka_log_logmanager_offlinelogdirectorycount", KafkaBroker(0), 0),
                Step("kafka_brokers", ScenarioContext.In(Logging), c.Brokers, c.Brokers > 1 ? c.Brokers - 1 : c.Brokers),
                .. Partitions(p => Step("kafka_topic_partition_in_sync_replica", KafkaPartition(p), Math.Min(c.Brokers, 3), Math.Max(Math.Min(c.Brokers, 3) - 1, 1))),
                .. Partitions(p => Step("kafka_topic_partition_under_replicated_partition", KafkaPartition(p), 0, c.Brokers > 1 ? 1 : 0)),
            ],
            Expected = c => c.Brokers > 1
                ? [new("KafkaBrokersMissing", "warning"), new("KafkaUnderReplicatedPartitions", "warning")]
                : [new(KafkaRules.ClusterDownAlert, "critical")],
            Note = "Kafka Exporter's own broker count comes from cached metadata, so the brokers are counted from their scrapes.",
        },
        new()
        {
            Id = "kafka-cluster-down",
            Title = "The whole Kafka cluster down for an hour",
            ObservedBy = StackRole.Environment,
            Risk = _ => DataRisk.Loss,
            Effect = "Fluent Bit hands records to librdkafka's queue until it is full, then keeps them in its node buffer (fluentBitBufferLimit) and retries; logs are lost when a buffer fills before Kafka returns. Logstash on the controlplane reads nothing from this environment. Kafka Exporter keeps reporting its cached metadata.",
            Fault = c => [
                .. Enumerable.Range(0, c.Brokers).Select(id => Step("up", KafkaBroker(id), 1, 0)),
                .. Enumerable.Range(0, c.Brokers).Select(id => Vanishes("kafka_log_logmanager_offlinelogdirectorycount", KafkaBroker(id), 0)),
                Vanishes("kafka_controller_kafkacontroller_activecontrollercount", ScenarioContext.In(Logging).With(("pod", "logs-controller-0")), 1),
                Vanishes("kafka_controller_kafkacontroller_offlinepartitionscount", ScenarioContext.In(Logging).With(("pod", "logs-controller-0")), 0),
                .. Partitions(p => Counter("kafka_topic_partition_current_offset", KafkaPartition(p), 300, 0)),
                .. Partitions(p => Counter("kafka_consumergroup_current_offset", ConsumerGroup(c.Stack, p), 300, 0)),
                Vanishes("strimzi_kafka_resource_info", StrimziResource("logs"), 1),
                Appears("strimzi_kafka_resource_info", StrimziResource("logs").With(("ready", "False")), 1),
            ],
            Expected = _ => [new(KafkaRules.ClusterDownAlert, "critical")],
            Inhibited = [new("KafkaBrokersMissing", KafkaRules.ClusterDownAlert)],
            MaxPages = 1,
            Note = "Fluent Bit's own delivery alerts follow once librdkafka's queue is full (see the Fluent Bit buffer row); KafkaClusterDown mutes their retry, error and stall alerts, never the buffer's critical countdown or a loss.",
        },
        new()
        {
            Id = "kafka-disk-full",
            Title = "A Kafka broker's disk full",
            ObservedBy = StackRole.Environment,
            Risk = _ => DataRisk.Loss,
            Effect = "The broker stops (its only log directory cannot be written) and restarts in a loop; its partitions fail over, and the others fill at the same pace unless retention or the volume is changed.",
            Fault = c => [
                Step("kubelet_volume_stats_available_bytes", KafkaVolume(0), 80e9, 0),
                Step("up", KafkaBroker(0), 1, 0),
                Vanishes("kafka_log_logmanager_offlinelogdirectorycount", KafkaBroker(0), 0),
            ],
            Expected = c => [new("KubePersistentVolumeAlmostFull", "critical"), c.Brokers > 1 ? new("KafkaBrokersMissing", "warning") : new(KafkaRules.ClusterDownAlert, "critical")],
        },
        new()
        {
            Id = "consumer-lag-near-retention",
            Title = "Consumer lag reaching half the topic's retention",
            ObservedBy = StackRole.Environment,
            Risk = _ => DataRisk.Loss,
            Effect = "Logstash has stopped reading this environment's topic and its backlog is now half a retention old (kafkaLogRetentionHours); Kafka deletes what is older than the retention, read or not.",
            Fault = c => [
                // The topic's production: 300 records a partition a step (10/s); lag / that rate is the backlog's age.
                .. Partitions(p => Jump("kafka_consumergroup_lag", ConsumerGroup(c.Stack, p), 50, HalfRetentionLag(c), 300)),
                .. Partitions(p => Counter("kafka_consumergroup_current_offset", ConsumerGroup(c.Stack, p), 300, 0)),
            ],
            Expected = _ => [new("KafkaConsumerLagNearRetention", "critical")],
        },
        new()
        {
            Id = "logs-not-consumed",
            Title = "An environment no controlplane consumes",
            ObservedBy = StackRole.Environment,
            Risk = _ => DataRisk.Loss,
            Effect = "The stack is not (yet, or no longer) in any controlplane's observability:environments, or its consumer group's offsets expired after a long absence (offsets.retention.minutes): Fluent Bit ships, no Logstash group reads, and Kafka deletes the logs at retention. The lag alerts need the group's series, so only the topic's own writes tell.",
            Fault = c => [
                .. Partitions(p => Vanishes("kafka_consumergroup_lag", ConsumerGroup(c.Stack, p), 50)),
                .. Partitions(p => CounterVanishes("kafka_consumergroup_current_offset", ConsumerGroup(c.Stack, p), 300)),
            ],
            Expected = _ => [new(KafkaRules.NotConsumedAlert, "critical")],
        },
        new()
        {
            Id = "kafka-retention-deletes-unread",
            Title = "Kafka's retention deleting logs nobody read",
            ObservedBy = StackRole.Environment,
            Risk = _ => DataRisk.Loss,
            Effect = "A noisy environment fills its topic to retention.bytes (or the backlog outlives the time retention): Kafka deletes segments Logstash has not read, and Logstash, still running, skips to the oldest record left and commits past it within one poll, so the gap shows in one scrape only.",
            Fault = c => [
                .. Partitions(p => Step("kafka_topic_partition_oldest_offset", KafkaPartition(p), 0, 1e7)),
                .. Partitions(p => SkipsTo("kafka_consumergroup_current_offset", ConsumerGroup(c.Stack, p), 300, 1e7 + 300)),
            ],
            Expected = _ => [new("KafkaConsumerOffsetsDeleted", "critical")],
            Note = "the loss has happened when this fires; KafkaConsumerLagNearRetention warns of the time limit half a retention earlier and KafkaConsumerLagNearSizeRetention of the size limit when half of what a partition keeps is unread.",
        },
        new()
        {
            Id = "fluent-bit-buffer-filling",
            Title = "A Fluent Bit node buffer filling",
            ObservedBy = StackRole.Environment,
            Risk = _ => DataRisk.Loss,
            Effect = "One node's Fluent Bit cannot deliver (a network fault between it and Kafka). Once librdkafka's queue is full (the fault's start here) it retries, keeps the node's logs in its buffer and loses them when the buffer is full.",
            Fault = c => FluentBitCannotDeliver(c.Nodes[0], bufferMinutes: 30),
            Expected = _ => [new("FluentBitOutputRetrying", "warning"), new("FluentBitBufferBacklog", "critical")],
        },
        new()
        {
            Id = "fluent-bit-crash-loop",
            Title = "Fluent Bit crash-looping on one node",
            ObservedBy = StackRole.Environment,
            Risk = _ => DataRisk.Loss,
            Effect = "One node's Fluent Bit restarts in a loop (out of memory at its limit, a bad configuration, the Kafka CA): the pod stays phase Running, that node's logs are not read, and the kubelet rotates a busy container's log away within minutes (containerLogMaxSize 10Mi x containerLogMaxFiles 5).",
            Fault = c => [
                Step("up", FluentBitPod(c.Nodes[0]), 1, 0),
                .. FluentBitVanishes(c.Nodes[0]),
                Step("kube_daemonset_status_number_available", FluentBitDaemonSet, c.Nodes.Count, c.Nodes.Count - 1),
            ],
            Expected = c => [
                new("FluentBitDown", "warning"),
                .. c.Settings.Get(SettingsCatalog.PagerDutyEnabled) ? new ExpectedAlert[] { new("FluentBitDown", "critical"), new(FluentBitRules.NotOnEveryNodeAlert, "critical") } : [new(FluentBitRules.NotOnEveryNodeAlert, "warning")],
            ],
            Note = "critical where the stack pages (pagerDutyEnabled), warnings elsewhere; a node that is not Ready raises neither page (the node lost row).",
        },
        new()
        {
            Id = "kafka-refuses-released-records",
            Title = "Kafka refusing records Fluent Bit already released",
            ObservedBy = StackRole.Environment,
            Risk = _ => DataRisk.Loss,
            Effect = "The brokers refuse for good records librdkafka had queued (the fluent-bit KafkaUser's ACLs changed, the logs topic deleted and created again): out_kafka had released their chunks once they were queued, so no counter of Fluent Bit's own moves and its buffer stays empty; only its log says 'message delivery failed', a line its log_to_metrics filter counts.",
            Fault = c => [AppearsCounting(FluentBit.DeliveryFailedMetric, FluentBitPod(c.Nodes[0]).With(("endpoint", FluentBit.LogMetricsPortName)), 20)],
            Expected = _ => [new(FluentBitRules.KafkaDeliveryFailedAlert, "critical")],
            Note = "the records are lost at the broker's refusal; the page tells on-call to fix the cause (ACLs, the topic) before more are.",
        },
        new()
        {
            Id = "node-lost",
            Title = "A node lost",
            ObservedBy = StackRole.Environment,
            Risk = c => c.Brokers > 1 ? DataRisk.None : DataRisk.Loss,
            Effect = "The node's pods are rescheduled (every replicated workload is spread over nodes). What its Fluent Bit had not yet sent is gone with the node's disk, whatever anyone does then; nothing else is at risk while the other replicas serve (development's single broker excepted).",
            Fault = c => [
                Step("up", NodeExporter(c.Nodes[0]), 1, 0),
                Step("up", FluentBitPod(c.Nodes[0]), 1, 0),
                .. FluentBitVanishes(c.Nodes[0]),
                .. NodeNotReady(c, c.Nodes[0]),
                Step("up", KafkaBroker(0), 1, 0),
                Vanishes("kafka_log_logmanager_offlinelogdirectorycount", KafkaBroker(0), 0),
            ],
            Expected = c => [new("NodeExporterDown", "warning"), c.Brokers > 1 ? new("KafkaBrokersMissing", "warning") : new(KafkaRules.ClusterDownAlert, "critical")],
            Note = "kube-prometheus-stack's KubeNodeNotReady and KubeNodeUnreachable (warning) fire too; their expressions are the chart's and are not evaluated here.",
        },
        new()
        {
            Id = "zone-lost",
            Title = "A zone lost (the controlplane)",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.None,
            Effect = "A third of the nodes go: Elasticsearch keeps a copy of every shard in another zone (zone awareness), Kafka keeps two in-sync replicas (three or more brokers spread over zones with DoNotSchedule: a zone holds at most one of three), Logstash's other pods take over the partitions (spread over the zones with DoNotSchedule, so a zone holds at most ⌈pods / zones⌉ of them, and the capacity model sizes the rest to hold the busiest hour; the data nodes spread the same way, so the zone takes a zone's share of them and the model sizes their survivors to hold every copy again below the high watermark: docs/sizing.md, \"The capacity model\").",
            Fault = c => [
                Step("up", NodeExporter(c.Nodes[0]), 1, 0),
                Step("up", FluentBitPod(c.Nodes[0]), 1, 0),
                .. FluentBitVanishes(c.Nodes[0]),
                .. NodeNotReady(c, c.Nodes[0]),
                Step("up", KafkaBroker(0), 1, 0),
                Vanishes("kafka_log_logmanager_offlinelogdirectorycount", KafkaBroker(0), 0),
                .. Partitions(p => Step("kafka_topic_partition_under_replicated_partition", KafkaPartition(p), 0, 1)),
                .. Partitions(p => Step("kafka_topic_partition_in_sync_replica", KafkaPartition(p), Math.Min(c.Brokers, 3), Math.Min(c.Brokers, 3) - 1)),
                .. ElasticsearchNodeGone(c, c.ElasticsearchNodes / 3),
                .. c.Pipelines.SelectMany(p => LogstashPodGone(0, p)),
            ],
            Expected = _ => [new("ElasticsearchNodesMissing", "warning"), new("KafkaBrokersMissing", "warning"), new("NodeExporterDown", "warning")],
            Note = "nothing pages: the platform keeps working on the other zones. kube-prometheus-stack's node alerts (KubeNodeNotReady, warning) fire too.",
        },
        new()
        {
            Id = "elasticsearch-node-lost",
            Title = "One Elasticsearch node lost",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.None,
            Effect = "Replicas on the other nodes take over; the cluster is yellow until the node returns or its shards are copied again.",
            Fault = c => ElasticsearchNodeGone(c, 1),
            Expected = _ => [new("ElasticsearchNodesMissing", "warning"), new("ElasticsearchClusterYellow", "warning")],
        },
        new()
        {
            Id = "elasticsearch-red",
            Title = "Elasticsearch red",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.Gap,
            Effect = "Writes to indices without a primary fail; every Logstash pipeline stops sending and Kafka keeps the logs (up to its retention), so logs are late in Kibana, not lost.",
            Fault = c => [
                Step("elasticsearch_cluster_health_status", ElasticsearchCluster.With(("color", "green")), 1, 0),
                Step("elasticsearch_cluster_health_status", ElasticsearchCluster.With(("color", "red")), 0, 1),
                Step("elasticsearch_cluster_health_unassigned_shards", ElasticsearchCluster, 0, 5),
                .. LogstashOutputStops(c, c.Pipelines),
            ],
            Expected = _ => [new("ElasticsearchClusterRed", "critical"), new("LogsStopped", "critical")],
            Inhibited = [new("LogsStopped", "ElasticsearchClusterRed"), new("LogstashEventsStalled", "ElasticsearchClusterRed")],
            MaxPages = 1,
        },
        new()
        {
            Id = "elasticsearch-down",
            Title = "Elasticsearch down for an hour",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.Gap,
            Effect = "Nothing can be indexed or searched: every Logstash pipeline stops sending; its persisted queue takes the logs until it is full (hours at the sample volumes: docs/log-pipeline.md), then Kafka keeps them (up to its retention), so logs are late, not lost, if Elasticsearch returns in time.",
            Fault = c => [
                Step("elasticsearch_clusterinfo_up", ElasticsearchCluster, 1, 0),
                .. new[] { "green", "yellow", "red" }.Select(color => Vanishes("elasticsearch_cluster_health_status", ElasticsearchCluster.With(("color", color)), color == "green" ? 1 : 0)),
                Vanishes("elasticsearch_cluster_health_number_of_nodes", ElasticsearchCluster, c.ElasticsearchNodes + c.ElasticsearchMasters),
                Vanishes("elasticsearch_cluster_health_number_of_data_nodes", ElasticsearchCluster, c.ElasticsearchNodes),
                Vanishes("elasticsearch_cluster_health_unassigned_shards", ElasticsearchCluster, 0),
                Vanishes("elasticsearch_cluster_health_number_of_pending_tasks", ElasticsearchCluster, 0),
                .. LogstashOutputStops(c, c.Pipelines),
            ],
            Expected = _ => [new("ElasticsearchDown", "critical"), new("LogsStopped", "critical")],
            Note = "LogsStopped names the elasticsearch hop (the exporter's cluster-info check, every 30 s), which ElasticsearchDown mutes; a pipeline stalled at another hop would still page.",
            Inhibited = [new("LogsStopped", "ElasticsearchDown"), new("LogstashEventsStalled", "ElasticsearchDown"), new("ElasticsearchExporterDown", "ElasticsearchDown")],
            MaxPages = 1,
        },
        new()
        {
            Id = "elasticsearch-flood-stage",
            Title = "Elasticsearch's flood-stage watermark reached",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.Gap,
            Effect = "Elasticsearch makes the indices read-only: every pipeline stops indexing and Kafka keeps the logs until disk is freed or added.",
            Fault = c => [
                .. Enumerable.Range(0, c.ElasticsearchNodes).Select(id => Step("elasticsearch_filesystem_data_available_bytes", ElasticsearchNode(id), 150e9, 8e9)),
                .. LogstashOutputStops(c, c.Pipelines),
            ],
            Expected = _ => [new("ElasticsearchDiskWatermarkHigh", "critical"), new("LogsStopped", "critical")],
            Inhibited = [new("LogsStopped", "ElasticsearchDiskWatermarkHigh")],
            MaxPages = 1,
        },
        new()
        {
            Id = "snapshots-failing",
            Title = "Elasticsearch snapshots failing",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.None,
            Effect = "Nothing is lost now; the newest restore point ages until snapshots work again.",
            Fault = _ => [Appears("elasticsearch_snapshot_stats_snapshot_total_shards", ElasticsearchCluster.With(("repository", "s3-snapshots"), ("state", "FAILED")), 12)],
            Expected = _ => [new("ElasticsearchSnapshotFailed", "warning")],
        },
        new()
        {
            Id = "logstash-pipeline-never-starts",
            Title = "A Logstash pipeline that does not start",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.Loss,
            Effect = "After a rollout (a new environment, a changed pipeline) one environment's pipeline does not start on any pod: its logs stay in its Kafka topic, unread, until it starts or Kafka's retention deletes them. The exporter then reports no series for it at all.",
            Fault = c => Enumerable.Range(0, c.LogstashReplicas).SelectMany(pod => PipelineSeries(c.EnvironmentStacks.Count > 0 ? c.EnvironmentStacks[0] : c.Stack, pod)
                .Select(s => s.Name.EndsWith("_in", StringComparison.Ordinal) || s.Name.EndsWith("_out", StringComparison.Ordinal) ? CounterVanishes(s.Name, s.Labels, 300) : Vanishes(s.Name, s.Labels, InitialValue(s)))),
            Expected = _ => [new("LogstashPipelineMissing", "critical")],
        },
        new()
        {
            Id = "logstash-stalled",
            Title = "Logstash stalled",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.Gap,
            Effect = "Every pipeline takes events in but sends none out (a stuck output): logs wait in Kafka.",
            Fault = c => LogstashOutputStops(c, c.Pipelines),
            Expected = _ => [new("LogsStopped", "critical")],
        },
        new()
        {
            Id = "dead-letter-queue-dropping",
            Title = "The dead-letter queue full and dropping",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.Loss,
            Effect = "Events Elasticsearch refused (mapping conflicts) no longer fit the dead-letter queue and are dropped for good.",
            Fault = c => [
                .. Enumerable.Range(0, c.LogstashReplicas).Select(pod => Step("logstash_stats_pipeline_dead_letter_queue_size_in_bytes", LogstashPipeline(pod, c.Stack), 1, 128 * 1024 * 1024)),
                .. Enumerable.Range(0, c.LogstashReplicas).Select(pod => Counter("logstash_stats_pipeline_dead_letter_queue_dropped_events", LogstashPipeline(pod, c.Stack), 0, 20)),
            ],
            Expected = _ => [new("LogstashDeadLetterQueueDropping", "critical")],
            Inhibited = [new("LogstashDeadLetterQueueGrowing", "LogstashDeadLetterQueueDropping")],
        },
        new()
        {
            Id = "quarantine-refusing",
            Title = "The quarantine stream refusing documents",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.Loss,
            Effect = "Elasticsearch refuses documents even in the quarantine data stream (its template missing, a cluster-wide limit): the dead-letters pipeline writes them to its own dead-letter queue, which nothing reads, the last copy until someone replays it or it fills.",
            Fault = c => Enumerable.Range(0, c.LogstashReplicas).Select(pod => Ramp("logstash_stats_pipeline_dead_letter_queue_size_in_bytes", LogstashPipeline(pod, Logstash.DeadLetterPipeline), 1, 4096)),
            Expected = _ => [new("LogstashDeadLetterQueueGrowing", "critical")],
        },
        new()
        {
            Id = "prometheus-down",
            Title = "An environment's Prometheus down",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.Gap,
            Effect = "The environment's metrics are not collected (a gap in its Prometheus and in the controlplane's copy); its rules are not evaluated.",
            Fault = c => c.EnvironmentStacks.Take(1).Select(e => Step("up", Federation(c, e), 1, 0)),
            Expected = c => [new("FederationEnvironmentDown", c.FederationSeverity(c.FirstEnvironment))],
            HeartbeatStops = "the environment's Watchdog heartbeat stops: the dead-man's switch service pages",
        },
        new()
        {
            Id = "alertmanager-down",
            Title = "An environment's Alertmanager down",
            ObservedBy = StackRole.Environment,
            Risk = _ => DataRisk.None,
            Effect = "The environment's alerts are evaluated but not delivered.",
            Fault = _ => [],
            Expected = _ => [],
            HeartbeatStops = "the Watchdog goes through Alertmanager, so the heartbeat stops: the dead-man's switch service pages",
        },
        new()
        {
            Id = "pagerduty-unreachable",
            Title = "PagerDuty unreachable",
            ObservedBy = StackRole.Environment,
            Risk = _ => DataRisk.None,
            Effect = "Pages fail; Slack still carries every alert.",
            Fault = _ => [Counter("alertmanager_notifications_failed_total", AlertmanagerIntegration("pagerduty"), 0, 1)],
            Expected = _ => [new("AlertmanagerFailedNotifications", "critical")],
            Note = "the critical reaches Slack; its PagerDuty half fails like every page until PagerDuty answers again.",
        },
        new()
        {
            Id = "controlplane-down-weekend",
            Title = "The controlplane down for a weekend",
            ObservedBy = StackRole.Environment,
            Risk = _ => DataRisk.Loss,
            Effect = "Nobody reads the environments' topics: logs wait in each environment's Kafka and are lost once the outage outlasts its retention (kafkaLogRetentionHours). Each environment's own alerting keeps working.",
            // A topic in steady state: each partition already holds its retention (the oldest offset a retention's
            // production behind the newest, and moving up as fast), so the Kafka pages come when the backlog reaches
            // half of it, hours after this window; the dead-man's switch is the early signal.
            Fault = c => [
                .. Partitions(p => Ramp("kafka_consumergroup_lag", ConsumerGroup(c.Stack, p), 50, 300)),
                .. Partitions(p => CounterFrom("kafka_topic_partition_current_offset", KafkaPartition(p), RetainedRecords(c), 300)),
                .. Partitions(p => Counter("kafka_topic_partition_oldest_offset", KafkaPartition(p), 300)),
                .. Partitions(p => CounterFromUntilFault("kafka_consumergroup_current_offset", ConsumerGroup(c.Stack, p), RetainedRecords(c) - 50, 300)),
            ],
            Expected = _ => [new("KafkaConsumerLagTimeHigh", "warning")],
            Note = "the partitions hold their whole retention, as in steady state: KafkaConsumerLagNearRetention and KafkaConsumerLagNearSizeRetention page when the backlog reaches half of kafkaLogRetentionHours, after the 90 minutes watched here; until then the dead-man's switch and the lag warning are the signals.",
            HeartbeatStops = "the controlplane's Watchdog heartbeat stops: the dead-man's switch service pages",
        },
        new()
        {
            Id = "certificate-near-expiry",
            Title = "A certificate near expiry",
            ObservedBy = StackRole.Environment,
            Risk = _ => DataRisk.None,
            Effect = "cert-manager has not renewed the federation certificate, which expires in 10 days.",
            Fault = _ => [
                Step("certmanager_certificate_expiration_timestamp_seconds", Certificate("federation-tls"), 60 * 86400, (Timeline.FaultStart + TimeSpan.FromDays(10)).TotalSeconds),
            ],
            Expected = _ => [new("CertManagerCertificateExpiring", "warning")],
        },
        new()
        {
            Id = "certificate-expired",
            Title = "A certificate expired",
            ObservedBy = StackRole.Environment,
            Risk = _ => DataRisk.Gap,
            Effect = "The federation endpoint presents an expired certificate: the controlplane stops federating this environment (its own alerting keeps working).",
            Fault = _ => [
                Steady("certmanager_certificate_expiration_timestamp_seconds", Certificate("federation-tls"), Timeline.FaultStart.TotalSeconds),
                Steady("certmanager_certificate_ready_status", Certificate("federation-tls").With(("condition", "True")), 0),
                Steady("certmanager_certificate_ready_status", Certificate("federation-tls").With(("condition", "False")), 1),
            ],
            Expected = _ => [new("CertManagerCertificateExpiring", "critical"), new("CertManagerCertificateNotReady", "warning")],
            Note = "the critical fired three days before expiry (and the warning fourteen): the table shows it as firing before the fault.",
        },
        new()
        {
            Id = "wrong-federation-credential",
            Title = "A wrong federation credential",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.Gap,
            Effect = "The gateway answers 401: the controlplane's copy of the environment's metrics has a gap (the environment's own Prometheus keeps them).",
            Fault = c => c.EnvironmentStacks.Take(1).Select(e => Step("up", Federation(c, e), 1, 0)),
            Expected = c => [new("FederationEnvironmentDown", c.FederationSeverity(c.FirstEnvironment))],
        },
        new()
        {
            Id = "environment-stops-sending-metrics",
            Title = "An environment that stops sending metrics",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.Gap,
            Effect = "The federation endpoint answers but returns no series (e.g. the environment's Prometheus lost its targets): the controlplane's dashboards and fleet alerts go blind for it.",
            Fault = c => c.EnvironmentStacks.Take(1).SelectMany(e => new[]
            {
                Step("scrape_samples_scraped", Federation(c, e), 2000, 0),
                Vanishes("cluster:fluentbit_output_records:rate5m", Federation(c, e).With(("environment", e)), 30),
            }),
            Expected = c => [new("FederationEnvironmentMissing", c.FederationSeverity(c.FirstEnvironment))],
        },
        .. LogHops(),
        new()
        {
            Id = "team-workload-crash-looping",
            Title = "A team's own workload crash-looping",
            ObservedBy = StackRole.Environment,
            Risk = _ => DataRisk.None,
            Effect = "A service in a team's namespace is killed for memory again and again; the platform is not affected.",
            Fault = _ => [
                Counter("kube_pod_container_status_restarts_total", TeamContainer, 0, 0.25),
                Appears("kube_pod_container_status_last_terminated_reason", TeamContainer.With(("reason", "OOMKilled")), 1),
                Appears("container_memory_rss", ScenarioContext.Job("kubelet", TeamNamespace).With(("metrics_path", "/metrics/cadvisor"), ("pod", "orders-7d9f-abcde"), ("container", "orders")), 0.99 * 512 * 1024 * 1024),
                Steady("kube_pod_container_resource_limits", TeamContainer.With(("resource", "memory")), 512 * 1024 * 1024),
            ],
            Expected = _ => [new("KubeContainerOomKilled", "warning"), new("KubeContainerMemoryNearLimit", "critical")],
            NeverPagesThePlatform = true,
            Note = "kube-prometheus-stack's KubePodCrashLooping fires too (not evaluated here) and routes the same way.",
        },
    ];

    private static Labels TeamContainer => ScenarioContext.Job("kube-state-metrics", TeamNamespace).With(("pod", "orders-7d9f-abcde"), ("container", "orders"));

    /// <summary>Logs stopping at each hop, as LogsStopped names it.</summary>
    private static IEnumerable<FailureScenario> LogHops()
    {
        yield return new()
        {
            Id = "logs-stop-at-fluent-bit",
            Title = "Logs stopping at Fluent Bit",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.Loss,
            Effect = "An environment's Fluent Bit sends nothing (stopped, or misconfigured): its logs are not collected.",
            Fault = c => [
                .. c.EnvironmentStacks.Take(1).Select(e => Step("cluster:fluentbit_output_records:rate5m", Federation(c, e).With(("environment", e)), 30, 0)),
                .. LogstashInputStops(c, c.EnvironmentStacks.Take(1)),
            ],
            Expected = _ => [new("LogsStopped", "critical")],
        };
        yield return new()
        {
            Id = "logs-stop-at-kafka",
            Title = "Logs stopping at Kafka",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.Gap,
            Effect = "Logstash reads nothing from an environment's Kafka (external listener, credentials): its logs wait in the environment's topic.",
            Fault = c => LogstashInputStops(c, c.EnvironmentStacks.Take(1)),
            Expected = _ => [new("LogsStopped", "critical")],
        };
        yield return new()
        {
            Id = "logs-stop-at-logstash",
            Title = "Logs stopping at Logstash",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.Gap,
            Effect = "One pipeline takes events in but sends none out: that environment's logs wait in its queue and in Kafka.",
            Fault = c => LogstashOutputStops(c, c.EnvironmentStacks.Take(1)),
            Expected = _ => [new("LogsStopped", "critical")],
        };
        yield return new()
        {
            Id = "logs-stop-at-elasticsearch",
            Title = "Logs stopping at Elasticsearch",
            ObservedBy = StackRole.Controlplane,
            Risk = _ => DataRisk.Gap,
            Effect = "Elasticsearch rejects bulk writes (write thread pool full): every pipeline retries and logs wait in Kafka.",
            Fault = c => [
                .. Enumerable.Range(0, c.ElasticsearchNodes).Select(id => Counter("elasticsearch_thread_pool_rejected_count", ElasticsearchNode(id).With(("type", "write")), 0, 50)),
                .. LogstashOutputStops(c, c.Pipelines),
            ],
            Expected = _ => [new("LogsStopped", "critical"), new("ElasticsearchBulkRejections", "warning")],
            MaxPages = 1,
        };
    }

    /// <summary>What a partition in steady state keeps: the retention's worth of its production (10 records a second).</summary>
    private static double RetainedRecords(ScenarioContext c) => c.Settings.Get(SettingsCatalog.KafkaLogRetentionHours) * 3600.0 * 10;

    /// <summary>A partition's lag that is half the retention's worth of its production (10 records a second).</summary>
    private static long HalfRetentionLag(ScenarioContext c) => (long)(c.Settings.Get(SettingsCatalog.KafkaLogRetentionHours) * 3600L / 2 * 10);

    private static IEnumerable<SyntheticSeries> Partitions(Func<int, SyntheticSeries> series) => Enumerable.Range(0, 3).Select(series);

    /// <summary>A node's Fluent Bit that cannot deliver: retries and errors, nothing out, its buffer emptied in <paramref name="bufferMinutes"/>.</summary>
    private static IEnumerable<SyntheticSeries> FluentBitCannotDeliver(string node, int bufferMinutes) =>
    [
        Counter("fluentbit_output_proc_records_total", FluentBitOutput(node), 300, 0),
        Counter("fluentbit_output_proc_bytes_total", FluentBitOutput(node), 90_000, 0),
        Counter("fluentbit_output_retries_total", FluentBitOutput(node), 0, 10),
        Counter("fluentbit_output_errors_total", FluentBitOutput(node), 0, 10),
        Ramp("fluentbit_output_chunk_available_capacity_percent", FluentBitOutput(node), 100, -100.0 / (bufferMinutes * 2)),
    ];

    /// <summary>A node NotReady: kube-state-metrics reports its Ready condition false, and the DaemonSet lacks its pod there.</summary>
    private static IEnumerable<SyntheticSeries> NodeNotReady(ScenarioContext c, string node) =>
    [
        Step("kube_node_status_condition", NodeCondition(node), 1, 0),
        Step("kube_daemonset_status_number_available", FluentBitDaemonSet, c.Nodes.Count, c.Nodes.Count - 1),
    ];

    private static IEnumerable<SyntheticSeries> FluentBitVanishes(string node) =>
    [
        CounterVanishes("fluentbit_input_records_total", FluentBitInput(node), 300),
        CounterVanishes("fluentbit_input_bytes_total", FluentBitInput(node), 90_000),
        CounterVanishes("fluentbit_output_proc_records_total", FluentBitOutput(node), 300),
        CounterVanishes("fluentbit_output_proc_bytes_total", FluentBitOutput(node), 90_000),
        Vanishes("fluentbit_output_retries_total", FluentBitOutput(node), 0),
        Vanishes("fluentbit_output_errors_total", FluentBitOutput(node), 0),
        Vanishes("fluentbit_output_dropped_records_total", FluentBitOutput(node), 0),
        Vanishes("fluentbit_output_chunk_available_capacity_percent", FluentBitOutput(node), 100),
    ];

    private static IEnumerable<SyntheticSeries> ElasticsearchNodeGone(ScenarioContext c, int id) =>
    [
        Step("elasticsearch_cluster_health_number_of_nodes", ElasticsearchCluster, c.ElasticsearchNodes + c.ElasticsearchMasters, c.ElasticsearchNodes + c.ElasticsearchMasters - 1),
        Step("elasticsearch_cluster_health_number_of_data_nodes", ElasticsearchCluster, c.ElasticsearchNodes, c.ElasticsearchNodes - 1),
        Step("elasticsearch_cluster_health_status", ElasticsearchCluster.With(("color", "green")), 1, 0),
        Step("elasticsearch_cluster_health_status", ElasticsearchCluster.With(("color", "yellow")), 0, 1),
        Step("elasticsearch_cluster_health_unassigned_shards", ElasticsearchCluster, 0, 20),
        Vanishes("elasticsearch_filesystem_data_available_bytes", ElasticsearchNode(id), 150e9),
        Vanishes("elasticsearch_filesystem_data_size_bytes", ElasticsearchNode(id), 200e9),
        Vanishes("elasticsearch_thread_pool_rejected_count", ElasticsearchNode(id).With(("type", "write")), 0),
    ];

    private static IEnumerable<SyntheticSeries> PipelineSeries(string pipeline, int pod)
    {
        var labels = LogstashPipeline(pod, pipeline);
        return
        [
            Steady("logstash_stats_pipeline_up", labels, 1),
            Counter("logstash_stats_pipeline_events_in", labels, 300),
            Counter("logstash_stats_pipeline_events_out", labels, 300),
            Steady("logstash_stats_pipeline_queue_events_queue_size", labels, 1e6),
            Steady("logstash_stats_pipeline_queue_max_size_in_bytes", labels, 128 * 1024 * 1024),
            Steady("logstash_stats_pipeline_dead_letter_queue_size_in_bytes", labels, 1),
            Steady("logstash_stats_pipeline_dead_letter_queue_dropped_events", labels, 0),
            Steady("logstash_stats_pipeline_dead_letter_queue_max_size_in_bytes", labels, 128 * 1024 * 1024),
        ];
    }

    private static IEnumerable<SyntheticSeries> LogstashPodGone(int pod, string pipeline) =>
        PipelineSeries(pipeline, pod).Select(s => s.Name.EndsWith("_in", StringComparison.Ordinal) || s.Name.EndsWith("_out", StringComparison.Ordinal)
            ? CounterVanishes(s.Name, s.Labels, 300)
            : Vanishes(s.Name, s.Labels, InitialValue(s)));

    private static double InitialValue(SyntheticSeries s) => double.Parse(s.Values.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The pipelines send nothing out (their input goes on while their queue takes it).</summary>
    private static IEnumerable<SyntheticSeries> LogstashOutputStops(ScenarioContext c, IEnumerable<string> pipelines) =>
        pipelines.SelectMany(p => Enumerable.Range(0, c.LogstashReplicas).Select(pod => Counter("logstash_stats_pipeline_events_out", LogstashPipeline(pod, p), 300, 0)));

    /// <summary>The pipelines take nothing in and so send nothing out.</summary>
    private static IEnumerable<SyntheticSeries> LogstashInputStops(ScenarioContext c, IEnumerable<string> pipelines) =>
        pipelines.SelectMany(p => Enumerable.Range(0, c.LogstashReplicas).SelectMany(pod => new[]
        {
            Counter("logstash_stats_pipeline_events_in", LogstashPipeline(pod, p), 300, 0),
            Counter("logstash_stats_pipeline_events_out", LogstashPipeline(pod, p), 300, 0),
        }));
}
