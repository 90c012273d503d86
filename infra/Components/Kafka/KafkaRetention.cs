using System.Globalization;
using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// What the logs topic keeps on each broker once retention.bytes caps it, and the check that this leaves
/// the kafkaDiskFreePercent threshold free: otherwise KafkaBrokerDiskFilling would sit at its threshold
/// in normal operation, and a real fill would have no room left to be noticed in.
/// </summary>
public static class KafkaRetention
{
    /// <summary>
    /// Kafka's default segment size (log.segment.bytes; not set here). retention.bytes deletes whole closed
    /// segments only, so a partition holds up to retention.bytes plus its active segment.
    /// </summary>
    public const long SegmentBytes = 1L << 30;

    private const decimal GiB = 1024m * 1024 * 1024;

    /// <summary>Partition replicas the busiest broker carries (Kafka spreads them evenly).</summary>
    public static int ReplicasPerBroker(StackSettings settings, int brokers, int replication) =>
        (int)Math.Ceiling(settings.Get(SettingsCatalog.KafkaLogPartitions) * replication / (decimal)brokers);

    /// <summary>Bytes the logs topic may occupy on the busiest broker when retention.bytes holds it.</summary>
    public static decimal SteadyStateBytesPerBroker(StackSettings settings, int brokers, int replication) =>
        ReplicasPerBroker(settings, brokers, replication) * (decimal)(settings.Get(SettingsCatalog.KafkaLogRetentionBytes) + SegmentBytes);

    /// <summary>
    /// The capacity model's Kafka part (docs/sizing.md): the size cap of the logs topic (retention.bytes per
    /// partition) must hold the stack's declared logVolumePerDay for the whole time retention, or the topic
    /// deletes logs before kafkaLogRetentionHours and the controlplane's consumer-lag alert, measured against
    /// that retention, fires too late. logVolumePerDay is the indexed size, an upper bound for what reaches
    /// Kafka (Fluent Bit compresses batches).
    /// </summary>
    public static void CheckHeadroom(StackContext context)
    {
        var settings = context.Settings;
        var hours = settings.Get(SettingsCatalog.KafkaLogRetentionHours);
        var partitions = settings.Get(SettingsCatalog.KafkaLogPartitions);
        var perPartition = (decimal)settings.Get(SettingsCatalog.KafkaLogRetentionBytes);
        if (perPartition < 0)
        {
            return;
        }

        var volume = KubeQuantity.Parse(settings.Get(SettingsCatalog.LogVolumePerDay));
        var needed = volume * hours / 24;
        if (needed <= perPartition * partitions)
        {
            return;
        }

        var fitting = decimal.Ceiling(needed / partitions);
        var heldHours = volume == 0 ? 0 : decimal.Floor(perPartition * partitions / volume * 24);
        context.Problems.Add(string.Create(CultureInfo.InvariantCulture,
            $"stack '{settings.Stack}': the logs topic's size cap ({SettingsCatalog.KafkaLogRetentionBytes.Key} {perPartition} x {partitions} partitions = {perPartition * partitions / GiB:0.#} GiB) holds only {heldHours} hours of the declared {SettingsCatalog.LogVolumePerDay.Key} {settings.Get(SettingsCatalog.LogVolumePerDay)}, less than {SettingsCatalog.KafkaLogRetentionHours.Key} {hours}: Kafka would delete logs Logstash has not read before the retention the lag alert counts on; fix one of: pulumi config set {SettingsCatalog.KafkaLogRetentionBytes.Key} {fitting} --stack {settings.Stack} (check the broker disk); pulumi config set {SettingsCatalog.KafkaLogPartitions.Key} {(int)decimal.Ceiling(needed / perPartition)} --stack {settings.Stack}; pulumi config set {SettingsCatalog.KafkaLogRetentionHours.Key} {Math.Max(1, heldHours)} --stack {settings.Stack}"));
    }

    /// <summary>Reports a stack whose steady state leaves less than the alert threshold free on a broker volume.</summary>
    public static void Check(StackContext context, int brokers, int replication)
    {
        var settings = context.Settings;
        var threshold = new RuleContext(settings).Thresholds.Get(Thresholds.KafkaDiskFreePercent, settings.Profile);
        if (threshold >= 100)
        {
            // A 100% threshold leaves no room to size against: the alert's prediction alone decides.
            return;
        }

        var size = settings.Get(SettingsCatalog.KafkaStorageSize);
        var volume = KubeQuantity.Parse(size);
        var used = SteadyStateBytesPerBroker(settings, brokers, replication);
        var usable = volume * (100 - threshold) / 100;
        if (used <= usable)
        {
            return;
        }

        var replicas = ReplicasPerBroker(settings, brokers, replication);
        var retention = SettingsCatalog.KafkaLogRetentionBytes.Key;
        var fittingRetention = decimal.Floor(usable / replicas) - SegmentBytes;
        var neededGiB = decimal.Ceiling(used / ((100 - threshold) / 100) / GiB);
        var fix = fittingRetention >= 1
            ? $"pulumi config set {retention} {fittingRetention.ToString(CultureInfo.InvariantCulture)} --stack {settings.Stack}, or grow {SettingsCatalog.KafkaStorageSize.Key} to {neededGiB}Gi"
            : $"pulumi config set {SettingsCatalog.KafkaStorageSize.Key} {neededGiB}Gi --stack {settings.Stack}";
        context.Problems.Add(string.Create(CultureInfo.InvariantCulture,
            $"stack '{settings.Stack}': the logs topic may hold {used / GiB:0.#} GiB on a Kafka broker ({replicas} partition replicas x ({retention} {settings.Get(SettingsCatalog.KafkaLogRetentionBytes)} + a 1 GiB segment)), more than the {100 - threshold}% of {SettingsCatalog.KafkaStorageSize.Key} {size} that the {Thresholds.KafkaDiskFreePercent.Name} threshold ({threshold}% free) allows: KafkaBrokerDiskFilling would be on the edge of firing all the time; fix: {fix}"));
    }
}
