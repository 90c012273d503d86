using static Infra.Components.Dashboards.Dashboard;

namespace Infra.Components.Dashboards;

/// <summary>
/// The dashboards Grafana ships, one per component, all on the federated aggregates that the
/// components' recording rules produce (so every environment shows up, selected by environment).
/// </summary>
public static class PlatformDashboards
{
    public static IReadOnlyList<Dashboard> All { get; } =
    [
        new("obs-nodes", "Nodes", NodeExporter.ComponentName, [
            new("CPU busy", $"instance:node_cpu_utilisation:ratio{{{EnvironmentFilter}}}", "{{environment}} {{instance}}", "percentunit"),
            new("Memory used", $"instance:node_memory_utilisation:ratio{{{EnvironmentFilter}}}", "{{environment}} {{instance}}", "percentunit"),
            new("Fullest filesystem", $"instance:node_filesystem_usage:max_ratio{{{EnvironmentFilter}}}", "{{environment}} {{instance}}", "percentunit"),
            new("Network traffic", $"instance:node_network_bytes:rate5m{{{EnvironmentFilter}}}", "{{environment}} {{instance}}", "Bps"),
        ]),
        new("obs-workloads", "Kubernetes workloads", KubePrometheus.ComponentName, [
            new("CPU by namespace", $"namespace:container_cpu_usage_seconds:sum_rate{{{EnvironmentFilter}}}", "{{environment}} {{namespace}}", "short"),
            new("Memory by namespace", $"namespace:container_memory_working_set_bytes:sum{{{EnvironmentFilter}}}", "{{environment}} {{namespace}}", "bytes"),
            new("Container restarts (1h)", $"namespace:kube_pod_container_restarts:increase1h{{{EnvironmentFilter}}}", "{{environment}} {{namespace}}", "short"),
            new("Pods not ready", $"namespace:kube_pod_not_ready:count{{{EnvironmentFilter}}}", "{{environment}} {{namespace}}", "short"),
        ]),
        new("obs-fluent-bit", "Log collection: Fluent Bit", FluentBit.ComponentName, [
            new("Records in / out", $"cluster:fluentbit_input_records:rate5m{{{EnvironmentFilter}}} or cluster:fluentbit_output_records:rate5m{{{EnvironmentFilter}}}", "{{environment}} {{__name__}}", "ops"),
            new("Output errors and retries", $"cluster:fluentbit_output_errors:rate5m{{{EnvironmentFilter}}} or cluster:fluentbit_output_retries:rate5m{{{EnvironmentFilter}}}", "{{environment}} {{__name__}}", "ops"),
            new("Dropped records", $"cluster:fluentbit_output_dropped_records:rate5m{{{EnvironmentFilter}}}", "{{environment}}", "ops"),
            new("Buffer capacity left (lowest pod)", $"min by (environment) (pod:fluentbit_output_chunk_available_capacity:min_percent{{{EnvironmentFilter}}})", "{{environment}}", "percent"),
        ]),
        new("obs-kafka", "Log buffer: Kafka", Kafka.ComponentName, [
            new("Logstash consumer lag (messages)", $"consumergroup:kafka_consumergroup_lag:sum{{{EnvironmentFilter}}}", "{{environment}} {{consumergroup}}", "short"),
            new("Produced messages", $"topic:kafka_topic_partition_current_offset:rate5m{{{EnvironmentFilter}}}", "{{environment}} {{topic}}", "ops"),
            new("Under-replicated partitions", $"topic:kafka_topic_partition_under_replicated:sum{{{EnvironmentFilter}}}", "{{environment}} {{topic}}", "short"),
        ]),
        new("obs-logstash", "Log processing: Logstash", Logstash.ComponentName, [
            new("Events in / out", $"pipeline:logstash_events_in:rate5m{{{EnvironmentFilter}}} or pipeline:logstash_events_out:rate5m{{{EnvironmentFilter}}}", "{{pipeline}} {{__name__}}", "ops"),
            new("Dead-letter queue size", $"pipeline:logstash_dead_letter_queue_bytes:max{{{EnvironmentFilter}}}", "{{pipeline}}", "bytes"),
        ]),
        new("obs-elasticsearch", "Log storage: Elasticsearch", Elasticsearch.ComponentName, [
            new("Indexing rate", $"es_cluster:elasticsearch_indexing_docs:rate5m{{{EnvironmentFilter}}}", "{{es_cluster}}", "ops"),
            new("Search rate", $"es_cluster:elasticsearch_search_queries:rate5m{{{EnvironmentFilter}}}", "{{es_cluster}}", "ops"),
            new("Fullest data disk", $"es_cluster:elasticsearch_filesystem_usage:max_ratio{{{EnvironmentFilter}}}", "{{es_cluster}}", "percentunit"),
        ]),
        new("obs-federation", "Federation overview", KubePrometheus.ComponentName, [
            new("Environments federated (1 = up)", $"up{{job=~\"{Federation.JobPrefix}.+\"}}", "{{job}}", "short"),
            new("Federation scrape duration", $"scrape_duration_seconds{{job=~\"{Federation.JobPrefix}.+\"}}", "{{job}}", "s"),
            new("Federated samples per scrape", $"scrape_samples_scraped{{job=~\"{Federation.JobPrefix}.+\"}}", "{{job}}", "short"),
            new("Firing alerts by environment", $"count by (environment, severity) (ALERTS{{alertstate=\"firing\",{EnvironmentFilter}}})", "{{environment}} {{severity}}", "short"),
            new("Active series by environment", $"job:prometheus_tsdb_head_series:max{{{EnvironmentFilter}}}", "{{environment}}", "short"),
        ]),
    ];
}
