using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>Kafka health and the controlplane's consumption lag, evaluated next to the data (owned by <see cref="Kafka"/>).</summary>
public static class KafkaRules
{
    /// <summary>The logs topic's time retention, in seconds.</summary>
    public static int RetentionSeconds(RuleContext c) => c.Settings.Get(SettingsCatalog.KafkaLogRetentionHours) * 3600;

    public static RuleGroup Group(RuleContext c, int brokers, int minInSync)
    {
        var ns = $"namespace=\"{Namespaces.Logging}\"";
        var lag = $"{ns},consumergroup=~\"{Kafka.ConsumerGroupPrefix}.*\"";
        var volume = $"{ns},persistentvolumeclaim=~\"data-{Kafka.ClusterName}-.*\"";
        var restartJob = $"{ns},cronjob=\"{KafkaClientRestart.Name}\"";
        return new("kafka", [
            new("KafkaOfflinePartitions",
                // From the KRaft controllers (Strimzi metrics reporter); each of them reports the same
                // count, hence max. Kafka Exporter cannot report this: it emits no leader sample at all
                // for a partition without one.
                $"max(kafka_controller_kafkacontroller_offlinepartitionscount{{{ns}}}) > 0",
                "1m", Severity.Critical,
                "Kafka has partitions without a leader.",
                "{{ $value }} partitions are offline: producers and consumers of them are stuck.",
                "Check broker pods (kubectl -n logging get pods -l strimzi.io/cluster=logs) and the Strimzi operator log."),
            new("KafkaActiveControllerAbnormal",
                // Exactly one KRaft controller is active; each controller reports 1 or 0.
                $"sum(kafka_controller_kafkacontroller_activecontrollercount{{{ns}}}) != 1",
                "5m", Severity.Critical,
                "Kafka has {{ $value }} active controllers.",
                "The KRaft quorum reports {{ $value }} active controllers instead of one: no controller means no leader elections or metadata changes; more than one means a split quorum.",
                "kubectl -n logging get pods -l strimzi.io/cluster=logs; read the controllers' logs for quorum (raft) errors and check the network between them."),
            new("KafkaOfflineLogDirectories",
                $"max by (pod) (kafka_log_logmanager_offlinelogdirectorycount{{{ns}}}) > 0",
                "1m", Severity.Critical,
                "Kafka broker {{ $labels.pod }} has an offline log directory.",
                "{{ $value }} log directories of {{ $labels.pod }} are offline (a disk or volume failure): the partitions on them have no replica on this broker.",
                "kubectl -n logging describe pod {{ $labels.pod }} and its volume; read the broker log for the I/O error; the broker must be restarted once the volume is healthy."),
            .. UnderMinIsr(ns, minInSync),
            new("KafkaUnderReplicatedPartitions",
                $"sum by (topic) (kafka_topic_partition_under_replicated_partition{{{ns}}}) > 0",
                "10m", Severity.Warning,
                "Kafka topic {{ $labels.topic }} has under-replicated partitions.",
                "{{ $value }} partitions of {{ $labels.topic }} are missing replicas for 10 minutes; another broker failure could lose data.",
                "Check that every broker is up and not throttled; look at replica fetcher errors in the broker logs."),
            // Brokers are counted from their own scrapes: Kafka Exporter's kafka_brokers comes from its client's cached
            // metadata, which a failed refresh keeps (danielqsj/kafka_exporter v1.9.0 kafka_exporter.go: "Cannot refresh
            // topics, using cached data"), so it still reports every broker while the whole cluster is down.
            new("KafkaBrokersMissing",
                $"(count({UpBrokers} == 1) or vector(0)) < {brokers}",
                "5m", Severity.Warning,
                "Kafka has fewer brokers than configured.",
                $"Only {{{{ $value }}}} of {brokers} brokers answer: their partitions are served by the other replicas (another broker lost would put partitions under min.insync.replicas and refuse writes).",
                "kubectl -n logging get pods -l strimzi.io/cluster=logs; describe the missing broker pod (scheduling, volume attachment, crash loop)."),
            new(ClusterDownAlert,
                $"(count({UpBrokers} == 1) or vector(0)) == 0",
                "2m", Severity.Critical,
                "Kafka has no broker.",
                "No broker of the logs cluster has answered for 2 minutes: Fluent Bit keeps this cluster's logs in its queues and node buffers, and loses them once those are full.",
                "kubectl -n logging get pods -l strimzi.io/cluster=logs; read the brokers' and controllers' logs (quorum, storage, certificates) and the Strimzi operator log."),
            new("KafkaBrokerDiskFilling",
                // Retention keeps the volume at a steady level (sized to leave the threshold free, see KafkaRetention):
                // below the threshold alone is not a problem, below it and still filling is.
                $"kubelet_volume_stats_available_bytes{{{volume}}} / kubelet_volume_stats_capacity_bytes{{{volume}}} * 100 < {c.T(Thresholds.KafkaDiskFreePercent)} and predict_linear(kubelet_volume_stats_available_bytes{{{volume}}}[6h], 24 * 3600) < 0",
                "30m", Severity.Warning,
                "Kafka volume {{ $labels.persistentvolumeclaim }} will fill within a day.",
                $"{{{{ $labels.persistentvolumeclaim }}}} has {{{{ $value | printf \"%.1f\" }}}}% free (threshold {c.T(Thresholds.KafkaDiskFreePercent)}%) and keeps filling: retention is not holding the logs topic to its size.",
                "Find what grows (kafka_log_log_size by topic and partition): the logs topic is capped by retention.bytes, checked against this volume at deploy, whether or not Logstash consumes; so usually another topic, or a reassignment that put more partition replicas on this broker. Then lower kafkaLogRetentionBytes or grow kafkaStorageSize."),
            new("KafkaConsumerLagHigh",
                $"sum by (consumergroup, topic) (kafka_consumergroup_lag{{{lag}}}) > {c.T(Thresholds.KafkaConsumerLagMessages)}",
                "15m", Severity.Warning,
                "Logstash group {{ $labels.consumergroup }} is {{ $value | humanize }} messages behind on {{ $labels.topic }}.",
                $"The controlplane's Logstash lags more than {c.T(Thresholds.KafkaConsumerLagMessages)} messages behind this environment's logs.",
                "Check the Logstash pipeline for this environment on the controlplane (events stalled, Elasticsearch rejections) and the network path to this Kafka."),
            new("KafkaConsumerLagTimeHigh",
                $"sum by (consumergroup, topic) (kafka_consumergroup_lag{{{lag}}}) / clamp_min(sum by (consumergroup, topic) (rate(kafka_consumergroup_current_offset{{{lag}}}[10m])), 0.001) > {c.T(Thresholds.KafkaConsumerLagSeconds)}",
                "15m", Severity.Warning,
                "Logstash group {{ $labels.consumergroup }} needs {{ $value | humanizeDuration }} to catch up.",
                $"At the current consumption rate the controlplane's Logstash needs more than {c.T(Thresholds.KafkaConsumerLagSeconds)}s to catch up; logs in Kibana are that late. A stopped consumer counts as infinitely late.",
                "Same as KafkaConsumerLagHigh; if the consumer is stopped, check the Logstash pods on the controlplane."),
            // The backlog's age, as the time this topic takes to produce as many messages as the group lags, against the
            // topic's time retention: past it, Kafka deletes logs Logstash never read. The production rate is the day's
            // average of 5-minute rates (a subquery over what the day holds, so a topic younger than a day is not diluted
            // as rate over [1d] would be; the raw series, not the recorded rate, which the controlplane also federates):
            // with the last hour's rate alone a daily traffic cycle made the age swing, and the page resolved itself for
            // hours in the middle of a long outage.
            // Half of the retention leaves the other half to fix the consumer (kafka-exporter 1.9.0 metrics:
            // kafka_consumergroup_lag, kafka_topic_partition_current_offset; docs/log-pipeline.md).
            new("KafkaConsumerLagNearRetention",
                $"sum by (consumergroup, topic) (kafka_consumergroup_lag{{{lag}}}) / on (topic) group_left clamp_min(avg_over_time(sum by (topic) (rate(kafka_topic_partition_current_offset{{{ns}}}[5m]))[1d:5m]), 0.001) >= {RetentionSeconds(c) / 2}",
                "5m", Severity.Critical,
                "Logstash group {{ $labels.consumergroup }} is {{ $value | humanizeDuration }} behind on {{ $labels.topic }}: half of its retention.",
                $"The backlog of {{{{ $labels.consumergroup }}}} is as old as {{{{ $value | humanizeDuration }}}} of this topic's production, half of kafkaLogRetentionHours ({c.Settings.Get(SettingsCatalog.KafkaLogRetentionHours)}h): unless Logstash catches up, Kafka deletes logs it has not read once the backlog reaches the retention.",
                "Find why the controlplane's Logstash does not consume this environment (LogsStopped, LogstashWorkerUtilizationHigh, Elasticsearch rejections, the network path to this Kafka) and fix it; to buy time, raise kafkaLogRetentionHours on this stack (check the broker disk: KafkaBrokerDiskFilling)."),
            // Retention also deletes by size (retention.bytes, kafkaLogRetentionBytes per partition): when a partition is held at
            // its size limit, the oldest offset moves up as fast as producers write, whatever the backlog's age, so the
            // time-based alert above can be late. Unread records as a share of what the partition still keeps (newest -
            // oldest offset) warn under either limit: at half, the other half is the margin (kafka-exporter 1.9.0:
            // kafka_consumergroup_lag, kafka_topic_partition_current_offset, kafka_topic_partition_oldest_offset). A
            // partition keeping fewer than SizeRetentionMinimumMessages records is too young to tell.
            new("KafkaConsumerLagNearSizeRetention",
                $"max by (consumergroup, topic) (kafka_consumergroup_lag{{{lag}}} / on (topic, partition) group_left () (kafka_topic_partition_current_offset{{{ns}}} - kafka_topic_partition_oldest_offset{{{ns}}} > {SizeRetentionMinimumMessages})) >= 0.5",
                "15m", Severity.Critical,
                "Logstash group {{ $labels.consumergroup }} has not read {{ $value | humanizePercentage }} of what Kafka keeps of {{ $labels.topic }}.",
                "In at least one partition of {{ $labels.topic }} the records {{ $labels.consumergroup }} has not read are {{ $value | humanizePercentage }} of those still kept: whether retention is by time or by size (kafkaLogRetentionBytes), Kafka deletes the oldest next, and once the backlog reaches them they are lost unread (KafkaConsumerOffsetsDeleted).",
                "Find why the controlplane's Logstash falls behind this environment (LogsStopped, LogstashWorkerUtilizationHigh, Elasticsearch rejections, the network path to this Kafka); to buy time raise kafkaLogRetentionBytes (and kafkaLogRetentionHours) on this stack, checking the broker disk (KafkaBrokerDiskFilling)."),
            // Retention also deletes by size (retention.bytes), whatever the backlog's age: a group whose committed offset
            // is below the oldest offset still in the partition has lost the records in between, unread. A running
            // Logstash then skips to the oldest one left within one poll (OffsetOutOfRange, auto_offset_reset earliest,
            // commitSync), before the next scrape can see the gap: so the committed offset is the lowest of the last
            // 5 minutes and the oldest offset the highest, and the alert keeps firing for 30 minutes after the skip.
            // In steady state the oldest offset is a whole retention behind the committed one.
            // kafka-exporter 1.9.0: kafka_topic_partition_oldest_offset, kafka_consumergroup_current_offset; the latter is -1
            // for a partition the group has not committed yet (kafka_exporter.go emits the fetched offset unfiltered), so
            // only committed offsets (>= 0) count: a new partition or group would otherwise page "logs lost" for 36 minutes.
            new("KafkaConsumerOffsetsDeleted",
                $"max by (consumergroup, topic) (max_over_time(kafka_topic_partition_oldest_offset{{{ns}}}[5m]) - on (topic, partition) group_right min_over_time((kafka_consumergroup_current_offset{{{lag}}} >= 0)[5m:30s])) > 0",
                "1m", Severity.Critical,
                "Kafka deleted logs Logstash group {{ $labels.consumergroup }} had not read from {{ $labels.topic }}.",
                "Within the last 5 minutes the group's committed offset was {{ $value }} messages below the oldest offset Kafka keeps: retention (by time or by size, kafkaLogRetentionBytes) deleted them unread, and Logstash skipped to the oldest record left; those logs are lost. The alert stays 30 minutes after the skip.",
                "Find why the controlplane's Logstash falls behind this environment (KafkaConsumerLagNearRetention, LogsStopped) and fix it; raise kafkaLogRetentionBytes and kafkaLogRetentionHours on this stack to stop further loss (check the broker disk).")
            {
                KeepFiringFor = "30m",
            },
            // Every loss alert above needs the group's own series. A stack no controlplane lists in
            // observability:environments (deployed first, or removed from the list), or whose group's committed offsets
            // Kafka expired (offsets.retention.minutes, 7 days by default, after a long absence), has none: Kafka deletes
            // its logs at retention and nothing above fires. kafka-exporter 1.9.0 reports a group only as Kafka lists it
            // (with showAllOffsets, Strimzi's default, an Empty group keeps its committed offsets: a controlplane that is
            // merely down does not fire this, nor one that just stopped listing the stack: the Empty group keeps its
            // offsets for offsets.retention.minutes). Heartbeats keep the topic written whenever Fluent Bit runs. A topic
            // younger than half an hour is not judged: a new environment is deployed just before the controlplane lists it.
            new(NotConsumedAlert,
                $"sum by (topic) (rate(kafka_topic_partition_current_offset{{{ns},topic=\"{Kafka.LogsTopic}\"}}[30m])) > 0"
                    + $" and on (topic) group by (topic) (kafka_topic_partition_current_offset{{{ns},topic=\"{Kafka.LogsTopic}\"}} offset 30m)"
                    + $" unless on (topic) count by (topic) (kafka_consumergroup_current_offset{{{lag},topic=\"{Kafka.LogsTopic}\"}})",
                "5m", Severity.Critical,
                "No Logstash consumer group reads the {{ $labels.topic }} topic of this stack.",
                $"The {{{{ $labels.topic }}}} topic is written but no consumer group {Kafka.ConsumerGroupPrefix}<stack> has committed offsets on it: no controlplane consumes this stack's logs, and Kafka deletes them after kafkaLogRetentionHours ({c.Settings.Get(SettingsCatalog.KafkaLogRetentionHours)}h) unread.",
                "Add this stack to the controlplane's observability:environments and deploy the controlplane (docs/day-2-operations.md); if it is listed, check LogstashPipelineMissing and LogsStopped on the controlplane. A stack being retired: stop its Fluent Bit."),
            // Every loss alert above (lag near retention, offsets deleted, logs not consumed) reads Kafka Exporter's
            // series: without them Kafka could delete unread logs with nothing said, so a stack that pages pages for it.
            new("KafkaExporterDown",
                $"absent_over_time(kafka_brokers{{{ns}}}[10m])",
                "5m", c.Settings.Get(SettingsCatalog.PagerDutyEnabled) ? Severity.Critical : Severity.Warning,
                "Kafka Exporter metrics are missing.",
                "No Kafka Exporter metrics for 10 minutes: the Kafka and consumer-lag alerts are blind, including those that tell Kafka is deleting logs nobody read.",
                "kubectl -n logging get pods -l strimzi.io/name=logs-kafka-exporter; check its log."),
            new("StrimziResourceNotReady",
                // kube-state-metrics reads each resource's Ready condition (StrimziResourceState); a resource without the
                // condition yet has no ready label, which is not "True" either.
                NotReady,
                "15m", Severity.Warning,
                "Strimzi {{ $labels.kind }} {{ $labels.namespace }}/{{ $labels.name }} is not ready.",
                "The Ready condition of {{ $labels.kind }} {{ $labels.name }} has not been True for 15 minutes: the operator has not applied its latest specification (or the resource is failing).",
                "kubectl -n {{ $labels.namespace }} get {{ $labels.kind }} {{ $labels.name }} -o yaml: the status conditions give the reason; then the operator log."),
            new("StrimziResourceStateMissing",
                // Without the Kafka resource's series, StrimziResourceNotReady is blind (kube-state-metrics down, its
                // custom-resource configuration or RBAC broken, or the resource deleted).
                $"absent({StrimziResourceState.Kinds[0].Metric}{{job=\"{StrimziResourceState.Job}\",{ns},name=\"{Kafka.ClusterName}\",{RuleContext.LocalSeries}}})",
                "15m", Severity.Warning,
                $"No readiness of the Strimzi Kafka {Namespaces.Logging}/{Kafka.ClusterName}.",
                $"kube-state-metrics has reported no {StrimziResourceState.Kinds[0].Metric} series for Kafka {Kafka.ClusterName} for 15 minutes: StrimziResourceNotReady cannot fire.",
                $"kubectl -n {Namespaces.Monitoring} logs -l app.kubernetes.io/name=kube-state-metrics (custom resource state errors, forbidden list/watch of {Kafka.ApiGroup}); kubectl -n {Namespaces.Logging} get kafka {Kafka.ClusterName}."),
            new("StrimziReconciliationsFailing",
                $"sum by (kind) (rate(strimzi_reconciliations_failed_total{{namespace=\"logging\",job=\"{StrimziOperatorMonitor.Job}\",{RuleContext.LocalSeries}}}[15m])) > 0",
                "30m", Severity.Warning,
                "Strimzi reconciliations of {{ $labels.kind }} keep failing.",
                "The cluster operator has failed reconciling {{ $labels.kind }} resources for 30 minutes: configuration changes, certificate renewals and rolling updates wait.",
                "kubectl -n logging logs deploy/strimzi-cluster-operator | grep -i -B2 -A10 'failed'; fix the resource the error names."),
            // The operator's certificate metric carries the Kafka cluster's name as its own `cluster` label: it is
            // renamed kafka_cluster so that the alert gets the stack's cluster label like every other (and it cannot
            // be matched as a local series, cluster=""; federation sends only recorded aggregates anyway).
            new("StrimziCertificateExpiring",
                $"{CertificateDaysLeft} < {c.T(Thresholds.StrimziCertificateExpiryWarningDays)}",
                "1h", Severity.Warning,
                "Strimzi {{ $labels.type }} certificate of Kafka {{ $labels.kafka_cluster }} expires in {{ $value | printf \"%.1f\" }} days.",
                $"The {{{{ $labels.type }}}} certificate of {{{{ $labels.resource_namespace }}}}/{{{{ $labels.kafka_cluster }}}} expires in less than {c.T(Thresholds.StrimziCertificateExpiryWarningDays)} days and the operator has not renewed it (it renews 30 days ahead, within maintenance windows).",
                "Check the operator is up and reconciling (StrimziReconciliationsFailing) and whether maintenanceTimeWindows delay the renewal; kubectl -n logging get secret logs-cluster-ca-cert -o jsonpath='{.data.ca\\.crt}' | base64 -d | openssl x509 -noout -enddate."),
            new("StrimziCertificateExpiring",
                $"{CertificateDaysLeft} < {c.T(Thresholds.StrimziCertificateExpiryCriticalDays)}",
                "15m", Severity.Critical,
                "Strimzi {{ $labels.type }} certificate of Kafka {{ $labels.kafka_cluster }} expires in {{ $value | printf \"%.1f\" }} days.",
                $"The {{{{ $labels.type }}}} certificate of {{{{ $labels.resource_namespace }}}}/{{{{ $labels.kafka_cluster }}}} expires in less than {c.T(Thresholds.StrimziCertificateExpiryCriticalDays)} days: brokers, Fluent Bit and Logstash stop trusting each other when it does.",
                "Check the operator is up and reconciling (StrimziReconciliationsFailing) and whether maintenanceTimeWindows delay the renewal; kubectl -n logging get secret logs-cluster-ca-cert -o jsonpath='{.data.ca\\.crt}' | base64 -d | openssl x509 -noout -enddate."),
            // The CronJob succeeds only when brokers and clients all run the CA Secret's generation (KafkaClientRestart);
            // kube-state-metrics reports its last success (lastSuccessfulTime), or only its creation before the first.
            new(KafkaClientRestart.Alert,
                $"time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time{{{restartJob}}}) > {KafkaClientRestart.StaleHours * 3600}"
                + $" or (time() - max by (namespace, cronjob) (kube_cronjob_created{{{restartJob}}}) > {KafkaClientRestart.StaleHours * 3600}"
                + $" unless on (namespace, cronjob) kube_cronjob_status_last_successful_time{{{restartJob}}})",
                "15m", Severity.Warning,
                "Kafka clients may still trust an old cluster CA: the restart job has not succeeded for {{ $value | humanizeDuration }}.",
                $"CronJob {{{{ $labels.namespace }}}}/{{{{ $labels.cronjob }}}} has not completed for more than {KafkaClientRestart.StaleHours} hours: after a Strimzi cluster CA renewal Fluent Bit (and Logstash on the controlplane) may still hold the old CA and stop reaching Kafka when it expires (30 days after the renewal).",
                $"kubectl -n {Namespaces.Logging} get pods -l app.kubernetes.io/name={KafkaClientRestart.Name}, then kubectl -n {Namespaces.Logging} logs on the newest: it names the broker or client that is behind; if the job cannot run (image, RBAC), restart the clients by hand (docs/day-2-operations.md, \"Kafka clients restart after a cluster CA renewal\")."),
            new("StrimziOperatorDown",
                $"up{{job=\"{StrimziOperatorMonitor.Job}\",{ns},{RuleContext.LocalSeries}}} == 0 or absent(up{{job=\"{StrimziOperatorMonitor.Job}\",{ns},{RuleContext.LocalSeries}}})",
                "10m", Severity.Warning,
                "The Strimzi cluster operator is down.",
                "Prometheus has not scraped the Strimzi cluster operator for 10 minutes: Kafka keeps running, but changes to it, its topics and users, certificate renewals and the recreation of a deleted broker pod wait for the operator.",
                "kubectl -n logging get pods -l strimzi.io/kind=cluster-operator; read its log (API server access, leader election, out of memory)."),
        ], [
            new("consumergroup:kafka_consumergroup_lag:sum", $"sum by (consumergroup, topic) (kafka_consumergroup_lag{{{lag}}})"),
            new("topic:kafka_topic_partition_current_offset:rate5m", $"sum by (topic) (rate(kafka_topic_partition_current_offset{{{ns}}}[5m]))"),
            new("topic:kafka_topic_partition_under_replicated:sum", $"sum by (topic) (kafka_topic_partition_under_replicated_partition{{{ns}}})"),
        ]);
    }

