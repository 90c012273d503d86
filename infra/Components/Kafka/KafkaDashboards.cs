using static Infra.Components.Dashboard;

namespace Infra.Components;

/// <summary>Kafka's dashboards: overviews on the federated aggregates of its recording rules (selected by environment) and a view of its raw series.</summary>
internal static class KafkaDashboards
{
    public static IReadOnlyList<Dashboard> All { get; } =
    [
        new("obs-kafka", "Log buffer: Kafka", Kafka.ComponentName, [
            new("Logstash consumer lag (messages)", $"consumergroup:kafka_consumergroup_lag:sum{{{EnvironmentFilter}}}", "{{environment}} {{consumergroup}}", "short"),
            new("Produced messages", $"topic:kafka_topic_partition_current_offset:rate5m{{{EnvironmentFilter}}}", "{{environment}} {{topic}}", "ops"),
            new("Under-replicated partitions", $"topic:kafka_topic_partition_under_replicated:sum{{{EnvironmentFilter}}}", "{{environment}} {{topic}}", "short"),
        ]),
        // Raw broker (Strimzi Metrics Reporter) and Kafka Exporter series of one cluster, picked by datasource.
        new("obs-kafka-brokers", "Log buffer: Kafka brokers (per environment)", Kafka.ComponentName, [
            new("Brokers online", "count(kafka_server_replicamanager_leadercount)", "brokers", "short"),
            new("Active controllers", "sum(kafka_controller_kafkacontroller_activecontrollercount)", "controllers", "short"),
            new("Under-replicated partitions by broker", "sum by (pod) (kafka_server_replicamanager_underreplicatedpartitions)", "{{pod}}", "short"),
            new("Partitions under min ISR / offline", "label_replace(sum(kafka_server_replicamanager_underminisrpartitioncount), \"state\", \"under min ISR\", \"\", \"\") or label_replace(max(kafka_controller_kafkacontroller_offlinepartitionscount), \"state\", \"offline\", \"\", \"\")", "{{state}}", "short"),
            new("ISR shrinks by broker", $"sum by (pod) (rate(kafka_server_replicamanager_isrshrinkspersec_total[{RateInterval}]))", "{{pod}}", "ops"),
            new("ISR expands by broker", $"sum by (pod) (rate(kafka_server_replicamanager_isrexpandspersec_total[{RateInterval}]))", "{{pod}}", "ops"),
            new("Consumer lag by group and topic", "sum by (consumergroup, topic) (kafka_consumergroup_lag)", "{{consumergroup}} {{topic}}", "short"),
            new("Produced messages by topic", $"sum by (topic) (rate(kafka_server_brokertopicmetrics_messagesinpersec_total{{topic!=\"\"}}[{RateInterval}]))", "{{topic}}", "ops"),
            new("Bytes in by broker", $"sum by (pod) (rate(kafka_server_brokertopicmetrics_bytesinpersec_total{{topic!=\"\"}}[{RateInterval}]))", "{{pod}}", "Bps"),
            new("Failed produce requests", $"sum by (topic) (rate(kafka_server_brokertopicmetrics_failedproducerequestspersec_total{{topic!=\"\"}}[{RateInterval}]))", "{{topic}}", "reqps"),
        ], DashboardSource.PerEnvironment),
    ];
}
