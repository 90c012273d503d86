namespace Infra.Config;

/// <summary>The settings of Fluent Bit: part of the one catalog, declared beside the component that reads them.</summary>
public static partial class SettingsCatalog
{
    // Fluent Bit's own size syntax, not a Kubernetes quantity: it reads "8Gi" as invalid.
    public static readonly Setting<string> FluentBitBufferLimit = new("fluentBitBufferLimit",
        "Maximum filesystem buffer per node for the Kafka output when Kafka is unreachable (Fluent Bit size: a number and K, M or G, optionally followed by B).",
        SettingScope.AnyStack, "Fluent Bit size such as 8G", "8G",
        c => c.Profile == Profile.Production ? "8G" : "1G", "production: 8G, development: 1G",
        v => FluentBitSizePattern().IsMatch(v) ? null : "must be a Fluent Bit size such as 8G or 512M (K, M or G, optionally followed by B; not Gi)");
}