    /// <summary>Days until the soonest expiry of each certificate the cluster operator manages (cluster and clients CAs).</summary>
    private static string CertificateDaysLeft =>
        $"(min by (kafka_cluster, type, resource_namespace) (label_replace(strimzi_certificate_expiration_timestamp_ms{{namespace=\"logging\",job=\"{StrimziOperatorMonitor.Job}\"}}, \"kafka_cluster\", \"$1\", \"cluster\", \"(.+)\")) / 1000 - time()) / 86400";

    /// <summary>1 per Strimzi resource whose Ready condition is not True, labelled kind, namespace and name.</summary>
    private static string NotReady => string.Join(" or ", StrimziResourceState.Kinds.Select(k =>
        $"label_replace(max by (namespace, name) ({k.Metric}{{job=\"{StrimziResourceState.Job}\",namespace=\"{Namespaces.Logging}\",ready!=\"True\",{RuleContext.LocalSeries}}}), \"kind\", \"{k.Name}\", \"\", \"\")"));

    /// <summary>The job of the brokers' PodMonitor (Prometheus names a PodMonitor's job namespace/name).</summary>
    private static string BrokersJob => $"{Namespaces.Logging}/{Kafka.BrokerMonitorName}";

    /// <summary>The broker pods' scrapes (the PodMonitor also scrapes the controller pool's pods: <c>&lt;cluster&gt;-&lt;pool&gt;-&lt;id&gt;</c>).</summary>
    private static string UpBrokers => $"up{{job=\"{BrokersJob}\",pod=~\"{Kafka.ClusterName}-{Kafka.BrokerPool}-[0-9]+\",namespace=\"{Namespaces.Logging}\",{RuleContext.LocalSeries}}}";

