namespace Infra.Config;

/// <summary>
/// Every alert threshold a stack may change (in <c>observability:alertThresholds</c>), declared once.
/// The rule library reads them through <see cref="AlertThresholds"/>.
/// </summary>
public static class Thresholds
{
    public static readonly Threshold NodeCpuHighPercent = new("nodeCpuHighPercent", 90, 95, "%", 1, 100, "Node CPU busy above this for 15m.");
    public static readonly Threshold NodeMemoryHighPercent = new("nodeMemoryHighPercent", 90, 95, "%", 1, 100, "Node memory in use above this for 15m.");
    public static readonly Threshold NodeFilesystemFreeWarningPercent = new("nodeFilesystemFreeWarningPercent", 15, 10, "%", 0, 100, "Filesystem free space below this and predicted to fill within 24h.");
    public static readonly Threshold NodeFilesystemFreeCriticalPercent = new("nodeFilesystemFreeCriticalPercent", 5, 3, "%", 0, 100, "Filesystem free space below this.");
    public static readonly Threshold NodeInodesFreeWarningPercent = new("nodeInodesFreeWarningPercent", 15, 10, "%", 0, 100, "Free inodes below this and predicted to run out within 24h.");
    public static readonly Threshold NodeInodesFreeCriticalPercent = new("nodeInodesFreeCriticalPercent", 5, 3, "%", 0, 100, "Free inodes below this.");
    public static readonly Threshold NodeClockSkewSeconds = new("nodeClockSkewSeconds", 0.05m, 0.5m, "s", 0.001m, 60, "Clock offset from NTP above this.");
    public static readonly Threshold NodeNetworkErrorRatio = new("nodeNetworkErrorRatio", 0.01m, 0.05m, "ratio", 0, 1, "Share of packets with receive or transmit errors.");
    public static readonly Threshold PvcFreeWarningPercent = new("pvcFreeWarningPercent", 15, 10, "%", 0, 100, "PersistentVolumeClaim free space below this and predicted to fill within 4 days.");
    public static readonly Threshold PvcFreeCriticalPercent = new("pvcFreeCriticalPercent", 3, 3, "%", 0, 100, "PersistentVolumeClaim free space below this.");
    public static readonly Threshold FluentBitBufferFreePercent = new("fluentBitBufferFreePercent", 20, 10, "%", 0, 100, "Fluent Bit output buffer capacity left below this (backlog while Kafka is unreachable).");
    public static readonly Threshold KafkaConsumerLagMessages = new("kafkaConsumerLagMessages", 1_000_000, 1_000_000, "messages", 1, 1_000_000_000_000, "Logstash consumer group lag on the logs topic above this many messages.");
    public static readonly Threshold KafkaConsumerLagSeconds = new("kafkaConsumerLagSeconds", 900, 3600, "s", 1, 604_800, "Estimated time for Logstash to catch up (lag divided by consumption rate) above this.");
    public static readonly Threshold KafkaDiskFreePercent = new("kafkaDiskFreePercent", 20, 10, "%", 0, 100, "Kafka broker volume free space below this.");
    public static readonly Threshold LogstashQueueVolumeFreePercent = new("logstashQueueVolumeFreePercent", 20, 10, "%", 0, 100, "Logstash persistent-queue volume free space below this.");
    public static readonly Threshold ElasticsearchDiskUsedWarningPercent = new("elasticsearchDiskUsedWarningPercent", 80, 85, "%", 1, 100, "Elasticsearch data disk used above this (the low watermark is 85%).");
    public static readonly Threshold ElasticsearchDiskUsedCriticalPercent = new("elasticsearchDiskUsedCriticalPercent", 88, 90, "%", 1, 100, "Elasticsearch data disk used above this (the high watermark is 90%: shards move away).");
    public static readonly Threshold ElasticsearchSnapshotMaxAgeHours = new("elasticsearchSnapshotMaxAgeHours", 26, 50, "h", 1, 8760, "Newest successful snapshot older than this.");

    public static IReadOnlyList<Threshold> All { get; } =
    [
        NodeCpuHighPercent, NodeMemoryHighPercent, NodeFilesystemFreeWarningPercent, NodeFilesystemFreeCriticalPercent,
        NodeInodesFreeWarningPercent, NodeInodesFreeCriticalPercent, NodeClockSkewSeconds, NodeNetworkErrorRatio,
        PvcFreeWarningPercent, PvcFreeCriticalPercent, FluentBitBufferFreePercent,
        KafkaConsumerLagMessages, KafkaConsumerLagSeconds, KafkaDiskFreePercent, LogstashQueueVolumeFreePercent,
        ElasticsearchDiskUsedWarningPercent, ElasticsearchDiskUsedCriticalPercent, ElasticsearchSnapshotMaxAgeHours,
    ];
}
