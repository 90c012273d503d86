using Infra.Config;
using Infra.Model;

namespace Infra.Components.Teams;

/// <summary>
/// What the platform enforces inside the declared teams' namespaces of a cluster (it does not create or own those
/// namespaces: the team does, with its applications; docs/onboarding.md). Per namespace, a ResourceQuota on the
/// number of monitoring objects (Kubernetes object-count quota, <c>count/&lt;resource&gt;.&lt;group&gt;</c>): so many
/// ServiceMonitors, PodMonitors and PrometheusRules (settings), and no Probes or ScrapeConfigs (a ScrapeConfig
/// names any service discovery, address or file; a Probe needs a prober the platform does not run). For every team
/// namespace, ValidatingAdmissionPolicies: a team's ServiceMonitor or PodMonitor selects targets in its own namespace
/// only, and a ServiceMonitor reads no file of the Prometheus pod (bearerTokenFile, tlsConfig caFile/certFile/keyFile:
/// the pod's own service-account token and CA). The operator's own switches cannot do either here:
/// <c>arbitraryFSAccessThroughSMs.deny</c> and <c>ignoreNamespaceSelectors</c> apply to every monitor, and the
/// chart's kubelet, API server and CoreDNS ServiceMonitors use files and select other namespaces (design notes).
/// </summary>
public static class TeamAdmission
{
    /// <summary>Name of the quota object in each team namespace.</summary>
    public const string QuotaName = "observability-team-monitoring";

    /// <summary>The name prefix of the policies and their bindings.</summary>
    public const string PolicyPrefix = "observability-team-";

    /// <summary>The object counts a team namespace may hold, by resource of monitoring.coreos.com.</summary>
    public static IReadOnlyList<(string Resource, int Count)> Quota(StackSettings settings) =>
    [
        ("servicemonitors", settings.Get(SettingsCatalog.TeamServiceMonitorQuota)),
        ("podmonitors", settings.Get(SettingsCatalog.TeamPodMonitorQuota)),
        ("prometheusrules", settings.Get(SettingsCatalog.TeamPrometheusRuleQuota)),
        ("probes", 0),
        ("scrapeconfigs", 0),
    ];

    /// <summary>A monitor selects targets in its own namespace: no namespaceSelector, or one that lists only it.</summary>
    public const string OwnNamespaceOnly =
        "!has(object.spec.namespaceSelector) || ((!has(object.spec.namespaceSelector.any) || !object.spec.namespaceSelector.any) && (!has(object.spec.namespaceSelector.matchNames) || object.spec.namespaceSelector.matchNames.all(n, n == request.namespace)))";

    /// <summary>A ServiceMonitor's endpoints name no file of the Prometheus pod.</summary>
    public const string NoPrometheusFiles =
        "!has(object.spec.endpoints) || object.spec.endpoints.all(e, !has(e.bearerTokenFile) && (!has(e.tlsConfig) || (!has(e.tlsConfig.caFile) && !has(e.tlsConfig.certFile) && !has(e.tlsConfig.keyFile))))";

    /// <summary>The policies: per resource, its validations (CEL expression and the message a refused apply shows).</summary>
    public static IReadOnlyList<(string Resource, IReadOnlyList<(string Expression, string Message)> Validations)> Policies { get; } =
    [
        ("servicemonitors", [
            (OwnNamespaceOnly, "a team's ServiceMonitor discovers targets in its own namespace only: remove spec.namespaceSelector, or list only this namespace in matchNames (docs/onboarding.md)"),
            (NoPrometheusFiles, "a team's ServiceMonitor may not read files of the Prometheus pod (bearerTokenFile, tlsConfig.caFile, certFile, keyFile): use bearerTokenSecret or authorization, and tlsConfig.ca, cert and keySecret from a Secret in this namespace (docs/onboarding.md)"),
        ]),
        ("podmonitors", [
            (OwnNamespaceOnly, "a team's PodMonitor discovers pods in its own namespace only: remove spec.namespaceSelector, or list only this namespace in matchNames (docs/onboarding.md)"),
        ]),
    ];

    /// <summary>The quota in each team namespace of this environment, and the policies bound to those namespaces.</summary>
    public static void Build(StackContext context)
    {
        var namespaces = TeamMetrics.TeamNamespaces(context);
        if (namespaces.Count == 0)
        {
            return;
        }

        var hard = ObjectValue.Of([.. Quota(context.Settings).Select(q => ($"count/{q.Resource}.{KubePrometheus.MonitoringApiGroup}", (Value?)new StringValue(q.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))))]);
        foreach (var ns in namespaces)
        {
            // A ConfigGroup per namespace: a namespace the team has not created yet fails its own object, named.
            context.Kubernetes(KubePrometheus.ComponentName, $"team-quota-{ns}", "kubernetes:yaml/v2:ConfigGroup", ObjectValue.Of(("objs", ListValue.Of(ObjectValue.Of(
                ("apiVersion", "v1"),
                ("kind", "ResourceQuota"),
                ("metadata", StackContext.Metadata(QuotaName, ns, "team-limits")),
                ("spec", ObjectValue.Of(("hard", hard))))))));
        }

        var objects = new List<Value>();
        foreach (var (resource, validations) in Policies)
        {
            var name = PolicyPrefix + resource;
            objects.Add(ObjectValue.Of(
                ("apiVersion", "admissionregistration.k8s.io/v1"),
                ("kind", "ValidatingAdmissionPolicy"),
                ("metadata", ObjectValue.Of(("name", name), ("labels", ObjectValue.Of(("app.kubernetes.io/part-of", "observability"))))),
                ("spec", ObjectValue.Of(
                    ("failurePolicy", "Fail"),
                    ("matchConstraints", ObjectValue.Of(("resourceRules", ListValue.Of(ObjectValue.Of(
                        ("apiGroups", ListValue.Strings([KubePrometheus.MonitoringApiGroup])),
                        ("apiVersions", ListValue.Strings(["*"])),
                        ("operations", ListValue.Strings(["CREATE", "UPDATE"])),
                        ("resources", ListValue.Strings([resource]))))))),
                    ("validations", ListValue.Of(validations.Select(v => (Value)ObjectValue.Of(("expression", v.Expression), ("message", v.Message), ("reason", "Invalid")))))))));
            objects.Add(ObjectValue.Of(
                ("apiVersion", "admissionregistration.k8s.io/v1"),
                ("kind", "ValidatingAdmissionPolicyBinding"),
                ("metadata", ObjectValue.Of(("name", name), ("labels", ObjectValue.Of(("app.kubernetes.io/part-of", "observability"))))),
                ("spec", ObjectValue.Of(
                    ("policyName", name),
                    ("validationActions", ListValue.Strings(["Deny"])),
                    ("matchResources", ObjectValue.Of(("namespaceSelector", ObjectValue.Of(("matchExpressions", ListValue.Of(ObjectValue.Of(
                        ("key", TeamMetrics.NamespaceNameLabel),
                        ("operator", "In"),
                        ("values", ListValue.Strings(namespaces)))))))))))));
        }

        context.Kubernetes(KubePrometheus.ComponentName, "team-monitor-policies", "kubernetes:yaml/v2:ConfigGroup", ObjectValue.Of(("objs", ListValue.Of(objects))));
    }
}