    /// <summary>Records a partition must keep before KafkaConsumerLagNearSizeRetention compares the backlog with them.</summary>
    public const int SizeRetentionMinimumMessages = 10_000;

    /// <summary>The logs topic is written but no Logstash consumer group has offsets on it.</summary>
    public const string NotConsumedAlert = "KafkaLogsNotConsumed";

    /// <summary>No broker answers: the cause every Fluent Bit delivery alert of the cluster follows from.</summary>
    public const string ClusterDownAlert = "KafkaClusterDown";

    /// <summary>
    /// Partitions below min.insync.replicas refuse acks=all writes. With min.insync.replicas 1 (one broker)
    /// that would mean no replica at all, which no exporter can report: the alert could never fire, so the
    /// stack has none (KafkaBrokersMissing covers the broker being down).
    /// </summary>
    private static IEnumerable<AlertRule> UnderMinIsr(string ns, int minInSync)
    {
        if (minInSync < 2)
        {
            yield break;
        }

        yield return new("KafkaUnderMinIsr",
            $"count by (topic) (kafka_topic_partition_in_sync_replica{{{ns}}} < {minInSync}) > 0",
            "5m", Severity.Critical,
            "Kafka topic {{ $labels.topic }} has partitions under min.insync.replicas.",
            $"{{{{ $value }}}} partitions of {{{{ $labels.topic }}}} have fewer than {minInSync} in-sync replicas: acks=all producers (Fluent Bit) are refused and buffer on the nodes.",
            "Bring the missing brokers back; check their disks and the network between them.");
    }
}
