using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>Log storage health on the controlplane, from the Elasticsearch exporter (owned by <see cref="Elasticsearch"/>).</summary>
public static class ElasticsearchRules
{
    /// <summary>
    /// The job of the ECK chart's PodMonitor: Prometheus names it namespace/name, and the chart names it after
    /// the release (whose name contains the chart's).
    /// </summary>
    private static string OperatorJob => $"{Namespaces.ElasticSystem}/{Elasticsearch.OperatorRelease}";

    /// <summary>The exporter cannot reach Elasticsearch at all (a cause LogsStopped and the Logstash stall follow from).</summary>
    public const string DownAlert = "ElasticsearchDown";

    /// <summary>The setup re-apply CronJob has not succeeded for <see cref="SetupStaleHours"/>.</summary>
    public const string SetupStaleAlert = "ElasticsearchSetupReapplyStale";

    /// <summary>Three missed hourly runs.</summary>
    public const int SetupStaleHours = 3;

    private static string SetupJob => $"namespace=\"{Namespaces.Elastic}\",cronjob=\"{ElasticsearchSetup.ReapplyName}\"";

    /// <summary>Dedicated master nodes fewer than configured (only rendered when the cluster has them).</summary>
    public const string MastersMissingAlert = "ElasticsearchMasterNodesMissing";

    /// <param name="nodes">The data nodes (elasticsearchNodes; every node holds data).</param>
    /// <param name="masters">The dedicated master-only nodes, 0 when the data nodes are the masters.</param>
    public static RuleGroup Group(RuleContext c, int nodes, int masters) => new("elasticsearch", [
        .. Alerts(c, nodes),
        .. MastersMissing(masters),
    ], Recordings);

    /// <summary>
    /// The health API counts every node in number_of_nodes and the nodes that can hold data in
    /// number_of_data_nodes (elasticsearch_exporter v1.11.0 collector/cluster_health.go): the dedicated masters
    /// are the difference. One lost leaves 2 of 3 voters, a second stops the cluster: a warning, as for data nodes.
    /// </summary>
    private static IEnumerable<AlertRule> MastersMissing(int masters)
    {
        if (masters == 0)
        {
            yield break;
        }

        yield return new(MastersMissingAlert,
            $"max by (es_cluster) (elasticsearch_cluster_health_number_of_nodes{{namespace=\"elastic\"}}) - max by (es_cluster) (elasticsearch_cluster_health_number_of_data_nodes{{namespace=\"elastic\"}}) < {masters}",
            "5m", Severity.Warning,
            "Elasticsearch cluster {{ $labels.es_cluster }} has {{ $value }} dedicated master nodes.",
            $"Only {{{{ $value }}}} of {masters} dedicated master nodes are in the cluster: the cluster keeps a quorum while a majority is left; losing one more of them stops every write and search.",
            $"kubectl -n elastic get pods -l elasticsearch.k8s.elastic.co/statefulset-name=logs-es-{Elasticsearch.MasterNodeSet}; describe the missing pod (scheduling in its zone, volume, out of memory).");
    }

