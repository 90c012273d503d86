using System.Text.RegularExpressions;

namespace Infra.Config;

/// <summary>
/// Every config key the program reads, declared once: type, description, scope and default per
/// profile. A key that is not here is rejected as unknown (with a suggestion for misspellings).
/// </summary>
public static partial class SettingsCatalog
{
    /// <summary>The project namespace of every key (the project name in Pulumi.yaml).</summary>
    public const string Namespace = "observability";

    /// <summary>
    /// The largest volume a size setting accepts: the largest single block volume the big clouds offer
    /// (GCE persistent disk and Azure Ultra Disk; an EBS volume stops at 16 TiB).
    /// </summary>
    public const string MaxVolume = "64Ti";

    private const long MaxVolumeBytes = 64L * 1024 * 1024 * 1024 * 1024;

    /// <summary>The largest CPU request a sizing setting accepts (cores): more than any one node offers.</summary>
    public const int MaxCpu = 256;

    // --- Identity, safety and the rule library (every stack) ----------------------------------

    public static readonly Setting<string> Role = Enum("role",
        "What the stack deploys: 'environment' (collectors, Kafka, Prometheus, Alertmanager), 'controlplane' (also Elasticsearch, Kibana, Logstash, Grafana and federation) or 'oncall' (PagerDuty teams, schedules, escalation policies and one service per paging environment; no cluster, docs/oncall.md).",
        ["environment", "controlplane", "oncall"], _ => "environment", "environment");

    /// <summary>The role a value of <see cref="Role"/> names (anything unknown is reported by the binder and read as environment).</summary>
    public static StackRole RoleOf(string? role) => role switch
    {
        "controlplane" => StackRole.Controlplane,
        "oncall" => StackRole.OnCall,
        _ => StackRole.Environment,
    };

    /// <summary>Whether a stack of that role may set (and binds) the key: the on-call stack has its own keys only.</summary>
    public static bool AppliesTo(SettingDefinition setting, StackRole role) => setting.Scope switch
    {
        SettingScope.OnCallOnly => role == StackRole.OnCall,
        _ => role != StackRole.OnCall,
    };

    /// <summary>The secrets a stack needs with these settings (only those of its role).</summary>
    public static IEnumerable<SecretSetting> RequiredSecrets(StackSettings settings) =>
        All.OfType<SecretSetting>().Where(s => AppliesTo(s, settings.Role) && s.RequiredWhen(settings));

    public static readonly Setting<string> ProfileName = Enum("profile",
        "Sizing and durability profile: 'production' (HA, persistent, protected) or 'development' (single replicas, small volumes).",
        ["production", "development"], _ => "production", "production");

    public static readonly Setting<string> EnvironmentLabel = Label("environment",
        "Value of the 'environment' label on every metric, log and alert of this stack.", c => c.Stack, "the stack name");

    public static readonly Setting<string> ClusterLabel = Label("cluster",
        "Value of the 'cluster' label on every metric, log and alert of this stack.", c => c.Stack, "the stack name");

    public static readonly Setting<string> KubeContext = Text("kubeContext",
        "kubeconfig context of the cluster this stack deploys to. Required: a stack never falls back to kubectl's current context.",
        _ => null, "none (required)", "<kubeconfig context of the {stack} cluster>", v => v.Length == 0 ? "must not be empty" : null);

    public static readonly Setting<string> StorageClass = Text("storageClass",
        "StorageClass for every persistent volume; empty uses the cluster's default class.",
        _ => string.Empty, "\"\" (cluster default)", "gp3");

    public static readonly Setting<bool> ProtectStatefulResources = Flag("protectStatefulResources",
        "Set Pulumi 'protect' on stateful resources (namespaces with data, Kafka, Elasticsearch, Prometheus) so 'pulumi destroy' cannot delete them.",
        c => c.Profile == Profile.Production, "production: true, development: false");

    public static readonly Setting<AlertThresholds> AlertThresholdValues = new("alertThresholds",
        "Alert thresholds that differ from the profile defaults, as a mapping (e.g. {nodeCpuHighPercent: 95}); the thresholds and their defaults are listed below.",
        SettingScope.AnyStack, "mapping of threshold name to number", "{\"nodeCpuHighPercent\": 95}",
        _ => AlertThresholds.None, "{} (profile defaults)", structured: AlertThresholds.Parse);

    public static readonly Setting<string> RunbookBaseUrl = Text("runbookBaseUrl",
        "Where docs/runbooks.md of this repository is served; every alert links to <base>#<alert name in lower case>.",
        _ => "https://runbooks.observability.internal", "https://runbooks.observability.internal", "https://git.example.com/platform/observability/-/blob/main/docs/runbooks.md",
        v => Uri.TryCreate(v, UriKind.Absolute, out var u) && u.Scheme == "https" ? null : "must be an absolute https URL");

