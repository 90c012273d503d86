using Infra.Config;

namespace Infra.Components;

/// <summary>What Logstash reads of the stack's settings, bound once (<see cref="Bind"/>).</summary>
/// <param name="Stack">The stack's name (its own source pipeline, and the fixes its problems print).</param>
/// <param name="Environment">The controlplane's environment label.</param>
/// <param name="Cluster">The controlplane's cluster label.</param>
/// <param name="LogTimeZone">The time zone of the controlplane's own logs.</param>
/// <param name="Replicas">Logstash pods.</param>
/// <param name="Cpu">Each pod's CPU request.</param>
/// <param name="Memory">Each pod's memory request and limit (the heap is half).</param>
/// <param name="PipelineWorkers">Workers per pipeline.</param>
/// <param name="StorageSize">Each pod's volume (the persisted and dead-letter queues).</param>
/// <param name="QueueSize">logstashQueueSize as set.</param>
/// <param name="DeadLetterQueueSize">logstashDeadLetterQueueSize as set.</param>
/// <param name="KafkaLogPartitions">Partitions of the controlplane's own logs topic.</param>
/// <param name="ElasticsearchZones">The zones Elasticsearch spreads over (Logstash's pods follow).</param>
/// <param name="Rules">What Logstash's alert rules read.</param>
/// <param name="Sizing">The settings the heap estimate (<see cref="Logstash.HeapInputs(StackSettings, IReadOnlyList{EnvironmentFacts})"/>: the capacity model, many keys) and the volume claim template (storage class) read.</param>
public sealed record LogstashArgs(
    string Stack,
    string Environment,
    string Cluster,
    string LogTimeZone,
    int Replicas,
    string Cpu,
    string Memory,
    int PipelineWorkers,
    string StorageSize,
    string QueueSize,
    string DeadLetterQueueSize,
    int KafkaLogPartitions,
    int ElasticsearchZones,
    RuleContext Rules,
    StackSettings Sizing)
{
    public static LogstashArgs Bind(StackSettings settings) => new(
        settings.Stack,
        settings.Environment,
        settings.Cluster,
        settings.Get(SettingsCatalog.LogTimeZone),
        settings.Get(SettingsCatalog.LogstashReplicas),
        settings.Get(SettingsCatalog.LogstashCpu),
        settings.Get(SettingsCatalog.LogstashMemory),
        settings.Get(SettingsCatalog.LogstashPipelineWorkers),
        settings.Get(SettingsCatalog.LogstashStorageSize),
        settings.Get(SettingsCatalog.LogstashQueueSize),
        settings.Get(SettingsCatalog.LogstashDeadLetterQueueSize),
        settings.Get(SettingsCatalog.KafkaLogPartitions),
        settings.Get(SettingsCatalog.ElasticsearchZones),
        new RuleContext(settings),
        settings);
}
