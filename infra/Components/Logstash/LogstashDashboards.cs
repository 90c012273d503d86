using static Infra.Components.Dashboard;

namespace Infra.Components;

/// <summary>Logstash's dashboards: overviews on the federated aggregates of its recording rules (selected by environment) and a view of its raw series.</summary>
internal static class LogstashDashboards
{
    public static IReadOnlyList<Dashboard> All { get; } =
    [
        new("obs-logstash", "Log processing: Logstash", Logstash.ComponentName, [
            new("Events in / out", $"pipeline:logstash_events_in:rate5m{{{EnvironmentFilter}}} or pipeline:logstash_events_out:rate5m{{{EnvironmentFilter}}}", "{{pipeline}} {{__name__}}", "ops"),
            new("Dead-letter queue size", $"pipeline:logstash_dead_letter_queue_bytes:max{{{EnvironmentFilter}}}", "{{pipeline}}", "bytes"),
        ]),
        // Logstash runs on the controlplane only: one pipeline per environment, its exporter's raw series.
        new("obs-logstash-pipelines", "Log processing: Logstash pipelines", Logstash.ComponentName, [
            new("Events in by pipeline", $"sum by (pipeline) (rate(logstash_stats_pipeline_events_in[{RateInterval}]))", "{{pipeline}}", "ops"),
            new("Events out by pipeline", $"sum by (pipeline) (rate(logstash_stats_pipeline_events_out[{RateInterval}]))", "{{pipeline}}", "ops"),
            new("Persisted queue: events", "sum by (pipeline) (logstash_stats_pipeline_queue_events_count)", "{{pipeline}}", "short"),
            new("Persisted queue: size", "sum by (pipeline) (logstash_stats_pipeline_queue_events_queue_size)", "{{pipeline}}", "bytes"),
            new("Dead-letter queue size", "max by (pipeline) (logstash_stats_pipeline_dead_letter_queue_size_in_bytes)", "{{pipeline}}", "bytes"),
            new("Pipelines up", "min by (pipeline) (logstash_stats_pipeline_up)", "{{pipeline}}", "short"),
        ], DashboardSource.Controlplane),

        // From Fluent Bit to the index, per environment, on the federated aggregates of each stage.
        new("obs-log-pipeline", "Log pipeline overview", Logstash.ComponentName, [
            new("1. Fluent Bit: records sent", $"cluster:fluentbit_output_records:rate5m{{{EnvironmentFilter}}}", "{{environment}}", "ops"),
            new("1. Fluent Bit: dropped records", $"cluster:fluentbit_output_dropped_records:rate5m{{{EnvironmentFilter}}}", "{{environment}}", "ops"),
            new("2. Kafka: messages produced", $"sum by (environment) (topic:kafka_topic_partition_current_offset:rate5m{{{EnvironmentFilter}}})", "{{environment}}", "ops"),
            new("2. Kafka: Logstash consumer lag", $"sum by (environment) (consumergroup:kafka_consumergroup_lag:sum{{{EnvironmentFilter}}})", "{{environment}}", "short"),
            new("3. Logstash: events in / out by pipeline (one per environment)", "pipeline:logstash_events_in:rate5m or pipeline:logstash_events_out:rate5m", "{{pipeline}} {{__name__}}", "ops"),
            new("3. Logstash: dead-letter queue by pipeline", "pipeline:logstash_dead_letter_queue_bytes:max", "{{pipeline}}", "bytes"),
            new("4. Elasticsearch: indexing rate", "es_cluster:elasticsearch_indexing_docs:rate5m", "{{es_cluster}}", "ops"),
            new("4. Elasticsearch: fullest data disk", "es_cluster:elasticsearch_filesystem_usage:max_ratio", "{{es_cluster}}", "percentunit"),
        ]),
    ];
}