    private static IEnumerable<AlertRule> Alerts(RuleContext c, int nodes) => [

        new("ElasticsearchClusterRed",
            "max by (es_cluster) (elasticsearch_cluster_health_status{namespace=\"elastic\",color=\"red\"}) == 1",
            "5m", Severity.Critical,
            "Elasticsearch cluster {{ $labels.es_cluster }} is red.",
            "At least one primary shard is unassigned: some log data streams cannot be written or searched.",
            "GET _cluster/allocation/explain; check node pods, disks and watermarks."),
        // An index whose lifecycle step failed stops rolling over or being deleted: the data stream then grows
        // without bound (elasticsearch-exporter 1.11.0 --collector.ilm: elasticsearch_ilm_index_status, collector/ilm.go).
        new("ElasticsearchIlmError",
            "max by (index, phase, action) (elasticsearch_ilm_index_status{namespace=\"elastic\",step=\"ERROR\"}) == 1",
            "30m", Severity.Warning,
            "Elasticsearch index {{ $labels.index }} is stuck in its lifecycle ({{ $labels.phase }}/{{ $labels.action }}).",
            "The ILM policy of {{ $labels.index }} failed in phase {{ $labels.phase }}, action {{ $labels.action }}, for 30 minutes: the index neither rolls over nor is deleted on time, so its data stream grows past its retention.",
            "GET {{ $labels.index }}/_ilm/explain for the error; fix it (often disk watermarks or a missing policy: the hourly elasticsearch-setup-reapply CronJob restores policies and templates), then POST {{ $labels.index }}/_ilm/retry."),
        new("ElasticsearchClusterYellow",
            "max by (es_cluster) (elasticsearch_cluster_health_status{namespace=\"elastic\",color=\"yellow\"}) == 1",
            "30m", Severity.Warning,
            "Elasticsearch cluster {{ $labels.es_cluster }} is yellow.",
            "Replica shards have been unassigned for 30 minutes: a further node failure can lose data.",
            "GET _cluster/allocation/explain; usually a node is missing or disks are above the low watermark."),
        new("ElasticsearchUnassignedShards",
            "max by (es_cluster) (elasticsearch_cluster_health_unassigned_shards{namespace=\"elastic\"}) > 0",
            "30m", Severity.Warning,
            "Elasticsearch cluster {{ $labels.es_cluster }} has {{ $value }} unassigned shards.",
            "Shards have been unassigned for 30 minutes.",
            "GET _cat/shards?v&h=index,shard,prirep,state,unassigned.reason"),
        new("ElasticsearchDiskWatermarkLow",
            $"100 * (1 - elasticsearch_filesystem_data_available_bytes{{namespace=\"elastic\"}} / elasticsearch_filesystem_data_size_bytes{{namespace=\"elastic\"}}) > {c.T(Thresholds.ElasticsearchDiskUsedWarningPercent)}",
            "15m", Severity.Warning,
            "Elasticsearch node {{ $labels.name }} disk is {{ $value | printf \"%.0f\" }}% used.",
            $"Disk use is above {c.T(Thresholds.ElasticsearchDiskUsedWarningPercent)}%; at 85% no new shards are allocated to the node.",
            "Lower logRetentionDays, or grow elasticsearchStorageSize / elasticsearchNodes."),
        new("ElasticsearchDiskWatermarkHigh",
            $"100 * (1 - elasticsearch_filesystem_data_available_bytes{{namespace=\"elastic\"}} / elasticsearch_filesystem_data_size_bytes{{namespace=\"elastic\"}}) > {c.T(Thresholds.ElasticsearchDiskUsedCriticalPercent)}",
            "5m", Severity.Critical,
            "Elasticsearch node {{ $labels.name }} disk is {{ $value | printf \"%.0f\" }}% used.",
            $"Disk use is above {c.T(Thresholds.ElasticsearchDiskUsedCriticalPercent)}%; at 90% shards move away and at 95% indices become read-only.",
            "Free space now: delete the oldest backing indices of the largest data streams, then fix retention or capacity."),
        new("ElasticsearchBulkRejections",
            "sum by (es_cluster, name) (increase(elasticsearch_thread_pool_rejected_count{namespace=\"elastic\",type=\"write\"}[5m])) > 0",
            "10m", Severity.Warning,
            "Elasticsearch node {{ $labels.name }} rejects bulk writes.",
            "The write thread pool of {{ $labels.name }} rejects requests: Logstash retries and its queue grows.",
            "Check node CPU and heap, the number of shards per node, and Logstash worker counts."),
        new("ElasticsearchSearchRejections",
            "sum by (es_cluster, name) (increase(elasticsearch_thread_pool_rejected_count{namespace=\"elastic\",type=\"search\"}[5m])) > 0",
            "10m", Severity.Warning,
            "Elasticsearch node {{ $labels.name }} rejects searches.",
            "The search thread pool of {{ $labels.name }} rejects requests: Kibana queries and dashboards fail.",
            "Look for expensive queries (GET _tasks?actions=*search*&detailed) and dashboards over long ranges; check node CPU and heap."),
        new("ElasticsearchJvmHeapHigh",
            $"100 * max by (es_cluster, name) (elasticsearch_jvm_memory_used_bytes{{namespace=\"elastic\",area=\"heap\"}} / elasticsearch_jvm_memory_max_bytes{{namespace=\"elastic\",area=\"heap\"}}) > {c.T(Thresholds.ElasticsearchHeapUsedWarningPercent)}",
            "15m", Severity.Warning,
            "Elasticsearch node {{ $labels.name }} heap is {{ $value | printf \"%.0f\" }}% used.",
            $"Heap use of {{{{ $labels.name }}}} has stayed above {c.T(Thresholds.ElasticsearchHeapUsedWarningPercent)}% for 15 minutes: garbage collection is slowing the node.",
            "Check field data and segment memory (GET _nodes/stats/indices/fielddata,segments), the number of shards per node, and heavy aggregations; grow the node's memory if it lasts."),
        new("ElasticsearchJvmHeapHigh",
            $"100 * max by (es_cluster, name) (elasticsearch_jvm_memory_used_bytes{{namespace=\"elastic\",area=\"heap\"}} / elasticsearch_jvm_memory_max_bytes{{namespace=\"elastic\",area=\"heap\"}}) > {c.T(Thresholds.ElasticsearchHeapUsedCriticalPercent)}",
            "5m", Severity.Critical,
            "Elasticsearch node {{ $labels.name }} heap is {{ $value | printf \"%.0f\" }}% used.",
            $"Heap use of {{{{ $labels.name }}}} has stayed above {c.T(Thresholds.ElasticsearchHeapUsedCriticalPercent)}% for 5 minutes: circuit breakers trip and the node risks running out of memory.",
            "Check field data and segment memory (GET _nodes/stats/indices/fielddata,segments), the number of shards per node, and heavy aggregations; grow the node's memory if it lasts."),
        new("ElasticsearchNodesMissing",
            // A warning: replicas in other zones serve the missing node's shards (a routine node rotation looks the
            // same); the cluster turning red, when a shard has no copy left, is what pages (ElasticsearchClusterRed).
            // Data nodes only: with dedicated masters number_of_nodes would also count them and miss missing data nodes.
            $"max by (es_cluster) (elasticsearch_cluster_health_number_of_data_nodes{{namespace=\"elastic\"}}) < {nodes}",
            "5m", Severity.Warning,
            "Elasticsearch cluster {{ $labels.es_cluster }} has {{ $value }} data nodes.",
            $"Only {{{{ $value }}}} of {nodes} data nodes are in the cluster: shards are unassigned or relocating and capacity is down (red, and a page, if a shard loses its last copy).",
            "kubectl -n elastic get pods -l elasticsearch.k8s.elastic.co/cluster-name=logs; describe the missing pod (scheduling, volume, out of memory)."),
        new("ElasticsearchCircuitBreakerTripped",
            "sum by (es_cluster, name, breaker) (increase(elasticsearch_breakers_tripped{namespace=\"elastic\"}[5m])) > 0",
            "5m", Severity.Warning,
            "Elasticsearch circuit breaker {{ $labels.breaker }} trips on {{ $labels.name }}.",
            "The {{ $labels.breaker }} breaker of {{ $labels.name }} keeps rejecting requests that would exceed its memory limit.",
            "Find the requests (large bulk batches from Logstash, aggregations from Kibana); check heap use (ElasticsearchJvmHeapHigh)."),
        new("ElasticsearchPendingTasks",
            "max by (es_cluster) (elasticsearch_cluster_health_number_of_pending_tasks{namespace=\"elastic\"}) > 0",
            "15m", Severity.Warning,
            "Elasticsearch cluster {{ $labels.es_cluster }} has {{ $value }} pending cluster tasks.",
            "Cluster-state updates (mappings, index creation, shard allocation) have been queueing for 15 minutes: the master is overloaded.",
            "GET _cluster/pending_tasks; look at the master node's CPU and heap and at mapping explosions (many dynamic fields)."),
        new("ElasticsearchSnapshotFailed",
            // The exporter describes the latest snapshot of each repository, its outcome in the state label.
            "count by (repository, state) (elasticsearch_snapshot_stats_snapshot_total_shards{namespace=\"elastic\",state=~\"FAILED|PARTIAL\"}) > 0",
            "1m", Severity.Warning,
            "Elasticsearch snapshots to {{ $labels.repository }} are failing.",
            "The latest snapshot to {{ $labels.repository }} ended {{ $labels.state }}: some or all shards were not saved.",
            "GET _snapshot/<repository>/_all?verbose=false; check the bucket policy and the IAM role of the Elasticsearch service account."),
        new("ElasticsearchSnapshotTooOld",
            $"time() - max by (repository) (elasticsearch_snapshot_stats_latest_snapshot_timestamp_seconds{{namespace=\"elastic\"}}) > {c.T(Thresholds.ElasticsearchSnapshotMaxAgeHours)} * 3600",
            "1h", Severity.Warning,
            "The newest Elasticsearch snapshot in {{ $labels.repository }} is too old.",
            $"No snapshot succeeded in the last {c.T(Thresholds.ElasticsearchSnapshotMaxAgeHours)} hours.",
            "Check the snapshot lifecycle policy (GET _slm/status, _slm/policy) and recent failures."),
        // Unreachable, the exporter emits no cluster health at all (ElasticsearchExporterDown, a warning, after 15
        // minutes); its cluster-info retriever says so itself, every --es.clusterinfo.interval (5m by default).
        new(DownAlert,
            $"max(elasticsearch_clusterinfo_up{{namespace=\"{Namespaces.Elastic}\"}}) == 0",
            "5m", Severity.Critical,
            "Elasticsearch does not answer its exporter.",
            "The Elasticsearch exporter has failed to reach the cluster for 5 minutes: no log is indexed (Logstash retries and its queues fill; Kafka keeps the logs) and Kibana cannot search.",
            "kubectl -n elastic get elasticsearch,pods; describe the pods that are not ready (scheduling, volume, out of memory); check the exporter's log for the error (TLS, credentials) if the pods are ready."),
        // The hourly re-apply (and stream repair) of ElasticsearchSetup: kube-state-metrics reports its last success
        // (lastSuccessfulTime), or only its creation before the first. Same shape as KafkaClientsCaRestartStale.
        new(SetupStaleAlert,
            $"time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time{{{SetupJob}}}) > {SetupStaleHours * 3600}"
                + $" or (time() - max by (namespace, cronjob) (kube_cronjob_created{{{SetupJob}}}) > {SetupStaleHours * 3600}"
                + $" unless on (namespace, cronjob) kube_cronjob_status_last_successful_time{{{SetupJob}}})",
            "15m", Severity.Warning,
            "The Elasticsearch setup re-apply has not succeeded for {{ $value | humanizeDuration }}.",
            $"CronJob {{{{ $labels.namespace }}}}/{{{{ $labels.cronjob }}}} (hourly) has not completed for more than {SetupStaleHours} hours: index templates and lifecycle policies are not re-applied, and data streams created while they were missing (after an Elasticsearch rebuild) keep the built-in policy, which never deletes.",
            $"kubectl -n {Namespaces.Elastic} logs job/<newest {ElasticsearchSetup.ReapplyName} job>: the failing call is printed with Elasticsearch's answer (credentials, a template Elasticsearch refuses, the cluster unreachable); fix it, then kubectl -n {Namespaces.Elastic} create job --from=cronjob/{ElasticsearchSetup.ReapplyName} {ElasticsearchSetup.ReapplyName}-manual."),
        // Critical: without the exporter every Elasticsearch alert is blind (a red index would page nobody). A scrape over
        // its sample limit fails whole (up 0) while the exporter itself is fine.
        new("ElasticsearchExporterDown",
            $"up{{namespace=\"{Namespaces.Elastic}\",service=~\".*elasticsearch-exporter.*\",{RuleContext.LocalSeries}}} == 0"
                + $" or absent_over_time(elasticsearch_cluster_health_status{{namespace=\"{Namespaces.Elastic}\"}}[10m])",
            "5m", Severity.Critical,
            "Elasticsearch exporter metrics are missing.",
            "The Elasticsearch exporter's scrape has failed for 5 minutes, or its metrics have been missing for 10: every Elasticsearch alert is blind (a red index or a full disk would page nobody).",
            "kubectl -n elastic get pods -l app.kubernetes.io/name=prometheus-elasticsearch-exporter; check its log (credentials, CA); if it runs, compare scrape_samples_scraped of its target with the ServiceMonitor's sampleLimit (over it, Prometheus fails the whole scrape: raise prometheusEnforcedSampleLimit, which the compile checks, docs/sizing.md)."),
        new("EckOperatorDown",
            $"up{{job=\"{OperatorJob}\",namespace=\"{Namespaces.ElasticSystem}\",{RuleContext.LocalSeries}}} == 0 or absent(up{{job=\"{OperatorJob}\",namespace=\"{Namespaces.ElasticSystem}\",{RuleContext.LocalSeries}}})",
            "10m", Severity.Warning,
            "The ECK operator is down.",
            "Prometheus has not scraped the ECK operator for 10 minutes: Elasticsearch, Kibana and Logstash keep running, but changes, upgrades and the recovery of failed pods wait for the operator.",
            "kubectl -n elastic-system get pods; read the operator log (API server access, webhook certificate, out of memory)."),
    ];

    private static IReadOnlyList<RecordingRule> Recordings => [
        new("es_cluster:elasticsearch_indexing_docs:rate5m", "sum by (es_cluster) (rate(elasticsearch_indices_indexing_index_total{namespace=\"elastic\"}[5m]))"),
        new("es_cluster:elasticsearch_search_queries:rate5m", "sum by (es_cluster) (rate(elasticsearch_indices_search_query_total{namespace=\"elastic\"}[5m]))"),
        new("es_cluster:elasticsearch_filesystem_usage:max_ratio", "max by (es_cluster) (1 - elasticsearch_filesystem_data_available_bytes{namespace=\"elastic\"} / elasticsearch_filesystem_data_size_bytes{namespace=\"elastic\"})"),
    ];
}
