using Infra.Model;

namespace Infra.Components.Teams;

/// <summary>
/// Dashboards as code for teams, on the controlplane: one namespace per team (<see cref="Team.DashboardNamespace"/>)
/// where the team's pipeline applies ConfigMaps labelled like the platform's (<c>grafana_dashboard: "1"</c>) and
/// annotated with the team's folder (<see cref="FolderAnnotation"/>); Grafana's sidecar reads ConfigMaps there with
/// the same Role as everywhere (ConfigMaps only, never Secrets) and files each into its folder.
/// </summary>
public static class TeamDashboards
{
    /// <summary>The annotation naming a dashboard's Grafana folder (the sidecar's folderAnnotation).</summary>
    public const string FolderAnnotation = "grafana_folder";

    /// <summary>The dashboard namespaces of every team the controlplane serves (teams' applications run in the environments; their dashboards are shown here).</summary>
    public static IReadOnlyList<string> Namespaces(StackContext context) =>
        context.Settings.Role == Config.StackRole.Controlplane ? [.. context.Teams.Items.Select(t => t.DashboardNamespace)] : [];

    /// <summary>The sidecar values that file each dashboard into the folder its annotation names (the platform's stay at the top).</summary>
    public static ObjectValue SidecarValues() => ObjectValue.Of(("sidecar", ObjectValue.Of(("dashboards", ObjectValue.Of(
        ("folderAnnotation", FolderAnnotation),
        ("provider", ObjectValue.Of(("foldersFromFilesStructure", true))))))));

    /// <summary>The admission policy (and its binding) over the teams' dashboards namespaces.</summary>
    public const string FolderPolicy = "observability-team-dashboard-folders";

    /// <summary>
    /// A dashboard ConfigMap of a team's namespace names its own team's folder: the namespace's <c>team</c> label (the
    /// platform sets it). Without the annotation the sidecar would file it among the platform's dashboards; with
    /// another team's name, in that team's folder.
    /// </summary>
    public static string OwnFolderOnly => $"!has(object.metadata.labels) || !('{Grafana.DashboardLabel}' in object.metadata.labels) || "
        + $"(has(object.metadata.annotations) && '{FolderAnnotation}' in object.metadata.annotations && object.metadata.annotations['{FolderAnnotation}'] == namespaceObject.metadata.labels['team'])";

    /// <summary>The uid prefix of the platform's dashboards, which its alerts link to: reserved.</summary>
    public const string PlatformUidPrefix = "obs-";

    /// <summary>The part of a validation that admits every ConfigMap that is not a dashboard (the sidecar ignores those).</summary>
    private static string NotADashboard => $"!has(object.metadata.labels) || !('{Grafana.DashboardLabel}' in object.metadata.labels)";

    /// <summary>
    /// A dashboard ConfigMap holds dashboards only: every data key ends in <c>.json</c> and there is no binaryData. The
    /// sidecar downloads a key ending in <c>.url</c> from the URL it holds (kiwigrid/k8s-sidecar README), a request
    /// from Grafana's pod; binaryData would hide the JSON from <see cref="NoPlatformUid"/>.
    /// </summary>
    public static string JsonOnly => $"{NotADashboard} || (!has(object.binaryData) && (!has(object.data) || object.data.all(k, k.endsWith('.json'))))";

    /// <summary>
    /// No team dashboard takes a platform dashboard's uid (Grafana keeps one dashboard a uid, and platform alerts link to
    /// theirs): no <c>"uid": "obs-</c>, and no JSON <c>\u</c> escape that could spell it.
    /// </summary>
    public static string NoPlatformUid => $"{NotADashboard} || !has(object.data) || object.data.all(k, !object.data[k].matches('\"uid\"\\\\s*:\\\\s*\"{PlatformUidPrefix}') && !object.data[k].contains('\\\\u'))";

    /// <summary>The quota of a dashboards namespace: no pods, no Services (no LoadBalancer or NodePort either).</summary>
    public const string NoPodsQuota = "observability-no-pods";