    // --- Endpoints other clusters reach, and their TLS (every stack) ---------------------------

    public static readonly Setting<StringList> ControlplaneCidrs = new("controlplaneCidrs",
        "Source ranges of the controlplane's egress (NAT) addresses: the only sources allowed through the load balancers of the federation endpoint and the external Kafka listener; empty allows any source (authentication and TLS still apply).",
        SettingScope.AnyStack, "list of CIDRs", "[\"203.0.113.0/24\"]",
        _ => StringList.Empty, "[] (any source)",
        v => v.Items.FirstOrDefault(i => !IsNetwork(i)) is { } bad
            ? $"item '{bad}' is not a network in CIDR notation such as 203.0.113.0/24 (prefix 0-32, no host bits set)"
            : null);

    public static readonly Setting<string> LoadBalancerScheme = Enum("loadBalancerScheme",
        "Scheme of the stack's AWS load balancers (made by the AWS Load Balancer Controller): on environments the Network Load Balancers of the federation endpoint and the external Kafka listener, on the controlplane the Application Load Balancer of Grafana and Kibana. 'internal' (private subnets: the controlplane reaches environments over peering or a transit gateway, people reach the user interfaces over VPN) is the default, so nothing is published to the internet unless a stack says so; 'internet-facing' (public subnets) needs source ranges (controlplaneCidrs; userInterfaceAllowedCidrs on the controlplane). Changing it later makes the controller replace the load balancers (new addresses; external-dns follows).",
        ["internet-facing", "internal"], _ => "internal", "internal");

    public static readonly Setting<string> TlsClusterIssuer = Text("tlsClusterIssuer",
        "cert-manager ClusterIssuer that signs the certificates of the endpoints other clusters reach (federation gateway, Kafka external listener). cert-manager is a cluster prerequisite; use an issuer whose CA the controlplane trusts (a public ACME issuer, say).",
        _ => "letsencrypt-prod", "letsencrypt-prod", "letsencrypt-prod",
        v => StackNamePattern().IsMatch(v) ? null : "must be a ClusterIssuer name (lower-case letters, digits and '-')");

    public static readonly Setting<string> TlsCaCertificate = Text("tlsCaCertificate",
        "PEM certificate of the CA behind tlsClusterIssuer, when that CA is private (a cert-manager CA or Vault issuer). Exported to the controlplane, whose Logstash and Prometheus then trust it for this environment's Kafka listener and federation endpoint, besides the public CAs. Empty: the issuer's certificates are publicly trusted (an ACME issuer).",
        _ => string.Empty, "\"\" (a publicly trusted issuer)", "<PEM of your issuer's CA certificate>",
        v => v.Length == 0 || PemCertificatePattern().IsMatch(v) ? null : "must be one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----), or empty for a publicly trusted issuer");

    // --- Log sources and the controlplane --------------------------------------------------------

