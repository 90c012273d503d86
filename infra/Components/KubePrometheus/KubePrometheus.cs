using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// kube-prometheus-stack: Prometheus Operator, Prometheus and kube-state-metrics (node-exporter and
/// Grafana are their own components; Alertmanager wires itself into this release).
/// </summary>
public sealed class KubePrometheus
{
    public const string ComponentName = "KubePrometheus";
    public const string ReleaseName = "kube-prometheus";

    /// <summary>Every Prometheus selects all ServiceMonitors, PodMonitors and rules in the cluster.</summary>
    public const string MonitoringApiGroup = "monitoring.coreos.com";

    private readonly StackContext _context;

    private readonly Resource _namespace;

    /// <param name="context">The stack being built.</param>
    /// <param name="environments">On the controlplane, the environment stacks to federate; empty elsewhere.</param>
    public KubePrometheus(StackContext context, IReadOnlyList<EnvironmentStack> environments)
    {
        _context = context;
        var settings = context.Settings;
        var ns = context.Namespace(Namespaces.Monitoring, ComponentName, "privileged", holdsData: true);
        _namespace = ns;
        Environments = environments;
        Release = new HelmRelease(ComponentName, ReleaseName, Pins.KubePrometheusStack, ns, Namespaces.Monitoring) { Stateful = true };
        const string GeneratedConfig = "the chart would no longer render the generated Alertmanager configuration";
        Release.Reserve("alertmanager.alertmanagerSpec.useExistingSecret", GeneratedConfig, new BoolValue(false));
        Release.Reserve("alertmanager.stringConfig", GeneratedConfig, new StringValue(string.Empty));
        Release.Reserve("alertmanager.tplConfig", "Helm would evaluate the Alertmanager templates ({{ }}) in the generated configuration", new BoolValue(false));
        const string AllMonitors = "Prometheus would stop selecting the monitors and rules the program creates";
        foreach (var selector in new[] { "serviceMonitor", "podMonitor", "rule" })
        {
            Release.Reserve($"prometheus.prometheusSpec.{selector}Selector", AllMonitors);
            Release.Reserve($"prometheus.prometheusSpec.{selector}NamespaceSelector", AllMonitors);
        }

        Release.Reserve("prometheus.prometheusSpec.additionalScrapeConfigsSecret", "it replaces the generated federation jobs");
        Release.ProvidesApiGroups.Add(MonitoringApiGroup);

        var storage = settings.Get(SettingsCatalog.PrometheusStorageSize);
        var replicas = settings.Get(SettingsCatalog.PrometheusReplicas);
        Release.Wire(ObjectValue.Of(
            ("fullnameOverride", ReleaseName),
            // CRDs come from the chart's crds/ folder; Chart v4 applies them server-side, so upgrades update them.
            ("crds", ObjectValue.Of(("enabled", true))),
            ("grafana", ObjectValue.Of(("enabled", false))),
            // The rule library (infra/Components/Rules) replaces the chart's rules: every alert there has
            // thresholds from stack config, a runbook, and promtool unit tests.
            ("defaultRules", ObjectValue.Of(("create", false))),
            ("nodeExporter", ObjectValue.Of(("enabled", false))),
            ("prometheusOperator", ObjectValue.Of(
                // The admission webhooks need certificates made by Helm hook Jobs, which Chart v4 does not run.
                // Rules are validated by promtool in CI instead.
                ("admissionWebhooks", ObjectValue.Of(
                    ("enabled", false),
                    ("patch", ObjectValue.Of(("enabled", false))))),
                ("tls", ObjectValue.Of(("enabled", false))))),
            ("prometheus", ObjectValue.Of(
                ("podDisruptionBudget", ObjectValue.Of(("enabled", replicas > 1))),
                ("prometheusSpec", ObjectValue.Of(
                    ("replicas", replicas),
                    ("retention", settings.Get(SettingsCatalog.PrometheusRetention)),
                    ("retentionSize", Quantity.PrometheusSize(storage, 0.85m)),
                    ("externalLabels", ObjectValue.Of(
                        ("cluster", settings.Cluster),
                        ("environment", settings.Environment))),
                    ("serviceMonitorSelectorNilUsesHelmValues", false),
                    ("podMonitorSelectorNilUsesHelmValues", false),
                    ("ruleSelectorNilUsesHelmValues", false),
                    ("probeSelectorNilUsesHelmValues", false),
                    ("scrapeConfigSelectorNilUsesHelmValues", false),
                    ("storageSpec", VolumeClaimTemplate(context.Settings, storage))))))));
    }

