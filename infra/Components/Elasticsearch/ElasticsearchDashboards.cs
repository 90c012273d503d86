using static Infra.Components.Dashboard;

namespace Infra.Components;

/// <summary>Elasticsearch's dashboards, on the federated aggregates its recording rules produce (every environment, selected by environment).</summary>
internal static class ElasticsearchDashboards
{
    public static IReadOnlyList<Dashboard> All { get; } =
    [
        new("obs-elasticsearch", "Log storage: Elasticsearch", Elasticsearch.ComponentName, [
            new("Indexing rate", $"es_cluster:elasticsearch_indexing_docs:rate5m{{{EnvironmentFilter}}}", "{{es_cluster}}", "ops"),
            new("Search rate", $"es_cluster:elasticsearch_search_queries:rate5m{{{EnvironmentFilter}}}", "{{es_cluster}}", "ops"),
            new("Fullest data disk", $"es_cluster:elasticsearch_filesystem_usage:max_ratio{{{EnvironmentFilter}}}", "{{es_cluster}}", "percentunit"),
        ]),
    ];
}
