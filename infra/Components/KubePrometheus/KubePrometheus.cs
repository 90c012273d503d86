using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// kube-prometheus-stack: Prometheus Operator, Prometheus and kube-state-metrics (node-exporter and
/// Grafana are their own components; Alertmanager wires itself into this release).
/// </summary>
public sealed class KubePrometheus : IComponent<HelmRelease>
{
    public const string ComponentName = "KubePrometheus";
    /// <summary>The namespace of the kubelet Service the operator maintains (the chart's prometheusOperator.kubeletService.namespace).</summary>
    public const string KubeletServiceNamespace = "kube-system";

    /// <summary>Besides its own: the role's platform namespaces, those holding monitoring resources, the kubelet Service's.</summary>
    public static IReadOnlyList<string> OperatorNamespaces(StackRole role, IReadOnlyList<string> withResources) =>
        [.. Namespaces.All.Where(n => n.Roles.Contains(role)).Select(n => n.Name).Concat(withResources).Append(KubeletServiceNamespace)
            .Where(n => n != Namespaces.Monitoring).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>--query.timeout: the gateway's read timeout on the query API, so no query outlives its client.</summary>
    public const string QueryTimeout = "60s";

    /// <summary>
    /// kube-state-metrics' collectors: the pinned chart's default list without secrets and configmaps. The
    /// chart grants list/watch on every resource of the list cluster-wide, and a list of Secrets returns their
    /// data; no rule or dashboard reads kube_secret_* or kube_configmap_* (ChartValuesPolicyTests).
    /// </summary>
    public static IReadOnlyList<string> KubeStateMetricsCollectors { get; } =
    [
        "certificatesigningrequests", "cronjobs", "daemonsets", "deployments", "endpointslices", "horizontalpodautoscalers",
        "ingresses", "jobs", "leases", "limitranges", "mutatingwebhookconfigurations", "namespaces", "networkpolicies", "nodes",
        "persistentvolumeclaims", "persistentvolumes", "poddisruptionbudgets", "pods", "replicasets", "replicationcontrollers",
        "resourcequotas", "services", "statefulsets", "storageclasses", "validatingwebhookconfigurations", "volumeattachments",
    ];

    /// <summary>Collectors whose objects hold credentials or configuration: never listed (see KubeStateMetricsCollectors).</summary>
    public static IReadOnlyList<string> KubeStateMetricsWithheld { get; } = ["configmaps", "secrets"];

    public const string ReleaseName = "kube-prometheus";

    /// <summary>Every Prometheus selects all ServiceMonitors, PodMonitors and rules in the cluster.</summary>
    public const string MonitoringApiGroup = "monitoring.coreos.com";

    /// <summary>Prometheus' web port (Grafana queries it).</summary>
    public const int PrometheusPort = 9090;

    public string Name => ComponentName;

    /// <summary>Labels the operator puts on this stack's Prometheus pods.</summary>
    public static ObjectValue PrometheusPods { get; } = ObjectValue.Of(("app.kubernetes.io/name", "prometheus"), ("app.kubernetes.io/instance", $"{ReleaseName}-prometheus"));

    /// <summary>In-cluster URL of this stack's Prometheus.</summary>
    public static string PrometheusUrl => $"http://{ReleaseName}-prometheus.{Namespaces.Monitoring}.svc:{PrometheusPort}";

    /// <summary>Declares the release and returns it: Alertmanager, Kafka and Grafana wire into it; its chart resource orders what needs its CRDs.</summary>
    private readonly KubePrometheusArgs _args;

    /// <param name="args">Its settings.</param>
    public KubePrometheus(KubePrometheusArgs args)
    {
        _args = args;
    }

    public HelmRelease Build(StackContext context)
    {
        var args = _args;
        var release = context.Release(ComponentName, ReleaseName, Pins.KubePrometheusStack, Namespaces.Monitoring, stateful: true);
        const string GeneratedConfig = "the chart would no longer render the generated Alertmanager configuration";
        release.Reserve("alertmanager.alertmanagerSpec.useExistingSecret", GeneratedConfig, new BoolValue(false));
        release.Reserve("alertmanager.stringConfig", GeneratedConfig, new StringValue(string.Empty));
        release.Reserve("alertmanager.tplConfig", "Helm would evaluate the Alertmanager templates ({{ }}) in the generated configuration", new BoolValue(false));
        const string AllMonitors = "Prometheus would stop selecting the monitors and rules the program creates";
        foreach (var selector in new[] { "serviceMonitor", "podMonitor", "rule" })
        {
            release.Reserve($"prometheus.prometheusSpec.{selector}Selector", AllMonitors);
            release.Reserve($"prometheus.prometheusSpec.{selector}NamespaceSelector", AllMonitors);
        }

        release.Reserve("prometheus.prometheusSpec.additionalScrapeConfigsSecret", "it replaces the generated federation jobs");
        release.ProvidesApiGroups.Add(MonitoringApiGroup);
        // The operator watches the platform's namespaces of this stack (the charts there render their own
        // monitors), those holding the program's monitors and rules, and the kubelet Service's namespace
        // it maintains; not every namespace of the cluster.
        // Teams' namespaces too, and Prometheus selects monitors and rules from those only (Teams/TeamMetrics).
        var teamNamespaces = Teams.TeamMetrics.TeamNamespaces(context);
        release.ScopeWatchedNamespaces(namespaces => ChartValuesMerger.Merge(
            ObjectValue.Of(("prometheusOperator", ObjectValue.Of(("namespaces", ObjectValue.Of(
                ("releaseNamespace", true),
                ("additional", ListValue.Strings([.. OperatorNamespaces(args.Role, namespaces).Concat(teamNamespaces).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))))))),
            Teams.TeamMetrics.PrometheusSpec(args.TeamLimits, [.. OperatorNamespaces(args.Role, namespaces).Append(Namespaces.Monitoring).Concat(RoutingTable.PlatformPrerequisites).Distinct(StringComparer.Ordinal)], context.Teams.In(args.Environment))));

        var storage = args.StorageSize;
        var replicas = args.Replicas;
        release.Wire(ObjectValue.Of(
            ("fullnameOverride", ReleaseName),
            // CRDs come from the chart's crds/ folder; Chart v4 applies them server-side, so upgrades update them.
            ("crds", ObjectValue.Of(("enabled", true))),
            ("grafana", ObjectValue.Of(("enabled", false))),
            ("nodeExporter", ObjectValue.Of(("enabled", false))),
            // An explicit list, not collectorsExclude: the chart's RBAC follows the list (see KubeStateMetricsCollectors).
            ("kube-state-metrics", ObjectValue.Of(("collectors", ListValue.Strings(KubeStateMetricsCollectors)))),
            ("prometheusOperator", ObjectValue.Of([
                // The admission webhooks need certificates made by Helm hook Jobs, which Chart v4 does not run.
                // Rules are validated by promtool in CI instead.
                ("admissionWebhooks", ObjectValue.Of(
                    ("enabled", false),
                    ("patch", ObjectValue.Of(("enabled", false))))),
                ("tls", ObjectValue.Of(("enabled", false))),
                // Prometheus, Alertmanager and ThanosRuler objects, and AlertmanagerConfigs, are the platform's, in its
                // namespace only: the operator watches the teams' namespaces for their monitors and rules, and without
                // these a team could have it run a Prometheus or merge receivers into the platform's Alertmanager.
                .. OperatorInstanceScopes.Select(key => (key, (Value?)ListValue.Strings([Namespaces.Monitoring])))])),
            ("prometheus", ObjectValue.Of(
                ("podDisruptionBudget", ObjectValue.Of(("enabled", replicas > 1))),
                ("prometheusSpec", ObjectValue.Of(
                    ("replicas", replicas),
                    // One replica per node, spread over zones: the HA pair must not share a node.
                    ("podAntiAffinity", replicas > 1 ? "hard" : "soft"),
                    ("topologySpreadConstraints", replicas > 1 ? Placement.AcrossZones(PrometheusPods) : null),
                    ("retention", args.Retention),
                    ("retentionSize", Quantity.PrometheusSize(storage, 0.85m)),
                    ("externalLabels", ObjectValue.Of(
                        ("cluster", args.Cluster),
                        ("environment", args.Environment))),
                    ("serviceMonitorSelectorNilUsesHelmValues", false),
                    ("podMonitorSelectorNilUsesHelmValues", false),
                    ("ruleSelectorNilUsesHelmValues", false),
                    ("probeSelectorNilUsesHelmValues", false),
                    ("scrapeConfigSelectorNilUsesHelmValues", false),
                    ("storageSpec", args.Storage)))))));
        // A query that would load too many samples or run too long is aborted, and at most so many run at once,
        // not the Prometheus (the federation gateway's grafana credential can send any PromQL): sized from the
        // memory limit the user's values files give Prometheus.
        release.WireFromMerged(values =>
        {
            var limits = PrometheusQueryLimits.ForValues(values);
            return ObjectValue.Of(("prometheus", ObjectValue.Of(("prometheusSpec", ObjectValue.Of(("query", ObjectValue.Of(
                ("maxConcurrency", limits.MaxConcurrency), ("maxSamples", limits.MaxSamples), ("timeout", QueryTimeout))))))));
        });
        // The chart's default rules are on beside the rule library (each component's *Rules.cs); the
        // groups a managed control plane cannot serve are off, and no alert name is provided twice.
        release.Wire(UpstreamRuleMapping.ChartValues(args.ControlPlane));
        context.AddWorkloads(release.Resource, chart => KubePrometheusWorkloads.Read(chart));

        var rules = args.Rules;
        context.AddRules(ComponentName, "kubernetes", [KubernetesRules.Group(rules), PrometheusRules.Group()]);

        // cert-manager is a cluster prerequisite, not ours: scraped and alerted on here.
        context.CustomResources(ComponentName, "cert-manager-monitor", [CertManagerMonitor.Definition()], stateful: false, release.Resource);
        context.AddRules(ComponentName, "cert-manager", [CertManagerRules.Group(rules)]);
        context.AddRules(ComponentName, "team-budgets", [Teams.TeamRules.Group(rules)]);
        if (context.Environments.Count > 0)
        {
            var sizing = FederationSizing.For(context.Environments.Count);
            if (!sizing.Fits)
            {
                context.Problems.Add($"stack '{args.Stack}': {context.Environments.Count} environments x {Federation.SeriesPerEnvironment} federated series every {sizing.IntervalSeconds}s = {RuleContext.Number(sizing.SamplesPerSecond)} samples/s, over the federation budget of {Federation.SamplesPerSecondBudget}/s at the longest interval ({Federation.MaxScrapeIntervalSeconds}s); fix: split the environments over two controlplanes (list at most {Federation.SamplesPerSecondBudget * Federation.MaxScrapeIntervalSeconds / Federation.SeriesPerEnvironment} in {SettingsCatalog.Environments.Key} of each).");
            }

            WireFederation(context, release, sizing, args.FederationSampleLimit);
            context.AddRules(ComponentName, "federation", [FederationRules.Group(sizing.TimeoutSeconds, context.Environments.Select(e => e.Stack).ToList(), context.EnvironmentFacts.Where(e => e.Pages).Select(e => e.Stack).ToHashSet(StringComparer.Ordinal))]);
        }

        foreach (var dashboard in KubePrometheusDashboards.All)
        {
            context.AddDashboard(dashboard);
        }

        // What a team namespace may hold and what its monitors may do (Teams/TeamAdmission).
        Teams.TeamAdmission.Build(context);

        // No namespace-wide allow: Prometheus scrapes the namespace's metrics ports (itself and its HA peer on
        // 9090, Alertmanager on 9093, the config-reloaders, the operator and kube-state-metrics on 8080:
        // kube-prometheus-stack 88.5.3 with prometheusOperator.tls off, kube-state-metrics 8.4.0 service.port)
        // and sends alerts to Alertmanager, whose replicas gossip on 9094 (TCP and UDP, memberlist). The gateway
        // and Grafana declare their own edges.
        context.AddEdge(NetworkEdge.Scrape(Namespaces.Monitoring, ReloaderPort, OperatorPort, KubeStateMetricsPort, PrometheusPort, Alertmanager.Port));
        context.AddEdge(new NetworkEdge(Namespaces.Monitoring, "allow-prometheus-to-alertmanager", Alertmanager.PodLabels, NetworkPeer.Prometheus, [Alertmanager.Port]));
        context.AddEdge(new NetworkEdge(Namespaces.Monitoring, "allow-alertmanager-mesh", Alertmanager.PodLabels, NetworkPeer.Pods(Namespaces.Monitoring, Alertmanager.PodLabels),
            [Alertmanager.MeshPort], ["TCP", "UDP"]));
        DeclareEgress(context, args.Role);
        return release;
    }

    /// <summary>The operator's per-kind namespace scopes (kube-prometheus-stack 88.5.3 prometheusOperator.*, each an operator flag).</summary>
    public static IReadOnlyList<string> OperatorInstanceScopes { get; } =
        ["prometheusInstanceNamespaces", "alertmanagerInstanceNamespaces", "alertmanagerConfigNamespaces", "thanosRulerInstanceNamespaces"];

    /// <summary>Port of the kubelet's API (metrics and cAdvisor), which Prometheus scrapes on every node's address.</summary>
    public const int KubeletPort = 10250;

    /// <summary>The config-reloader sidecars' metrics port (Prometheus and Alertmanager pods), "reloader-web".</summary>
    public const int ReloaderPort = 8080;

    /// <summary>The Prometheus Operator's metrics port without its TLS listener (prometheusOperator.tls.enabled false).</summary>
    public const int OperatorPort = 8080;

    /// <summary>kube-state-metrics' metrics port (chart 8.4.0 service.port; self-monitoring is off).</summary>
    public const int KubeStateMetricsPort = 8080;

    /// <summary>CoreDNS' metrics port (the chart's coreDns ServiceMonitor).</summary>
    public const int CoreDnsMetricsPort = 9153;

    /// <summary>Labels of the Prometheus pods the operator makes.</summary>
    public static readonly (string Key, string Value)[] PrometheusPodLabels = [("app.kubernetes.io/name", "prometheus")];

    /// <summary>What leaves the monitoring namespace besides the edges (docs/design-notes.md, Egress).</summary>
    private static void DeclareEgress(StackContext context, StackRole role)
    {
        // Only the pods that call the API server (not Alertmanager, not the federation gateway behind the load balancer).
        // The operator's label: kube-prometheus-stack 88.5.3 helper kube-prometheus-stack.prometheus-operator.labels.
        context.AddEgress(NetworkEgress.ApiServer(Namespaces.Monitoring, "egress-prometheus-operator", "the Prometheus Operator reconciles its resources",
            ("app.kubernetes.io/component", "prometheus-operator")));
        context.AddEgress(NetworkEgress.ApiServer(Namespaces.Monitoring, "egress-kube-state-metrics", "kube-state-metrics lists and watches the objects it reports",
            ("app.kubernetes.io/name", "kube-state-metrics")));
        context.AddEgress(NetworkEgress.ApiServer(Namespaces.Monitoring, "egress-prometheus", "Prometheus' Kubernetes service discovery and its apiserver scrape job",
            PrometheusPodLabels));
        context.AddEgress(new NetworkEgress(Namespaces.Monitoring, "egress-prometheus", PrometheusPodLabels, NetworkPeer.Private, [KubeletPort, NodeExporter.Port],
            "scrapes the kubelets (cAdvisor) and node-exporter (host network) on the nodes' private addresses"));
        context.AddEgress(new NetworkEgress(Namespaces.Monitoring, "egress-prometheus", PrometheusPodLabels, [NetworkPeer.KubeDns], [CoreDnsMetricsPort], "scrapes CoreDNS"));
        context.AddEgress(new NetworkEgress(Namespaces.Monitoring, "egress-prometheus", PrometheusPodLabels, [CertManagerMonitor.Pods], [CertManagerMonitor.MetricsPort],
            "scrapes cert-manager (a prerequisite in its own namespace, without policies of ours)"));
        foreach (var team in Teams.TeamMetrics.TeamNamespaces(context))
        {
            // A team's monitors name its own ports, unknown here: every port of that namespace's pods (the
            // team's ingress policies, if any, are the team's; docs/onboarding.md).
            context.AddEgress(new NetworkEgress(Namespaces.Monitoring, "egress-prometheus", PrometheusPodLabels, [NetworkPeer.Pods(team)], [],
                "scrapes a declared team's monitors in its namespace"));
        }

        if (role == StackRole.Controlplane)
        {
            context.AddEgress(new NetworkEgress(Namespaces.Monitoring, "egress-prometheus", PrometheusPodLabels, NetworkPeer.AnyAddress, [443],
                "federates every environment through its gateway's load balancer: a private address (internal scheme, over peering) or a public one, per that environment's loadBalancerScheme"));
        }
    }

    /// <summary>One scrape job per environment; passwords reach Prometheus as files of a mounted Secret.</summary>
    private static void WireFederation(StackContext context, HelmRelease release, FederationSizing sizing, int sampleLimit)
    {
        var environments = context.Environments;
        var credentials = KubernetesObjects.Secret(context, ComponentName, "federation-credentials-secret", Federation.CredentialsSecret, Namespaces.Monitoring, "federation",
            new ObjectValue(environments.Select(e => new KeyValuePair<string, Value>(e.Stack, e.FederationPassword)).ToList()));
        var authorities = KubernetesObjects.Secret(context, ComponentName, "federation-ca-secret", Federation.CaSecret, Namespaces.Monitoring, "federation",
            new ObjectValue(environments.Select(e => new KeyValuePair<string, Value>($"{e.Stack}.crt", e.TlsCaCertificate)).ToList()));
        var jobs = ListValue.Of(environments.Select(e => (Value)Federation.Job(e, context.EnvironmentLiterals[e.Stack], sizing, sampleLimit)));
        context.Graph.AddDocument(new RenderedDocument("prometheus/federation.yaml", () => Yaml.YamlWriter.Write(jobs, Yaml.YamlMode.Document), ComponentName));
        release.DependsOn(credentials);
        release.DependsOn(authorities);
        release.Wire(ObjectValue.Of(("prometheus", ObjectValue.Of(("prometheusSpec", ObjectValue.Of(
            ("secrets", ListValue.Of(Federation.CredentialsSecret, Federation.CaSecret)),
            // Merged by the operator into its own prometheus container (strategic merge by name).
            ("containers", ListValue.Of(ObjectValue.Of(
                ("name", "prometheus"),
                ("env", ListValue.Of(ObjectValue.Of(("name", "SSL_CERT_DIR"), ("value", Federation.CertificateDirectories))))))),
            ("additionalScrapeConfigs", jobs)))))));
    }

    /// <summary>
    /// The chart's own dashboards (kubernetes-mixin: cluster, namespace, workload, pod, node, Prometheus,
    /// Alertmanager, ...) as ConfigMaps labelled for a Grafana sidecar, although this release runs no
    /// Grafana. Each has a datasource variable, so one environment's Prometheus can be picked; the
    /// hidden cluster variable stays single-cluster (each datasource is one cluster, whose local series
    /// carry no cluster label). Node dashboards are gated on the chart's node-exporter, which the
    /// NodeExporter component replaces: forced on, Linux only.
    /// </summary>
    public static ObjectValue ChartDashboards(string label, string labelValue)
    {
        var sidecar = ObjectValue.Of(("dashboards", ObjectValue.Of(
            ("label", label),
            ("labelValue", labelValue),
            ("multicluster", ObjectValue.Of(("global", ObjectValue.Of(("enabled", false))))))));
        return ObjectValue.Of(
            ("grafana", ObjectValue.Of(
                ("forceDeployDashboards", true),
                ("defaultDashboardsEnabled", true),
                ("defaultDashboardsTimezone", "utc"),
                ("defaultDashboardsEditable", false),
                ("sidecar", sidecar))),
            ("nodeExporter", ObjectValue.Of(
                ("forceDeployDashboards", true),
                ("operatingSystems", ObjectValue.Of(
                    ("linux", ObjectValue.Of(("enabled", true))),
                    ("aix", ObjectValue.Of(("enabled", false))),
                    ("darwin", ObjectValue.Of(("enabled", false))))))));
    }

    /// <summary>A prometheus-operator storage spec with one ReadWriteOnce volume of the given size.</summary>
    public static ObjectValue VolumeClaimTemplate(StackSettings settings, string size) =>
        ObjectValue.Of(("volumeClaimTemplate", ObjectValue.Of(("spec", KubernetesObjects.ClaimSpec(settings, size)))));
}
