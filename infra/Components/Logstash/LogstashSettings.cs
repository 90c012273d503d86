namespace Infra.Config;

/// <summary>The settings of Logstash (controlplane): part of the one catalog, declared beside the component that reads them.</summary>
public static partial class SettingsCatalog
{
    public static readonly Setting<string> LogstashStorageSize = Quantity("logstashStorageSize",
        "Persistent volume per Logstash pod, holding every pipeline's persisted queue and dead-letter queue (one pipeline per environment plus the controlplane; production 8 GiB + 1 GiB each, development 1 + 1, plus 2 GiB). The compile fails when it is too small for the environments listed; grow it then (the StorageClass must allow volume expansion), never shrink it.",
        "64Gi", "16Gi", SettingScope.ControlplaneOnly);

    public static readonly Setting<int> LogstashReplicas = Count("logstashReplicas",
        "Logstash pods (each runs every pipeline).", 2, 1, 50, SettingScope.ControlplaneOnly);

    public static readonly Setting<string> LogstashCpu = Cpu("logstashCpu",
        "CPU request of each Logstash pod.", "1", "250m", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> LogstashMemory = Quantity("logstashMemory",
        "Memory request and limit of each Logstash pod.", "2Gi", "2Gi", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> LogstashQueueSize = Quantity("logstashQueueSize",
        "Persisted queue of each Logstash pipeline (one per log source), on the Logstash volume; whole GiB or MiB.", "8Gi", "1Gi", SettingScope.ControlplaneOnly);
}
