namespace Infra.Config;

/// <summary>The settings of Fluent Bit: part of the one catalog, declared beside the component that reads them.</summary>
public static partial class SettingsCatalog
{
    // Fluent Bit's own size syntax, not a Kubernetes quantity: it reads "8Gi" as invalid.
    public static readonly Setting<string> FluentBitBufferLimit = new("fluentBitBufferLimit",
        "Maximum filesystem buffer per node for the Kafka output when Kafka is unreachable (Fluent Bit size: a number and K, M or G, optionally followed by B).",
        SettingScope.AnyStack, "Fluent Bit size such as 8G", "8G",
        c => c.Profile == Profile.Production ? "8G" : "1G", "production: 8G, development: 1G",
        v => !FluentBitSizePattern().IsMatch(v) ? "must be a Fluent Bit size such as 8G or 512M (K, M or G, optionally followed by B; not Gi)"
            // 0 would lift the limit (Fluent Bit reads it as none); more than a volume can hold cannot be a node's disk.
            : FluentBitSize.Bytes(v) is > 0 and <= MaxVolumeBytes ? null
            : $"must be a Fluent Bit size from 1K to {MaxVolumeBytes / 1_000_000_000}G (at most {MaxVolume}, a node's largest volume) such as 8G");

    /// <summary>Bounds of <see cref="FluentBitMaxLineSize"/>: below 16K ordinary stack traces would be skipped; up to 8M a record stays well below Logstash's 64mb queue page.</summary>
    public const long FluentBitMinLineBytes = 16_000;
    public const long FluentBitMaxLineBytes = 8_000_000;

    public static readonly Setting<string> FluentBitMaxLineSize = new("fluentBitMaxLineSize",
        "Longest container log line Fluent Bit ships (Fluent Bit size, decimal: 1M is 1,000,000 bytes). A longer line is skipped whole (counted in fluentbit_input_long_line_skipped_total); every tailed file's read buffer may grow to this size. The Kafka record limits (producer message.max.bytes, the logs topic's max.message.bytes) and Fluent Bit's memory budget follow from it.",
        SettingScope.AnyStack, "Fluent Bit size from 16K to 8M", "1M",
        _ => "1M", "1M",
        v => FluentBitSizePattern().IsMatch(v) && FluentBitSize.Bytes(v) is >= FluentBitMinLineBytes and <= FluentBitMaxLineBytes
            ? null
            : "must be a Fluent Bit size from 16K to 8M such as 1M or 256K (K or M, optionally followed by B; decimal units)");

    public static readonly Setting<string> FluentBitMultilineBufferLimit = new("fluentBitMultilineBufferLimit",
        "Largest record Fluent Bit assembles from a container runtime's partial lines (containerd and Docker split a long line into 16 KiB parts; service multiline_buffer_limit, upstream default 2MB). A longer record is flushed truncated (fluentbit_input_multiline_truncated_total, FluentBitMultilineTruncated). Empty: fluentBitMaxLineSize. The compile refuses a limit above fluentBitMaxLineSize, from which the Kafka record limits follow: a larger record would fail its whole chunk.",
        SettingScope.AnyStack, "Fluent Bit size from 16K to 8M, or empty", "512K",
        _ => string.Empty, "empty (fluentBitMaxLineSize)",
        v => v.Length == 0 || (FluentBitSizePattern().IsMatch(v) && FluentBitSize.Bytes(v) is >= FluentBitMinLineBytes and <= FluentBitMaxLineBytes)
            ? null
            : "must be empty or a Fluent Bit size from 16K to 8M such as 1M or 256K (K or M, optionally followed by B; decimal units)");

    public static readonly Setting<string> FluentBitBufferDiskSize = Quantity("fluentBitBufferDiskSize",
        "Size of the filesystem each node mounts at Fluent Bit's buffer host path (/var/lib/fluent-bit): give it a dedicated volume (the node group's launch template), so a long Kafka outage fills that volume and never the node's root filesystem (DiskPressure evicts applications). The compile refuses a fluentBitBufferLimit above 90% of it.",
        "10Gi", "2Gi");

    /// <summary>The settings of the FluentBit product (FluentBitProduct), in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> OfFluentBit => [FluentBitBufferLimit, FluentBitMaxLineSize, FluentBitMultilineBufferLimit, FluentBitBufferDiskSize];
}
