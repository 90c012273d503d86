namespace Infra.Config;

/// <summary>The settings of Kafka: brokers, controllers, the logs topic and the external listener: part of the one catalog, declared beside the component that reads them.</summary>
public static partial class SettingsCatalog
{
    public static readonly Setting<int> KafkaBrokers = Count("kafkaBrokers",
        "Kafka broker nodes (development may run a single combined node).", 50);

    public static readonly Setting<int> KafkaControllers = Count("kafkaControllers",
        "KRaft controller nodes (3 make a quorum that survives the loss of one).", 9);

    public static readonly Setting<string> KafkaStorageSize = Quantity("kafkaStorageSize",
        "Persistent volume size per Kafka broker.");

    public static readonly Setting<int> KafkaLogRetentionHours = Count("kafkaLogRetentionHours",
        "How long the logs topic keeps records (it is a buffer: long enough to ride out a controlplane outage).", 8760);

    public static readonly Setting<long> KafkaLogRetentionBytes = new("kafkaLogRetentionBytes",
        "Size cap per partition of the logs topic, in bytes. Each broker holds its partition replicas at up to this plus a 1 GiB segment each, which must leave the kafkaDiskFreePercent threshold free on kafkaStorageSize (checked: KafkaBrokerDiskFilling would otherwise sit at its threshold).", SettingScope.AnyStack, $"integer from 1 to {MaxVolumeBytes} ({MaxVolume} in bytes)", ProfileExample("kafkaLogRetentionBytes", "25769803776"),
        PerProfile<long>("kafkaLogRetentionBytes"), ProfileDefaults("kafkaLogRetentionBytes"),
        v => v >= 1 && v <= MaxVolumeBytes ? null : $"must be between 1 and {MaxVolumeBytes} ({MaxVolume})") { FromProfile = true };

    public static readonly Setting<int> KafkaLogPartitions = Count("kafkaLogPartitions",
        "Partitions of the logs topic (the controlplane's Logstash consumes with up to this many workers).", 256);

    public static readonly Setting<string> KafkaExternalHost = Text("kafkaExternalHost",
        "DNS name of this environment's external Kafka listener (a load balancer; point the name at it, e.g. with external-dns). The controlplane's Logstash connects there. Required on environment stacks.",
        c => c.Role == StackRole.Environment ? null : string.Empty, "none (required on environment stacks)", "kafka.{stack}.example.com",
        v => HostPattern().IsMatch(v) ? null : "must be a DNS name such as kafka.production.example.com");

    public static readonly Setting<string> KafkaBrokerCpu = Cpu("kafkaBrokerCpu",
        "CPU request of each Kafka broker (no CPU limit: throttling a broker hurts more than it protects).");

    public static readonly Setting<string> KafkaBrokerMemory = Quantity("kafkaBrokerMemory",
        "Memory request and limit of each Kafka broker.");

    public static readonly Setting<string> KafkaControllerStorageSize = Quantity("kafkaControllerStorageSize",
        "Persistent volume per KRaft controller (metadata log only).");

    /// <summary>The settings of the Kafka product (KafkaProduct), in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> OfKafka => [KafkaBrokers, KafkaControllers, KafkaStorageSize, KafkaLogRetentionHours, KafkaLogRetentionBytes, KafkaLogPartitions, KafkaExternalHost, KafkaBrokerCpu, KafkaBrokerMemory, KafkaControllerStorageSize];
}
