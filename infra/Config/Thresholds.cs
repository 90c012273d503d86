namespace Infra.Config;

/// <summary>
/// Every alert threshold a stack may change (in <c>observability:alertThresholds</c>), declared once,
/// each in the folder of the component whose rules use it (Components/&lt;Product&gt;/&lt;Product&gt;Thresholds.cs).
/// The rule library reads them through <see cref="AlertThresholds"/>.
/// </summary>
public static partial class Thresholds
{
    private static IReadOnlyList<Threshold>? _all;

    /// <summary>Every threshold, in documentation order (built on first use: the parts live in the component folders).</summary>
    public static IReadOnlyList<Threshold> All => _all ??=
    [
        NodeCpuHighPercent, NodeMemoryHighPercent, NodeMemoryCriticalPercent, NodeFilesystemFreeWarningPercent, NodeFilesystemFreeCriticalPercent,
        NodeInodesFreeWarningPercent, NodeInodesFreeCriticalPercent, NodeClockSkewSeconds, NodeNetworkErrorRatio,
        PvcFreeWarningPercent, PvcFreeCriticalPercent, ContainerMemoryLimitWarningPercent, ContainerMemoryLimitCriticalPercent, CertManagerExpiryWarningDays, CertManagerExpiryCriticalDays, FluentBitBufferFreePercent, FluentBitBufferFreeCriticalPercent,
        KafkaConsumerLagMessages, KafkaConsumerLagSeconds, KafkaDiskFreePercent, StrimziCertificateExpiryWarningDays, StrimziCertificateExpiryCriticalDays, LogstashQueueVolumeFreePercent, LogstashWorkerUtilizationWarningPercent, LogstashWorkerUtilizationCriticalPercent, LogstashHeapUsedPercent, LogsStoppedMinutes,
        ElasticsearchDiskUsedWarningPercent, ElasticsearchDiskUsedCriticalPercent, ElasticsearchSnapshotMaxAgeHours, ElasticsearchHeapUsedWarningPercent, ElasticsearchHeapUsedCriticalPercent,
    ];
}
