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

    /// <summary>The quota of a dashboards namespace: no pods.</summary>
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
                        ("validations", ListValue.Of(ObjectValue.Of(
                            ("expression", OwnFolderOnly),
                            ("message", $"a dashboard ConfigMap here is annotated {FolderAnnotation}: <your team> (the namespace's team label): the sidecar files it into that folder (docs/onboarding.md)"),
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
                ("spec", ObjectValue.Of(("hard", ObjectValue.Of(("pods", "0"))))))))), false, ns);
        }
    }
}