    public static readonly Setting<StringList> Environments = new("environments",
        "Environment stacks the controlplane federates and whose logs it consumes (stack names in this project).",
        SettingScope.ControlplaneOnly, "list of stack names", "[\"production\", \"development\"]",
        _ => StringList.Empty, "[]",
        v => v.Items.FirstOrDefault(i => !StackNamePattern().IsMatch(i)) is { } bad ? $"item '{bad}' is not a stack name (lower-case letters, digits and '-')"
            : v.Items.GroupBy(i => i, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice ? $"lists '{twice.Key}' more than once; remove the repeated entry"
            : null);

    public static readonly Setting<int> LogRetentionDays = Count("logRetentionDays",
        "Days this environment's logs stay in Elasticsearch before the ILM delete phase of its data stream removes them (set on each stack; the controlplane reads the environments' values from their stack outputs).", 30, 7, 3650);

    public static readonly Setting<string> LogVolumePerDay = Quantity("logVolumePerDay",
        "Logs this stack's cluster sends a day, as stored in Elasticsearch (one copy, after indexing). Set on each stack from measurement (docs/sizing.md); the controlplane reads every environment's value from its stack file and sizes Elasticsearch's disk and nodes, Logstash's pods and the shards from the sum (the capacity model, checked at compile time).",
        "3Gi", "1Gi");

    public static readonly Setting<bool> LogCapacityShortfallAcknowledged = new("logCapacityShortfallAcknowledged",
        "Turns the capacity model's compile error (the environments' declared log volume does not fit Elasticsearch's disk, nodes or Logstash's pods) into a warning, for a staged rollout: grow the cluster in the next change. Elasticsearch stops every write at its flood-stage watermark, so do not leave it set.",
        SettingScope.ControlplaneOnly, "boolean (true or false)", "true", _ => false, "false");

    public static readonly Setting<string> LogTimeZone = Text("logTimeZone",
        "IANA time zone of application timestamps that carry no offset (e.g. 2026-11-25 10:00:00); Logstash converts them to UTC in @timestamp. Timestamps with an offset keep it.",
        _ => "UTC", "UTC", "Europe/Paris",
        // Logstash's date filter resolves the name with Joda-Time (DateTimeZone.forID), which knows the tz
        // database's zones and links; NodaTime's copy of the same database decides here (docs/log-pipeline.md).
        v => NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(v) is not null ? null : "must be a time zone of the tz database such as UTC, CET or Europe/Paris");

    public static readonly Setting<string> AwsRegion = Text("awsRegion",
        "AWS region of the Elasticsearch snapshot bucket and its IAM role (controlplane only).",
        c => c.Role == StackRole.Controlplane ? null : string.Empty, "none (required on the controlplane)", "eu-west-1",
        v => AwsRegionPattern().IsMatch(v) ? null : "must be an AWS region such as eu-west-1", SettingScope.ControlplaneOnly);

    /// <summary>
    /// The stack-wide keys that belong to no product (identity, safety, the rule library, endpoints other
    /// clusters reach, the log sources), in documentation order. A product's keys are listed in its folder
    /// (Components/&lt;Product&gt;/&lt;Product&gt;Settings.cs, parts of this class) and reach <see cref="All"/>
    /// through its manifest in <see cref="Components.Products.All"/>.
    /// </summary>
    public static IReadOnlyList<SettingDefinition> Core =>
    [
        Role, ProfileName, EnvironmentLabel, ClusterLabel, KubeContext, StorageClass, ProtectStatefulResources, AlertThresholdValues, RunbookBaseUrl,
        ControlplaneCidrs, LoadBalancerScheme, TlsClusterIssuer, TlsCaCertificate,
        Environments, LogRetentionDays, LogVolumePerDay, LogCapacityShortfallAcknowledged, LogTimeZone, AwsRegion,
    ];

    private static IReadOnlyList<SettingDefinition>? _all;

    /// <summary>
    /// Every setting, in documentation order: <see cref="Core"/>, then each product's in the order of
    /// <see cref="Components.Products.All"/>. Built on first use, so the order in which the parts' fields
    /// are initialized cannot matter.
    /// </summary>
    public static IReadOnlyList<SettingDefinition> All => _all ??= [.. Core, .. Components.Products.Settings];

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    internal static partial Regex StackNamePattern();

    [GeneratedRegex("^[0-9]+(ms|s|m|h|d|w|y)$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$")]
    private static partial Regex QuantityPattern();

    [GeneratedRegex("^([0-9]+m|[0-9]+(\\.[0-9]{1,3})?)$")]
    private static partial Regex CpuPattern();

    [GeneratedRegex("^[0-9]+[KMG]B?$")]
    private static partial Regex FluentBitSizePattern();

    [GeneratedRegex("^-----BEGIN CERTIFICATE-----\\r?\\n[A-Za-z0-9+/=\\r\\n]+-----END CERTIFICATE-----\\r?\\n?$")]
    private static partial Regex PemCertificatePattern();

    [GeneratedRegex("^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")]
    private static partial Regex HostPattern();

    // No leading zeros: .NET reads them as octal, Kubernetes as decimal or not at all.
    [GeneratedRegex("^((0|[1-9][0-9]{0,2})\\.){3}(0|[1-9][0-9]{0,2})/(0|[1-9][0-9]?)$")]
    private static partial Regex CidrPattern();

    /// <summary>An IPv4 network in CIDR notation with no host bits set, as load balancers and ipBlock need it.</summary>
    private static bool IsNetwork(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!CidrPattern().IsMatch(text)
            || !System.Net.IPAddress.TryParse(text[..slash], out var address)
            || !int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix)
            || prefix > 32)
        {
            return false;
        }

