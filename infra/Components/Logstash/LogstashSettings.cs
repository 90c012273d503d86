namespace Infra.Config;

/// <summary>The settings of Logstash (controlplane): part of the one catalog, declared beside the component that reads them.</summary>
public static partial class SettingsCatalog
{
    public static readonly Setting<string> LogstashStorageSize = Quantity("logstashStorageSize",
        "Persistent volume per Logstash pod, holding every pipeline's persisted queue and dead-letter queue (one pipeline per environment plus the controlplane's own): pipelines x (logstashQueueSize + logstashDeadLetterQueueSize) + 2 GiB (production: 256 MiB per pipeline, so 64Gi holds 248). The compile fails when it is too small for the environments listed; grow it then (the StorageClass must allow volume expansion), never shrink it.",
        "64Gi", "16Gi", SettingScope.ControlplaneOnly);

    public static readonly Setting<int> LogstashReplicas = Count("logstashReplicas",
        "Logstash pods. Each runs every pipeline and joins each environment's consumer group (logstash-<environment>), so Kafka divides the topic's partitions among the pods: every environment's kafkaLogPartitions must be at least this (the compile checks it; pods past the partitions would idle). The capacity model sizes the pods with a zone's share of them lost (⌈pods / elasticsearchZones⌉, which the required zone spread bounds; one with a single zone): the busiest of the others then holds the most partitions of each topic (docs/sizing.md).",
        3, 1, 50, SettingScope.ControlplaneOnly);

    public static readonly Setting<string> LogstashCpu = Cpu("logstashCpu",
        "CPU request of each Logstash pod.", "1", "250m", SettingScope.ControlplaneOnly);

    public static readonly Setting<int> LogstashEventsPerCore = Count("logstashEventsPerCore",
        "Events a second one CPU core of a Logstash pod sustains through this project's pipeline (Kafka input, JSON, date, mutate, Elasticsearch output): the capacity model's throughput per core. The default is an assumption, conservative next to published single-worker figures; measure it on the deployed controlplane and set it (docs/sizing.md, \"Logstash throughput\").",
        Components.LogCapacity.DefaultEventsPerCore, Components.LogCapacity.DefaultEventsPerCore, 100_000, SettingScope.ControlplaneOnly);

    public static readonly Setting<int> LogEventBytes = Count("logEventBytes",
        "Average bytes one log event takes as Elasticsearch stores it: the capacity model turns every source's logVolumePerDay into events a second with it (fewer bytes, more events). The default is an assumption; measure it on the deployed controlplane (store size over document count of the log data streams, docs/sizing.md, \"The capacity model\") and set it.",
        Components.LogCapacity.EventBytes, Components.LogCapacity.EventBytes, 1_048_576, SettingScope.ControlplaneOnly);

    public static readonly Setting<int> LogPeakOverMean = Count("logPeakOverMean",
        "The busiest hour's log rate over the day's mean, which the capacity model sizes Logstash for. The default (3) is an assumption for a daily traffic cycle; measure it from the Kafka topics' produce rate over a week (docs/sizing.md, \"The capacity model\") and set it.",
        Components.LogCapacity.PeakFactor, Components.LogCapacity.PeakFactor, 24, SettingScope.ControlplaneOnly);

    public static readonly Setting<string> LogstashMemory = Quantity("logstashMemory",
        "Memory request and limit of each Logstash pod; the JVM heap is half of it (LS_JAVA_OPTS). In production the heap is at least 4 GiB (Elastic's recommended least heap for typical ingestion), so 8Gi; it grows with the pipelines (one per environment plus the controlplane's own): the heap must hold an estimated 512 MiB + about 5 MiB per pipeline (workers x 125 events in flight + a fetched MiB per partition the pod holds), plus one pipeline's batches of the longest lines any source ships (workers x 125 x 2 x fluentBitMaxLineSize); the compile fails below that and names the memory to set (docs/sizing.md, Logstash).", "8Gi", "2Gi", SettingScope.ControlplaneOnly);

    public static readonly Setting<int> LogstashPipelineWorkers = Count("logstashPipelineWorkers",
        "Worker threads of each pipeline on each Logstash pod (pipeline.workers). Logstash's default is the node's CPU count, which with one pipeline per environment means hundreds of threads and batches in flight per pod; the pods share each topic's partitions, so an environment gets workers x logstashReplicas in all.",
        2, 1, 16, SettingScope.ControlplaneOnly);

    public static readonly Setting<string> LogstashQueueSize = Quantity("logstashQueueSize",
        "Persisted queue of each Logstash pipeline (one per log source) on each pod's volume; whole MiB, at least 128Mi (two 64 MiB pages). Small on purpose: the environment's Kafka is the durable buffer; when Elasticsearch is away the queue fills, the pipeline stops consuming and Kafka keeps the logs for kafkaLogRetentionHours (docs/log-pipeline.md).",
        "128Mi", "128Mi", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> LogstashDeadLetterQueueSize = Quantity("logstashDeadLetterQueueSize",
        "Dead-letter queue of each Logstash pipeline (documents Elasticsearch refused; their Kafka offsets are committed, so this is their only copy) on each pod's volume; whole MiB, at least 32Mi. When full, newer refused documents are dropped (LogstashDeadLetterQueueGrowing alerts first).",
        "128Mi", "64Mi", SettingScope.ControlplaneOnly);

    /// <summary>The settings of the Logstash product (LogstashProduct), in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> OfLogstash => [LogstashStorageSize, LogstashReplicas, LogstashCpu, LogstashEventsPerCore, LogEventBytes, LogPeakOverMean, LogstashMemory, LogstashPipelineWorkers, LogstashQueueSize, LogstashDeadLetterQueueSize];
}
