using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The controlplane's side of federation: one scrape job per environment stack, reading target and
/// credentials from the environment's stack outputs (the password through a mounted Secret file).
/// </summary>
public static class Federation
{
    public const string JobPrefix = "federate-";
    public const string CredentialsSecret = "prometheus-federation-credentials";

    /// <summary>Environments' private CAs (one file per environment, empty when publicly trusted).</summary>
    public const string CaSecret = "prometheus-federation-ca";

    /// <summary>
    /// Go adds every certificate in SSL_CERT_DIR to the system roots, so Prometheus trusts an environment's
    /// private CA as well as the public ones, and an empty file (a publicly trusted environment) changes nothing.
    /// A tls_config ca_file would replace the public roots instead.
    /// </summary>
    public const string CertificateDirectories = $"/etc/ssl/certs:/etc/prometheus/secrets/{CaSecret}";
    /// <summary>The interval of a small fleet; <see cref="FederationSizing"/> lengthens it for a large one.</summary>
    public const int ScrapeIntervalSeconds = 60;

    /// <summary>Large payloads take time; the gateway's proxy timeout is above this.</summary>
    public const int ScrapeTimeoutSeconds = 45;

    /// <summary>
    /// The curated match[] budget: series one environment sends per scrape. Estimated from the recording
    /// rules an environment federates at 100 nodes and 200 namespaces (docs/sizing.md, "Federation"):
    /// per-cluster aggregates (~10), per node (5 names x 100), per namespace (4 x 200), per topic, consumer
    /// group and job (~50), <c>up</c> of ~400 targets and up to ~200 firing alerts: about 2,000.
    /// </summary>
    public const int SeriesPerEnvironment = 2000;

    /// <summary>
    /// Federated samples a second the controlplane's Prometheus takes from all environments: a share of
    /// what one Prometheus ingests comfortably (a few hundred thousand a second), leaving room for its own
    /// scrapes and rule evaluation; at 50,000 the 60 s interval holds up to 1,500 environments.
    /// </summary>
    public const int SamplesPerSecondBudget = 50_000;

    /// <summary>Steps in which a large fleet lengthens the interval, and the longest: a 5-minute rate() still sees two samples.</summary>
    public const int ScrapeIntervalStepSeconds = 30;

    public const int MaxScrapeIntervalSeconds = 120;

    /// <summary>The environment gateway's <c>proxy_read_timeout</c> (<see cref="FederationGateway"/>): a scrape timeout stays below it.</summary>
    public const int GatewayReadTimeoutSeconds = 60;

    /// <summary>
    /// What is federated: our recorded aggregates (level:metric:operation), target health and firing alerts;
    /// never raw series. Our recording rules set an <c>environment</c> label, the chart's default recording
    /// rules (52 of whose 96 names also have the level:metric:operation form, most per pod or container,
    /// e.g. node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate) do not: the label
    /// keeps them on the environment. A team's recording rule may write any name and an <c>environment</c> label,
    /// but the operator gives its series the team's namespace: aggregates are taken only without a namespace or in
    /// a platform namespace, and per namespace only under the platform's own names, so a team's series can neither
    /// shadow a platform aggregate (cluster:alertmanager_silences_active:max) nor add names to the controlplane.
    /// </summary>
    public static readonly string[] Match =
    [
        $"{{__name__=~\"[a-z_]+:[a-z0-9_]+:[a-z0-9_]+\",{EnvironmentLabel}!=\"\",namespace=~\"{PlatformNamespacesOrNone}\"}}",
        $"{{__name__=~\"{string.Join("|", KubernetesRules.PerNamespaceRecords)}\",{EnvironmentLabel}!=\"\"}}",
        // Target health of the platform's targets only: a team's monitors (up to the quota's targets each) would
        // otherwise count against sample_limit and could fail the whole federation scrape of its environment.
        $"up{{namespace=~\"{PlatformNamespacesOrNone}\"}}",
        // The platform's alerts only: a team's alerts go to the team from its environment, and a team's exporter may
        // expose a series named ALERTS.
        $"ALERTS{{alertstate=\"firing\",namespace=~\"{PlatformNamespacesOrNone}\"}}",
    ];

    /// <summary>No namespace, or one of the platform's, its prerequisites' or Kubernetes' own (which no team may claim).</summary>
    public static string PlatformNamespacesOrNone => "|" + string.Join("|", Teams.TeamsParser.Reserved);

    /// <summary>The label our recording rules add (<see cref="PrometheusRuleFile"/>) and the chart's lack.</summary>
    public const string EnvironmentLabel = "environment";

    public static string PasswordFile(string stack) => $"/etc/prometheus/secrets/{CredentialsSecret}/{stack}";

    /// <param name="literals">The environment's labels from its stack file (never its outputs: a regex from state could be <c>.*</c>).</param>
    /// <param name="sampleLimit">federationSampleLimit: above it the scrape fails whole, so one environment cannot flood the controlplane.</param>
    public static ObjectValue Job(EnvironmentStack environment, EnvironmentLiterals literals, FederationSizing sizing, int sampleLimit) => ObjectValue.Of(
        ("job_name", $"{JobPrefix}{environment.Stack}"),
        ("honor_labels", true),
        ("sample_limit", sampleLimit),
        ("metrics_path", "/federate"),
        ("scheme", "https"),
        ("scrape_interval", $"{sizing.IntervalSeconds}s"),
        ("scrape_timeout", $"{sizing.TimeoutSeconds}s"),
        ("params", ObjectValue.Of(("match[]", ListValue.Strings(Match)))),
        ("basic_auth", ObjectValue.Of(
            ("username", environment.FederationUsername),
            ("password_file", PasswordFile(environment.Stack)))),
        ("static_configs", ListValue.Of(ObjectValue.Of(("targets", ListValue.Of(environment.FederationTarget))))),
        // The environment runs several Prometheus replicas behind its gateway: drop the replica label so
        // series do not flip between replicas.
        ("metric_relabel_configs", ListValue.Of(
            // honor_labels keeps the labels a series arrives with, and /federate adds the external labels only where a
            // series has none: a team's rule there could publish series or alerts labelled as another environment or
            // cluster. Only the environment's own labels are kept (from its stack file, escaped: exact values, no pattern).
            Keep("environment", literals.Environment),
            Keep("cluster", literals.Cluster),
            ObjectValue.Of(
                ("action", "labeldrop"),
                ("regex", "prometheus_replica")),
            // An environment's target health arrives under its own name: as `up`, the chart's rules on the
            // controlplane (TargetDown, AlertmanagerClusterDown, ...) would alert again on every
            // environment outage, and its `up` recordings would mix clusters.
            ObjectValue.Of(
                ("action", "replace"),
                ("source_labels", ListValue.Of("__name__")),
                ("regex", "up"),
                ("target_label", "__name__"),
                ("replacement", FederatedUp)))));

    /// <summary>Keeps only the samples whose label is exactly the value (validated DNS labels, escaped all the same).</summary>
    private static ObjectValue Keep(string label, string value) => ObjectValue.Of(
        ("action", "keep"),
        ("source_labels", ListValue.Of(label)),
        ("regex", EnvironmentLiterals.RegexLiteral(value)));

    /// <summary>The name an environment's <c>up</c> series take on the controlplane.</summary>
    public const string FederatedUp = "federated_up";
}