        var bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
        var hostBits = prefix == 0 ? uint.MaxValue : (1u << (32 - prefix)) - 1;
        return (bits & hostBits) == 0;
    }

    [GeneratedRegex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/[a-z0-9.\\-]+(/[A-Za-z0-9]+)*$")]
    private static partial Regex OidcArnPattern();

    [GeneratedRegex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$")]
    private static partial Regex AwsRegionPattern();

    private static Setting<string> Enum(string name, string description, string[] allowed, Func<DefaultContext, string> defaultValue, string defaultText) =>
        new(name, description, SettingScope.AnyStack, $"one of {string.Join(", ", allowed)}", allowed[0], defaultValue, defaultText,
            v => allowed.Contains(v) ? null : $"must be one of {string.Join(", ", allowed)}");

    private static Setting<string> Label(string name, string description, Func<DefaultContext, string> defaultValue, string defaultText) =>
        new(name, description, SettingScope.AnyStack, "label value (lower-case letters, digits and '-')", "{stack}", defaultValue, defaultText,
            v => StackNamePattern().IsMatch(v) ? null : "must be lower-case letters, digits and '-' (at most 63)");

    private static Setting<string> Text(string name, string description, Func<DefaultContext, string?> defaultValue, string defaultText,
        string example, Func<string, string?>? validate = null, SettingScope scope = SettingScope.AnyStack) =>
        new(name, description, scope, "string", example, defaultValue, defaultText, validate);

    private static Setting<bool> Flag(string name, string description, Func<DefaultContext, bool> defaultValue, string defaultText) =>
        new(name, description, SettingScope.AnyStack, "boolean (true or false)", "true", c => defaultValue(c), defaultText);

    private static Setting<int> Count(string name, string description, int production, int development, int max, SettingScope scope = SettingScope.AnyStack) =>
        new(name, description, scope, $"integer from 1 to {max}", production.ToString(System.Globalization.CultureInfo.InvariantCulture),
            c => c.Profile == Profile.Production ? production : development, $"production: {production}, development: {development}",
            v => v >= 1 && v <= max ? null : $"must be between 1 and {max}");

    private static Setting<string> Duration(string name, string description, string production, string development) =>
        new(name, description, SettingScope.AnyStack, "duration such as 15d, 12h or 90m", production,
            c => c.Profile == Profile.Production ? production : development, $"production: {production}, development: {development}",
            v => !DurationPattern().IsMatch(v) ? "must be a duration such as 15d, 12h or 90m"
                : DurationSeconds(v) is > 0 and <= MaxDurationSeconds ? null
                : $"must be more than 0 and at most {MaxDuration} (0 would mean the product's own default; ten years is past any retention a volume holds)");

    /// <summary>The longest duration a duration setting accepts: ten years.</summary>
    public const string MaxDuration = "3650d";

    private const long MaxDurationSeconds = 3650L * 86_400;

    /// <summary>Seconds of a duration matching <see cref="DurationPattern"/>; null when it overflows.</summary>
    private static long? DurationSeconds(string value)
    {
        var unit = value.EndsWith("ms", StringComparison.Ordinal) ? "ms" : value[^1..];
        if (!long.TryParse(value[..^unit.Length], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        long factor = unit switch { "s" => 1, "m" => 60, "h" => 3600, "d" => 86_400, "w" => 604_800, "y" => 31_536_000, _ => 0 };
        return unit == "ms" ? number / 1000 : number <= long.MaxValue / Math.Max(factor, 1) ? number * factor : null;
    }

    private static Setting<string> Quantity(string name, string description, string production, string development, SettingScope scope = SettingScope.AnyStack) =>
        new(name, description, scope, $"size such as 100Gi, at most {MaxVolume}", production,
            c => c.Profile == Profile.Production ? production : development, $"production: {production}, development: {development}",
            v => !QuantityPattern().IsMatch(v) ? "must be a Kubernetes quantity such as 100Gi or 8G"
                : Model.KubeQuantity.TryParse(v) is not { } bytes || bytes > MaxVolumeBytes ? $"must be at most {MaxVolume}"
                : bytes < MinSizeBytes ? $"must be at least {MinSize} (a size of nothing holds nothing)"
                : null);

    /// <summary>The smallest size a size setting accepts: 1Mi (0 or a few bytes is a typo, not a size).</summary>
    public const string MinSize = "1Mi";

    private const long MinSizeBytes = 1024 * 1024;

    private static Setting<string> Cpu(string name, string description, string production, string development, SettingScope scope = SettingScope.AnyStack) =>
        new(name, description, scope, $"CPU quantity such as 500m or 2, at most {MaxCpu}", production,
            c => c.Profile == Profile.Production ? production : development, $"production: {production}, development: {development}",
            v => !CpuPattern().IsMatch(v) || Model.KubeQuantity.Parse(v) <= 0 ? "must be a positive CPU quantity such as 500m or 2"
                : Model.KubeQuantity.Parse(v) <= MaxCpu ? null
                : $"must be at most {MaxCpu}");
}
