namespace Infra.Config;

/// <summary>The alert thresholds of Kafka's rules: part of the one list, declared beside the rules that use them.</summary>
public static partial class Thresholds
{
    public static readonly Threshold KafkaConsumerLagMessages = new("kafkaConsumerLagMessages", 1_000_000, 1_000_000, "messages", 1, 1_000_000_000_000, "Logstash consumer group lag on the logs topic above this many messages.");
    public static readonly Threshold KafkaConsumerLagSeconds = new("kafkaConsumerLagSeconds", 900, 3600, "s", 1, 604_800, "Estimated time for Logstash to catch up (lag divided by consumption rate) above this.");
    public static readonly Threshold KafkaDiskFreePercent = new("kafkaDiskFreePercent", 20, 10, "%", 0, 100, "Kafka broker volume free space below this.");
    public static readonly Threshold StrimziCertificateExpiryWarningDays = new("strimziCertificateExpiryWarningDays", 21, 21, "days", 1, 365, "A Strimzi-managed CA or certificate expiring in fewer days than this (warning; the operator renews 30 days ahead).");
    public static readonly Threshold StrimziCertificateExpiryCriticalDays = new("strimziCertificateExpiryCriticalDays", 7, 7, "days", 0, 365, "A Strimzi-managed CA or certificate expiring in fewer days than this (critical).");

    /// <summary>The alert thresholds of the Kafka product (KafkaProduct), in documentation order.</summary>
    public static IReadOnlyList<Threshold> OfKafka => [KafkaConsumerLagMessages, KafkaConsumerLagSeconds, KafkaDiskFreePercent, StrimziCertificateExpiryWarningDays, StrimziCertificateExpiryCriticalDays];
}
