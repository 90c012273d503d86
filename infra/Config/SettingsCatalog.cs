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

    // --- Identity and safety -------------------------------------------------------------------

    public static readonly Setting<string> Role = Enum("role",
        "What the stack deploys: 'environment' (collectors, Kafka, Prometheus, Alertmanager) or 'controlplane' (also Elasticsearch, Kibana, Logstash, Grafana and federation).",
        ["environment", "controlplane"], _ => "environment", "environment");

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

    // --- Metrics -------------------------------------------------------------------------------

    public static readonly Setting<int> PrometheusReplicas = Count("prometheusReplicas",
        "Prometheus replicas (each scrapes everything; HA pair in production).", 2, 1, 10);

    public static readonly Setting<string> PrometheusRetention = Duration("prometheusRetention",
        "How long Prometheus keeps samples (time-based retention).", "15d", "3d");

    public static readonly Setting<string> PrometheusStorageSize = Quantity("prometheusStorageSize",
        "Persistent volume size per Prometheus replica; size-based retention is set to 85% of it.", "100Gi", "20Gi");

    // --- Alerting ------------------------------------------------------------------------------

    public static readonly Setting<int> AlertmanagerReplicas = Count("alertmanagerReplicas",
        "Alertmanager replicas (a gossip cluster of 3 in production).", 3, 1, 10);

    public static readonly Setting<string> SlackChannel = Text("slackChannel",
        "Slack channel that receives this stack's alerts.", c => $"#alerts-{c.Stack}", "#alerts-<stack>", "#alerts-production",
        v => v.StartsWith('#') ? null : "must start with '#'");

    public static readonly Setting<bool> PagerDutyEnabled = Flag("pagerDutyEnabled",
        "Page PagerDuty for critical alerts (needs the pagerDutyRoutingKey secret).",
        c => c.Profile == Profile.Production, "production: true, development: false");

    public static readonly SecretSetting SlackWebhookUrl = new("slackWebhookUrl",
        "Slack incoming-webhook URL for alert notifications.", "https://hooks.slack.com/services/...", _ => true, "on every stack");

    public static readonly SecretSetting PagerDutyRoutingKey = new("pagerDutyRoutingKey",
        "PagerDuty Events API v2 routing key for critical alerts.", "R0UT1NGKEY...",
        s => s.Get(PagerDutyEnabled), "when pagerDutyEnabled is true");

    public static readonly Setting<string> DeadMansSwitchUrl = Text("deadMansSwitchUrl",
        "Heartbeat URL that Alertmanager calls for the always-firing Watchdog alert (every minute); the heartbeat service (healthchecks.io, Dead Man's Snitch, ...) pages when the calls stop. Plain config: Alertmanager's webhook takes it inline.",
        _ => null, "none (required)", "https://hc-ping.com/<uuid>",
        v => Uri.TryCreate(v, UriKind.Absolute, out var u) && (u.Scheme == "https" || u.Scheme == "http") ? null : "must be an absolute http(s) URL");

    public static readonly Setting<AlertThresholds> AlertThresholdValues = new("alertThresholds",
        "Alert thresholds that differ from the profile defaults, as a mapping (e.g. {nodeCpuHighPercent: 95}); the thresholds and their defaults are listed below.",
        SettingScope.AnyStack, "mapping of threshold name to number", "{\"nodeCpuHighPercent\": 95}",
        _ => AlertThresholds.None, "{} (profile defaults)", structured: AlertThresholds.Parse);

    public static readonly Setting<AlertRouteList> AlertRoutes = new("alertRoutes",
        "Routing overrides by namespace or team label, e.g. [{namespace: payments-beta, receiver: slack}] sends that namespace's alerts to Slack only; receiver is slack, pagerduty or none.",
        SettingScope.AnyStack, "list of {namespace|team, receiver}", "[{\"namespace\": \"payments-beta\", \"receiver\": \"slack\"}]",
        _ => AlertRouteList.Empty, "[]", structured: json => AlertRoute.ParseList(json) is var (routes, error) && routes is not null ? (new AlertRouteList(routes), null) : (null, error));

    public static readonly Setting<string> RunbookBaseUrl = Text("runbookBaseUrl",
        "Where docs/runbooks.md of this repository is served; every alert links to <base>#<alert name in lower case>.",
        _ => "https://runbooks.observability.internal", "https://runbooks.observability.internal", "https://git.example.com/platform/observability/-/blob/main/docs/runbooks.md",
        v => Uri.TryCreate(v, UriKind.Absolute, out var u) && u.Scheme == "https" ? null : "must be an absolute https URL");

    // --- Logs: collection and buffering (every stack) -------------------------------------------

    // Fluent Bit's own size syntax, not a Kubernetes quantity: it reads "8Gi" as invalid.
    public static readonly Setting<string> FluentBitBufferLimit = new("fluentBitBufferLimit",
        "Maximum filesystem buffer per node for the Kafka output when Kafka is unreachable (Fluent Bit size: a number and K, M or G, optionally followed by B).",
        SettingScope.AnyStack, "Fluent Bit size such as 8G", "8G",
        c => c.Profile == Profile.Production ? "8G" : "1G", "production: 8G, development: 1G",
        v => FluentBitSizePattern().IsMatch(v) ? null : "must be a Fluent Bit size such as 8G or 512M (K, M or G, optionally followed by B; not Gi)");

    public static readonly Setting<int> KafkaBrokers = Count("kafkaBrokers",
        "Kafka broker nodes (development may run a single combined node).", 3, 1, 50);

    public static readonly Setting<int> KafkaControllers = Count("kafkaControllers",
        "KRaft controller nodes (3 for a quorum in production).", 3, 1, 9);

    public static readonly Setting<string> KafkaStorageSize = Quantity("kafkaStorageSize",
        "Persistent volume size per Kafka broker.", "200Gi", "20Gi");

    public static readonly Setting<int> KafkaLogRetentionHours = Count("kafkaLogRetentionHours",
        "How long the logs topic keeps records (it is a buffer: long enough to ride out a controlplane outage).", 72, 24, 8760);

    public static readonly Setting<long> KafkaLogRetentionBytes = new("kafkaLogRetentionBytes",
        "Size cap per partition of the logs topic, in bytes; partitions x replicas x this must fit the brokers' volumes (infra footprint checks it).", SettingScope.AnyStack, $"integer from 1 to {MaxVolumeBytes} ({MaxVolume} in bytes)", "30064771072",
        c => c.Profile == Profile.Production ? 30_064_771_072L : 5_368_709_120L, "production: 30064771072 (28 GiB: 6 partitions x 3 replicas fit 600Gi of broker disk), development: 5368709120 (5 GiB)",
        v => v >= 1 && v <= MaxVolumeBytes ? null : $"must be between 1 and {MaxVolumeBytes} ({MaxVolume})");

    public static readonly Setting<int> KafkaLogPartitions = Count("kafkaLogPartitions",
        "Partitions of the logs topic (the controlplane's Logstash consumes with up to this many workers).", 6, 3, 256);

    public static readonly Setting<string> KafkaExternalHost = Text("kafkaExternalHost",
        "DNS name of this environment's external Kafka listener (a load balancer; point the name at it, e.g. with external-dns). The controlplane's Logstash connects there. Required on environment stacks.",
        c => c.Role == StackRole.Environment ? null : string.Empty, "none (required on environment stacks)", "kafka.{stack}.example.com",
        v => HostPattern().IsMatch(v) ? null : "must be a DNS name such as kafka.production.example.com");

    // --- Federation and TLS (every stack) -------------------------------------------------------

    public static readonly Setting<string> FederationHost = Text("federationHost",
        "DNS name of this environment's federation endpoint (a load balancer in front of an authenticating TLS gateway; point the name at it, e.g. with external-dns). The controlplane's Prometheus scrapes https://<name>/federate. Required on environment stacks.",
        c => c.Role == StackRole.Environment ? null : string.Empty, "none (required on environment stacks)", "prometheus.{stack}.example.com",
        v => HostPattern().IsMatch(v) ? null : "must be a DNS name such as prometheus.production.example.com");

    public static readonly Setting<StringList> ControlplaneCidrs = new("controlplaneCidrs",
        "Source ranges of the controlplane's egress (NAT) addresses: the only sources allowed through the load balancers of the federation endpoint and the external Kafka listener; empty allows any source (authentication and TLS still apply).",
        SettingScope.AnyStack, "list of CIDRs", "[\"203.0.113.0/24\"]",
        _ => StringList.Empty, "[] (any source)",
        v => v.Items.FirstOrDefault(i => !IsNetwork(i)) is { } bad
            ? $"item '{bad}' is not a network in CIDR notation such as 203.0.113.0/24 (prefix 0-32, no host bits set)"
            : null);

    public static readonly Setting<string> TlsClusterIssuer = Text("tlsClusterIssuer",
        "cert-manager ClusterIssuer that signs the certificates of the endpoints other clusters reach (federation gateway, Kafka external listener). cert-manager is a cluster prerequisite; use an issuer whose CA the controlplane trusts (a public ACME issuer, say).",
        _ => "letsencrypt-prod", "letsencrypt-prod", "letsencrypt-prod",
        v => StackNamePattern().IsMatch(v) ? null : "must be a ClusterIssuer name (lower-case letters, digits and '-')");

    public static readonly Setting<string> TlsCaCertificate = Text("tlsCaCertificate",
        "PEM certificate of the CA behind tlsClusterIssuer, when that CA is private (a cert-manager CA or Vault issuer). Exported to the controlplane, whose Logstash and Prometheus then trust it for this environment's Kafka listener and federation endpoint, besides the public CAs. Empty: the issuer's certificates are publicly trusted (an ACME issuer).",
        _ => string.Empty, "\"\" (a publicly trusted issuer)", "<PEM of your issuer's CA certificate>",
        v => v.Length == 0 || PemCertificatePattern().IsMatch(v) ? null : "must be one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----), or empty for a publicly trusted issuer");

    // --- Controlplane --------------------------------------------------------------------------

    public static readonly Setting<StringList> Environments = new("environments",
        "Environment stacks the controlplane federates and whose logs it consumes (stack names in this project).",
        SettingScope.ControlplaneOnly, "list of stack names", "[\"production\", \"development\"]",
        _ => StringList.Empty, "[]",
        v => v.Items.FirstOrDefault(i => !StackNamePattern().IsMatch(i)) is { } bad ? $"item '{bad}' is not a stack name (lower-case letters, digits and '-')"
            : v.Items.GroupBy(i => i, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice ? $"lists '{twice.Key}' more than once; remove the repeated entry"
            : null);

    public static readonly Setting<int> ElasticsearchNodes = Count("elasticsearchNodes",
        "Elasticsearch nodes (all roles); at least 3 in production for a quorum and replica placement.", 3, 1, 100, SettingScope.ControlplaneOnly);

    public static readonly Setting<string> ElasticsearchStorageSize = Quantity("elasticsearchStorageSize",
        "Persistent volume size per Elasticsearch node.", "500Gi", "50Gi", SettingScope.ControlplaneOnly);

    public static readonly Setting<int> LogRetentionDays = Count("logRetentionDays",
        "Days this environment's logs stay in Elasticsearch before the ILM delete phase of its data stream removes them (set on each stack; the controlplane reads the environments' values from their stack outputs).", 30, 7, 3650);

    public static readonly Setting<string> LogTimeZone = Text("logTimeZone",
        "IANA time zone of application timestamps that carry no offset (e.g. 2026-11-25 10:00:00); Logstash converts them to UTC in @timestamp. Timestamps with an offset keep it.",
        _ => "UTC", "UTC", "Europe/Paris",
        v => TimeZonePattern().IsMatch(v) ? null : "must be an IANA time zone such as UTC or Europe/Paris");

    public static readonly Setting<string> EksOidcProviderArn = Text("eksOidcProviderArn",
        "ARN of the controlplane EKS cluster's IAM OIDC provider; the Elasticsearch service account assumes the snapshot role through it (IRSA).",
        c => c.Role == StackRole.Controlplane ? null : string.Empty, "none (required on the controlplane)", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE",
        v => OidcArnPattern().IsMatch(v) ? null : "must be an IAM OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/<issuer>)", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> LogstashStorageSize = Quantity("logstashStorageSize",
        "Persistent volume per Logstash pod, holding every pipeline's persisted queue and dead-letter queue (one pipeline per environment plus the controlplane; production 8 GiB + 1 GiB each, development 1 + 1, plus 2 GiB). The compile fails when it is too small for the environments listed; grow it then (the StorageClass must allow volume expansion), never shrink it.",
        "64Gi", "16Gi", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> GrafanaStorageSize = Quantity("grafanaStorageSize",
        "Persistent volume for Grafana's database.", "10Gi", "2Gi", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> AwsRegion = Text("awsRegion",
        "AWS region of the Elasticsearch snapshot bucket and its IAM role (controlplane only).",
        c => c.Role == StackRole.Controlplane ? null : string.Empty, "none (required on the controlplane)", "eu-west-1",
        v => AwsRegionPattern().IsMatch(v) ? null : "must be an AWS region such as eu-west-1", SettingScope.ControlplaneOnly);

    // --- Sizing: every replica count, request, limit and volume that differs by profile -------------

    public static readonly Setting<int> FederationGatewayReplicas = Count("federationGatewayReplicas",
        "Replicas of the federation gateway (nginx) in front of an environment's Prometheus.", 2, 1, 10);

    public static readonly Setting<string> AlertmanagerStorageSize = Quantity("alertmanagerStorageSize",
        "Persistent volume per Alertmanager replica (silences and notification log).", "1Gi", "1Gi");

    public static readonly Setting<string> KafkaBrokerCpu = Cpu("kafkaBrokerCpu",
        "CPU request of each Kafka broker (no CPU limit: throttling a broker hurts more than it protects).", "1", "250m");

    public static readonly Setting<string> KafkaBrokerMemory = Quantity("kafkaBrokerMemory",
        "Memory request and limit of each Kafka broker.", "4Gi", "1Gi");

    public static readonly Setting<string> KafkaControllerStorageSize = Quantity("kafkaControllerStorageSize",
        "Persistent volume per KRaft controller (metadata log only).", "20Gi", "20Gi");

    public static readonly Setting<string> ElasticsearchCpu = Cpu("elasticsearchCpu",
        "CPU request of each Elasticsearch node.", "2", "500m", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> ElasticsearchMemory = Quantity("elasticsearchMemory",
        "Memory request and limit of each Elasticsearch node (the JVM heap is half of it).", "8Gi", "2Gi", SettingScope.ControlplaneOnly);

    public static readonly Setting<int> KibanaReplicas = Count("kibanaReplicas",
        "Kibana replicas.", 2, 1, 10, SettingScope.ControlplaneOnly);

    public static readonly Setting<int> LogstashReplicas = Count("logstashReplicas",
        "Logstash pods (each runs every pipeline).", 2, 1, 50, SettingScope.ControlplaneOnly);

    public static readonly Setting<string> LogstashCpu = Cpu("logstashCpu",
        "CPU request of each Logstash pod.", "1", "250m", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> LogstashMemory = Quantity("logstashMemory",
        "Memory request and limit of each Logstash pod.", "2Gi", "2Gi", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> LogstashQueueSize = Quantity("logstashQueueSize",
        "Persisted queue of each Logstash pipeline (one per log source), on the Logstash volume; whole GiB or MiB.", "8Gi", "1Gi", SettingScope.ControlplaneOnly);

    /// <summary>Every setting, in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> All { get; } =
    [
        Role, ProfileName, EnvironmentLabel, ClusterLabel, KubeContext, StorageClass, ProtectStatefulResources,
        PrometheusReplicas, PrometheusRetention, PrometheusStorageSize,
        AlertmanagerReplicas, SlackChannel, PagerDutyEnabled, SlackWebhookUrl, PagerDutyRoutingKey, DeadMansSwitchUrl, AlertThresholdValues, AlertRoutes, RunbookBaseUrl,
        FluentBitBufferLimit, KafkaBrokers, KafkaControllers, KafkaStorageSize, KafkaLogRetentionHours, KafkaLogRetentionBytes, KafkaLogPartitions, KafkaExternalHost,
        FederationHost, ControlplaneCidrs, TlsClusterIssuer, TlsCaCertificate,
        LogRetentionDays, LogTimeZone,
        Environments, ElasticsearchNodes, ElasticsearchStorageSize, LogstashStorageSize, GrafanaStorageSize, AwsRegion, EksOidcProviderArn,
        FederationGatewayReplicas, AlertmanagerStorageSize, KafkaBrokerCpu, KafkaBrokerMemory, KafkaControllerStorageSize,
        ElasticsearchCpu, ElasticsearchMemory, KibanaReplicas, LogstashReplicas, LogstashCpu, LogstashMemory, LogstashQueueSize,
    ];

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

    [GeneratedRegex("^(UTC|[A-Z][A-Za-z_]+(/[A-Za-z0-9_+\\-]+){1,2})$")]
    private static partial Regex TimeZonePattern();

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
            v => DurationPattern().IsMatch(v) ? null : "must be a duration such as 15d, 12h or 90m");

    private static Setting<string> Quantity(string name, string description, string production, string development, SettingScope scope = SettingScope.AnyStack) =>
        new(name, description, scope, $"size such as 100Gi, at most {MaxVolume}", production,
            c => c.Profile == Profile.Production ? production : development, $"production: {production}, development: {development}",
            v => !QuantityPattern().IsMatch(v) ? "must be a Kubernetes quantity such as 100Gi or 8G"
                : Model.KubeQuantity.TryParse(v) is { } bytes && bytes <= MaxVolumeBytes ? null
                : $"must be at most {MaxVolume}");

    private static Setting<string> Cpu(string name, string description, string production, string development, SettingScope scope = SettingScope.AnyStack) =>
        new(name, description, scope, $"CPU quantity such as 500m or 2, at most {MaxCpu}", production,
            c => c.Profile == Profile.Production ? production : development, $"production: {production}, development: {development}",
            v => !CpuPattern().IsMatch(v) || Model.KubeQuantity.Parse(v) <= 0 ? "must be a positive CPU quantity such as 500m or 2"
                : Model.KubeQuantity.Parse(v) <= MaxCpu ? null
                : $"must be at most {MaxCpu}");
}
