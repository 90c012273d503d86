using static Infra.Components.Dashboard;

namespace Infra.Components;

/// <summary>Elasticsearch's dashboards: overviews on the federated aggregates of its recording rules (selected by environment) and a view of its raw series.</summary>
internal static class ElasticsearchDashboards
{
    public static IReadOnlyList<Dashboard> All { get; } =
    [
        new("obs-elasticsearch", "Log storage: Elasticsearch", Elasticsearch.ComponentName, [
            new("Indexing rate", $"es_cluster:elasticsearch_indexing_docs:rate5m{{{EnvironmentFilter}}}", "{{es_cluster}}", "ops"),
            new("Search rate", $"es_cluster:elasticsearch_search_queries:rate5m{{{EnvironmentFilter}}}", "{{es_cluster}}", "ops"),
            new("Fullest data disk", $"es_cluster:elasticsearch_filesystem_usage:max_ratio{{{EnvironmentFilter}}}", "{{es_cluster}}", "percentunit"),
        ]),
        // Elasticsearch runs on the controlplane only: its exporter's raw series, per node.
        new("obs-elasticsearch-nodes", "Log storage: Elasticsearch nodes", Elasticsearch.ComponentName, [
            new("Cluster health (1 = current colour)", "max by (cluster, color) (elasticsearch_cluster_health_status)", "{{cluster}} {{color}}", "short"),
            new("Unassigned shards", "max by (cluster) (elasticsearch_cluster_health_unassigned_shards)", "{{cluster}}", "short"),
            new("Heap used", "max by (name) (elasticsearch_jvm_memory_used_bytes{area=\"heap\"} / elasticsearch_jvm_memory_max_bytes{area=\"heap\"})", "{{name}}", "percentunit"),
            new("GC time by collector", $"sum by (name, gc) (rate(elasticsearch_jvm_gc_collection_seconds_sum[{RateInterval}]))", "{{name}} {{gc}}", "percentunit"),
            new("Indexing rate by node", $"sum by (name) (rate(elasticsearch_indices_indexing_index_total[{RateInterval}]))", "{{name}}", "ops"),
            new("Search rate by node", $"sum by (name) (rate(elasticsearch_indices_search_query_total[{RateInterval}]))", "{{name}}", "ops"),
            new("Thread pool rejections", $"sum by (name, type) (rate(elasticsearch_thread_pool_rejected_count[{RateInterval}])) > 0", "{{name}} {{type}}", "ops"),
            new("Data disk used by node", "max by (name) (1 - elasticsearch_filesystem_data_available_bytes / elasticsearch_filesystem_data_size_bytes)", "{{name}}", "percentunit"),
        ], DashboardSource.Controlplane),
    ];
}
