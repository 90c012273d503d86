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
/// A team's monitors also keep the namespace Prometheus gives their series: no <c>honorLabels</c> (a scraped
/// <c>namespace</c> label would win over the enforced one) and no metric relabeling that writes or removes it (the
/// operator drops only those whose <c>targetLabel</c> is literally <c>namespace</c>), so the platform's rules, which
/// select their components' namespaces, cannot be fed by a team's series named alike. Every group of a team's
/// PrometheusRule sets <c>limit</c> (series a recording rule, alerts an alerting rule may produce), at most
/// <c>teamRuleLimit</c>: the operator has no enforced limit for rules.
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

    /// <summary>
    /// A metric relabeling that cannot set or remove <c>namespace</c>: no <c>labelmap</c> (its replacement names the
    /// label), no <c>targetLabel</c> built from a capture group (<c>${1}</c>), no <c>labeldrop</c> whose regex matches
    /// <c>namespace</c> and no <c>labelkeep</c> whose regex does not (Prometheus anchors the regex; default <c>(.*)</c>).
    /// </summary>
    private const string RelabelingKeepsNamespace =
        "(!has(r.targetLabel) || !r.targetLabel.contains('$'))"
        + " && (!has(r.action) || !(r.action in ['labelmap', 'LabelMap']))"
        + " && (!has(r.action) || !(r.action in ['labeldrop', 'LabelDrop']) || !'namespace'.matches('^(?:' + (has(r.regex) ? r.regex : '(.*)') + ')$'))"
        + " && (!has(r.action) || !(r.action in ['labelkeep', 'LabelKeep']) || 'namespace'.matches('^(?:' + (has(r.regex) ? r.regex : '(.*)') + ')$'))";

    /// <summary>Every endpoint of a monitor keeps the namespace Prometheus sets (<paramref name="endpoints"/>: the CRD's list field).</summary>
    public static string KeepsNamespace(string endpoints) =>
        $"!has(object.spec.{endpoints}) || object.spec.{endpoints}.all(e, (!has(e.honorLabels) || !e.honorLabels) && (!has(e.metricRelabelings) || e.metricRelabelings.all(r, {RelabelingKeepsNamespace})))";

    /// <summary>Every group of a PrometheusRule bounds what its rules may produce, at most <paramref name="limit"/>.</summary>
    public static string GroupsLimited(int limit) =>
        $"!has(object.spec.groups) || object.spec.groups.all(g, has(g.limit) && g.limit > 0 && g.limit <= {limit.ToString(System.Globalization.CultureInfo.InvariantCulture)})";

    /// <summary>
    /// No rule of a team's PrometheusRule records a name the controlplane federates from every namespace (the platform's
    /// per-namespace recordings): a team's series of that name would count against the federation job's sample_limit and
    /// could fail its environment's whole federation scrape.
    /// </summary>
    public static string NoPlatformRecordNames(IEnumerable<string> names) =>
        $"!has(object.spec.groups) || object.spec.groups.all(g, !has(g.rules) || g.rules.all(r, !has(r.record) || !(r.record in [{string.Join(", ", names.Select(n => $"'{n}'"))}])))";

    private const string KeepsNamespaceMessage =
        "may not set honorLabels, nor a metricRelabeling that writes or removes the namespace label (labelmap, a targetLabel with $, labeldrop or labelkeep dropping namespace): your series keep your namespace, so they cannot pose as the platform's (docs/onboarding.md)";

    /// <summary>The policies: per resource, its validations (CEL expression and the message a refused apply shows).</summary>
    public static IReadOnlyList<(string Resource, IReadOnlyList<(string Expression, string Message)> Validations)> Policies(StackSettings settings) =>
    [
        ("servicemonitors", [
            (OwnNamespaceOnly, "a team's ServiceMonitor discovers targets in its own namespace only: remove spec.namespaceSelector, or list only this namespace in matchNames (docs/onboarding.md)"),
            (NoPrometheusFiles, "a team's ServiceMonitor may not read files of the Prometheus pod (bearerTokenFile, tlsConfig.caFile, certFile, keyFile): use bearerTokenSecret or authorization, and tlsConfig.ca, cert and keySecret from a Secret in this namespace (docs/onboarding.md)"),
            (KeepsNamespace("endpoints"), "a team's ServiceMonitor " + KeepsNamespaceMessage),
        ]),
        ("podmonitors", [
            (OwnNamespaceOnly, "a team's PodMonitor discovers pods in its own namespace only: remove spec.namespaceSelector, or list only this namespace in matchNames (docs/onboarding.md)"),
            (KeepsNamespace("podMetricsEndpoints"), "a team's PodMonitor " + KeepsNamespaceMessage),
        ]),
        ("prometheusrules", [
            (GroupsLimited(settings.Get(SettingsCatalog.TeamRuleLimit)),
                $"every group of a team's PrometheusRule sets limit (the series a recording rule, the alerts an alerting rule may produce; above it the rule fails) between 1 and {settings.Get(SettingsCatalog.TeamRuleLimit)} ({SettingsCatalog.TeamRuleLimit.Key} of the environment's stack): add limit to each group (docs/onboarding.md)"),
            (NoPlatformRecordNames(KubernetesRules.PerNamespaceRecords),
                $"a team's PrometheusRule may not record the platform's per-namespace names ({string.Join(", ", KubernetesRules.PerNamespaceRecords)}): the controlplane federates them from every namespace; give your recording rule a name of your own (docs/onboarding.md)"),
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

        // The platform does not create a team's namespaces (removing a team must not delete its workloads), and without a
        // cluster the compiler cannot see them: say so in preview, before `pulumi up` fails on a missing one.
        context.Graph.AddWarning($"team namespaces {string.Join(", ", namespaces)} must exist before 'pulumi up' (their teams create them; the platform only manages objects inside): a missing one fails its ConfigGroup team-quota-<namespace>, and with it the update (the other resources are still applied). Check: kubectl get namespace {string.Join(" ", namespaces)}");

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
        foreach (var (resource, validations) in Policies(context.Settings))
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