    /// <summary>The teams' dashboard namespaces, labelled with their team (restricted: they hold ConfigMaps only).</summary>
    public static void Build(StackContext context)
    {
        var namespaces = Namespaces(context);
        if (namespaces.Count > 0)
        {
            context.Kubernetes(Grafana.ComponentName, "team-dashboard-policy", "kubernetes:yaml/v2:ConfigGroup", ObjectValue.Of(("objs", ListValue.Of(
                ObjectValue.Of(
                    ("apiVersion", "admissionregistration.k8s.io/v1"),
                    ("kind", "ValidatingAdmissionPolicy"),
                    ("metadata", ObjectValue.Of(("name", FolderPolicy), ("labels", ObjectValue.Of(("app.kubernetes.io/part-of", "observability"))))),
                    ("spec", ObjectValue.Of(
                        ("failurePolicy", "Fail"),
                        ("matchConstraints", ObjectValue.Of(("resourceRules", ListValue.Of(ObjectValue.Of(
                            ("apiGroups", ListValue.Strings([string.Empty])),
                            ("apiVersions", ListValue.Strings(["v1"])),
                            ("operations", ListValue.Strings(["CREATE", "UPDATE"])),
                            ("resources", ListValue.Strings(["configmaps"]))))))),
                        ("validations", ListValue.Of(
                            ObjectValue.Of(
                                ("expression", OwnFolderOnly),
                                ("message", $"a dashboard ConfigMap here is annotated {FolderAnnotation}: <your team> (the namespace's team label): the sidecar files it into that folder (docs/onboarding.md)"),
                                ("reason", "Invalid")),
                            ObjectValue.Of(
                                ("expression", JsonOnly),
                                ("message", "a dashboard ConfigMap holds dashboards only: data keys ending in .json, no binaryData (the sidecar would download a .url key's URL) (docs/onboarding.md)"),
                                ("reason", "Invalid")),
                            ObjectValue.Of(
                                ("expression", NoPlatformUid),
                                ("message", $"a team dashboard's uid may not start with {PlatformUidPrefix} (the platform's dashboards, which its alerts link to), nor the JSON use \\u escapes: prefix your uids with your team's name (docs/onboarding.md)"),
                                ("reason", "Invalid"))))))),
                ObjectValue.Of(
                    ("apiVersion", "admissionregistration.k8s.io/v1"),
                    ("kind", "ValidatingAdmissionPolicyBinding"),
                    ("metadata", ObjectValue.Of(("name", FolderPolicy), ("labels", ObjectValue.Of(("app.kubernetes.io/part-of", "observability"))))),
                    ("spec", ObjectValue.Of(
                        ("policyName", FolderPolicy),
                        ("validationActions", ListValue.Strings(["Deny"])),
                        ("matchResources", ObjectValue.Of(("namespaceSelector", ObjectValue.Of(("matchExpressions", ListValue.Of(ObjectValue.Of(
                            ("key", TeamMetrics.NamespaceNameLabel),
                            ("operator", "In"),
                            ("values", ListValue.Strings(namespaces))))))))))))))));
        }

        foreach (var team in context.Settings.Role == Config.StackRole.Controlplane ? context.Teams.Items : [])
        {
            var ns = context.Kubernetes(Grafana.ComponentName, $"{team.DashboardNamespace}-namespace", "kubernetes:core/v1:Namespace", ObjectValue.Of(
                ("metadata", ObjectValue.Of(
                    ("name", team.DashboardNamespace),
                    ("labels", ObjectValue.Of(
                        ("app.kubernetes.io/part-of", "observability"),
                        ("team", team.Name),
                        ("pod-security.kubernetes.io/enforce", "restricted")))))));
            // It holds ConfigMaps, no pods: like every namespace the platform makes, nothing may reach a pod in it or
            // leave one, and (a team's pipeline may write there) no pod may run in it at all.
            foreach (var (policy, type) in new[] { ("default-deny-ingress", "Ingress"), (NetworkPolicies.DenyEgressPolicy, "Egress") })
            {
                context.Kubernetes(Grafana.ComponentName, $"{team.DashboardNamespace}-{policy}", "kubernetes:networking.k8s.io/v1:NetworkPolicy", ObjectValue.Of(
                    ("metadata", StackContext.Metadata(policy, team.DashboardNamespace, "network-policy")),
                    ("spec", ObjectValue.Of(
                        ("podSelector", ObjectValue.Empty),
                        ("policyTypes", ListValue.Of(type)),
                        (type.ToLowerInvariant(), ListValue.Of())))), false, ns);
            }

            context.Kubernetes(Grafana.ComponentName, $"{team.DashboardNamespace}-quota", "kubernetes:yaml/v2:ConfigGroup", ObjectValue.Of(("objs", ListValue.Of(ObjectValue.Of(
                ("apiVersion", "v1"),
                ("kind", "ResourceQuota"),
                ("metadata", StackContext.Metadata(NoPodsQuota, team.DashboardNamespace, "team-limits")),
                ("spec", ObjectValue.Of(("hard", ObjectValue.Of(("pods", "0"), ("services", "0"))))))))), false, ns);
        }
    }
}
