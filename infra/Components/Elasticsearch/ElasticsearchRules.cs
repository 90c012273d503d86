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

    public static RuleGroup Group(RuleContext c) => new("elasticsearch", [
        new("ElasticsearchClusterRed",
            "max by (es_cluster) (elasticsearch_cluster_health_status{color=\"red\"}) == 1",
            "5m", Severity.Critical,
            "Elasticsearch cluster {{ $labels.es_cluster }} is red.",
            "At least one primary shard is unassigned: some log data streams cannot be written or searched.",
            "GET _cluster/allocation/explain; check node pods, disks and watermarks."),
        new("ElasticsearchClusterYellow",
            "max by (es_cluster) (elasticsearch_cluster_health_status{color=\"yellow\"}) == 1",
            "30m", Severity.Warning,
            "Elasticsearch cluster {{ $labels.es_cluster }} is yellow.",
            "Replica shards have been unassigned for 30 minutes: a further node failure can lose data.",
            "GET _cluster/allocation/explain; usually a node is missing or disks are above the low watermark."),
        new("ElasticsearchUnassignedShards",
            "max by (es_cluster) (elasticsearch_cluster_health_unassigned_shards) > 0",
            "30m", Severity.Warning,
            "Elasticsearch cluster {{ $labels.es_cluster }} has {{ $value }} unassigned shards.",
            "Shards have been unassigned for 30 minutes.",
            "GET _cat/shards?v&h=index,shard,prirep,state,unassigned.reason"),
        new("ElasticsearchDiskWatermarkLow",
            $"100 * (1 - elasticsearch_filesystem_data_available_bytes / elasticsearch_filesystem_data_size_bytes) > {c.T(Thresholds.ElasticsearchDiskUsedWarningPercent)}",
            "15m", Severity.Warning,
            "Elasticsearch node {{ $labels.name }} disk is {{ $value | printf \"%.0f\" }}% used.",
            $"Disk use is above {c.T(Thresholds.ElasticsearchDiskUsedWarningPercent)}%; at 85% no new shards are allocated to the node.",
            "Lower logRetentionDays, or grow elasticsearchStorageSize / elasticsearchNodes."),
        new("ElasticsearchDiskWatermarkHigh",
            $"100 * (1 - elasticsearch_filesystem_data_available_bytes / elasticsearch_filesystem_data_size_bytes) > {c.T(Thresholds.ElasticsearchDiskUsedCriticalPercent)}",
            "5m", Severity.Critical,
            "Elasticsearch node {{ $labels.name }} disk is {{ $value | printf \"%.0f\" }}% used.",
            $"Disk use is above {c.T(Thresholds.ElasticsearchDiskUsedCriticalPercent)}%; at 90% shards move away and at 95% indices become read-only.",
            "Free space now: delete the oldest backing indices of the largest data streams, then fix retention or capacity."),
        new("ElasticsearchBulkRejections",
            "sum by (es_cluster, name) (increase(elasticsearch_thread_pool_rejected_count{type=\"write\"}[5m])) > 0",
            "10m", Severity.Warning,
            "Elasticsearch node {{ $labels.name }} rejects bulk writes.",
            "The write thread pool of {{ $labels.name }} rejects requests: Logstash retries and its queue grows.",
            "Check node CPU and heap, the number of shards per node, and Logstash worker counts."),
        new("ElasticsearchSnapshotFailed",
            // The exporter describes the latest snapshot of each repository, its outcome in the state label.
            "count by (repository, state) (elasticsearch_snapshot_stats_snapshot_total_shards{state=~\"FAILED|PARTIAL\"}) > 0",
            "1m", Severity.Warning,
            "Elasticsearch snapshots to {{ $labels.repository }} are failing.",
            "The latest snapshot to {{ $labels.repository }} ended {{ $labels.state }}: some or all shards were not saved.",
            "GET _snapshot/<repository>/_all?verbose=false; check the bucket policy and the IAM role of the Elasticsearch service account."),
        new("ElasticsearchSnapshotTooOld",
            $"time() - max by (repository) (elasticsearch_snapshot_stats_latest_snapshot_timestamp_seconds) > {c.T(Thresholds.ElasticsearchSnapshotMaxAgeHours)} * 3600",
            "1h", Severity.Warning,
            "The newest Elasticsearch snapshot in {{ $labels.repository }} is too old.",
            $"No snapshot succeeded in the last {c.T(Thresholds.ElasticsearchSnapshotMaxAgeHours)} hours.",
            "Check the snapshot lifecycle policy (GET _slm/status, _slm/policy) and recent failures."),
        new("ElasticsearchExporterDown",
            $"absent_over_time(elasticsearch_cluster_health_status{{namespace=\"{Namespaces.Elastic}\"}}[10m])",
            "5m", Severity.Warning,
            "Elasticsearch exporter metrics are missing.",
            "No Elasticsearch exporter metrics for 10 minutes: the Elasticsearch alerts are blind.",
            "kubectl -n elastic get pods -l app.kubernetes.io/name=prometheus-elasticsearch-exporter; check its log (credentials, CA)."),
        new("EckOperatorDown",
            $"up{{job=\"{OperatorJob}\",{RuleContext.LocalSeries}}} == 0 or absent(up{{job=\"{OperatorJob}\",namespace=\"{Namespaces.ElasticSystem}\",{RuleContext.LocalSeries}}})",
            "10m", Severity.Warning,
            "The ECK operator is down.",
            "Prometheus has not scraped the ECK operator for 10 minutes: Elasticsearch, Kibana and Logstash keep running, but changes, upgrades and the recovery of failed pods wait for the operator.",
            "kubectl -n elastic-system get pods; read the operator log (API server access, webhook certificate, out of memory)."),
    ], [
        new("es_cluster:elasticsearch_indexing_docs:rate5m", "sum by (es_cluster) (rate(elasticsearch_indices_indexing_index_total[5m]))"),
        new("es_cluster:elasticsearch_search_queries:rate5m", "sum by (es_cluster) (rate(elasticsearch_indices_search_query_total[5m]))"),
        new("es_cluster:elasticsearch_filesystem_usage:max_ratio", "max by (es_cluster) (1 - elasticsearch_filesystem_data_available_bytes / elasticsearch_filesystem_data_size_bytes)"),
    ]);
}
