using static Infra.Components.Dashboard;

namespace Infra.Components;

/// <summary>Kafka's dashboards, on the federated aggregates its recording rules produce (every environment, selected by environment).</summary>
internal static class KafkaDashboards
{
    public static IReadOnlyList<Dashboard> All { get; } =
    [
        new("obs-kafka", "Log buffer: Kafka", Kafka.ComponentName, [
            new("Logstash consumer lag (messages)", $"consumergroup:kafka_consumergroup_lag:sum{{{EnvironmentFilter}}}", "{{environment}} {{consumergroup}}", "short"),
            new("Produced messages", $"topic:kafka_topic_partition_current_offset:rate5m{{{EnvironmentFilter}}}", "{{environment}} {{topic}}", "ops"),
            new("Under-replicated partitions", $"topic:kafka_topic_partition_under_replicated:sum{{{EnvironmentFilter}}}", "{{environment}} {{topic}}", "short"),
        ]),
    ];
}