    public HelmRelease Release { get; }

    public IReadOnlyList<EnvironmentStack> Environments { get; }

    /// <summary>The chart resource; custom resources of monitoring.coreos.com depend on it.</summary>
    public Resource Chart => Release.Resource;

    /// <summary>In-cluster URL of this stack's Prometheus.</summary>
    public static string PrometheusUrl => $"http://{ReleaseName}-prometheus.{Namespaces.Monitoring}.svc:9090";

    public Resource Build()
    {
        if (Environments.Count > 0)
        {
            WireFederation();
        }

        var chart = Release.Build(_context);
        var rules = new Rules.RuleContext(_context.Settings);
        _context.AddRules(ComponentName, "kubernetes", [Rules.KubernetesRules.Group(rules), Rules.PrometheusRules.Group()], chart);
        if (Environments.Count > 0)
        {
            _context.AddRules(ComponentName, "federation", [Rules.FederationRules.Group(Federation.ScrapeTimeoutSeconds)], chart);
        }

        if (_context.Settings.Role == Config.StackRole.Environment)
        {
            _ = new FederationGateway(_context, _namespace);
        }

        return chart;
    }

    /// <summary>One scrape job per environment; passwords reach Prometheus as files of a mounted Secret.</summary>
    private void WireFederation()
    {
        var credentials = _context.Kubernetes(ComponentName, "federation-credentials-secret", "kubernetes:core/v1:Secret", ObjectValue.Of(
            ("metadata", StackContext.Metadata(Federation.CredentialsSecret, Namespaces.Monitoring, "federation")),
            ("type", "Opaque"),
            ("stringData", ObjectValue.Of(Environments.Select(e => new KeyValuePair<string, Value>(e.Stack, e.FederationPassword))))), false, _namespace);
        var authorities = _context.Kubernetes(ComponentName, "federation-ca-secret", "kubernetes:core/v1:Secret", ObjectValue.Of(
            ("metadata", StackContext.Metadata(Federation.CaSecret, Namespaces.Monitoring, "federation")),
            ("type", "Opaque"),
            ("stringData", ObjectValue.Of(Environments.Select(e => new KeyValuePair<string, Value>($"{e.Stack}.crt", e.TlsCaCertificate))))), false, _namespace);
        var jobs = ListValue.Of(Environments.Select(e => (Value)Federation.Job(e)));
        _context.Graph.AddDocument(new RenderedDocument("prometheus/federation.yaml", Yaml.YamlWriter.Write(jobs, Yaml.YamlMode.Document), ComponentName));
        Release.DependsOn.Add(credentials);
        Release.DependsOn.Add(authorities);
        Release.Wire(ObjectValue.Of(("prometheus", ObjectValue.Of(("prometheusSpec", ObjectValue.Of(
            ("secrets", ListValue.Of(Federation.CredentialsSecret, Federation.CaSecret)),
            // Merged by the operator into its own prometheus container (strategic merge by name).
            ("containers", ListValue.Of(ObjectValue.Of(
                ("name", "prometheus"),
                ("env", ListValue.Of(ObjectValue.Of(("name", "SSL_CERT_DIR"), ("value", Federation.CertificateDirectories))))))),
            ("additionalScrapeConfigs", jobs)))))));
    }

    /// <summary>A prometheus-operator storage spec with one ReadWriteOnce volume of the given size.</summary>
    public static ObjectValue VolumeClaimTemplate(StackSettings settings, string size)
    {
        var storageClass = settings.Get(SettingsCatalog.StorageClass);
        return ObjectValue.Of(("volumeClaimTemplate", ObjectValue.Of(("spec", ObjectValue.Of(
            ("storageClassName", storageClass.Length == 0 ? null : storageClass),
            ("accessModes", ListValue.Of("ReadWriteOnce")),
            ("resources", ObjectValue.Of(("requests", ObjectValue.Of(("storage", size))))))))));
    }
}
