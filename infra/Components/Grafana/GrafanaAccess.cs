using Infra.Model;

namespace Infra.Components;

/// <summary>
/// What Grafana's service account may read, and how its pod rolls. Grafana is on the internet, so its
/// token must not open the cluster's Secrets: the dashboard sidecar lists ConfigMaps only, in the
/// namespaces that hold dashboards. The chart's own Role and ClusterRole always grant
/// <c>configmaps</c> and <c>secrets</c> together whatever the sidecar's <c>resource</c> is, so the chart
/// makes neither (namespaced RBAC with an existing Role); this program makes that Role, ConfigMaps only,
/// and the chart binds it in each namespace. Grafana's own namespace holds Elasticsearch's and the
/// sign-in Secrets, which is why a namespaced chart Role would not do.
/// </summary>
public static class GrafanaAccess
{
    /// <summary>The Role the chart's RoleBindings refer to (rbac.useExistingRole).</summary>
    public const string ReaderRole = "grafana-dashboard-reader";

    /// <summary>What the sidecar watches: ConfigMaps, never Secrets.</summary>
    public const string SidecarResource = "configmap";

    /// <summary>
    /// Where dashboard ConfigMaps live: ours (next to Grafana) and kube-prometheus-stack's (its release
    /// namespace; the chart's grafana.namespaceOverride is not set).
    /// </summary>
    public static IReadOnlyList<string> DashboardNamespaces(StackContext context, string kubePrometheusNamespace) =>
        [Namespaces.Elastic, kubePrometheusNamespace, .. Teams.TeamDashboards.Namespaces(context)];

    /// <summary>The chart values: sidecar scope, RBAC, and a rollout that frees the volume first.</summary>
    public static ObjectValue Values(StackContext context, string kubePrometheusNamespace)
    {
        var namespaces = DashboardNamespaces(context, kubePrometheusNamespace);
        return ObjectValue.Of(
            ("sidecar", ObjectValue.Of(("dashboards", ObjectValue.Of(
                ("enabled", true),
                ("label", Grafana.DashboardLabel),
                ("labelValue", Grafana.DashboardLabelValue),
                ("resource", SidecarResource),
                ("searchNamespace", ListValue.Strings(namespaces)))))),
            ("rbac", ObjectValue.Of(
                ("create", true),
                ("namespaced", true),
                ("useExistingRole", ReaderRole),
                // The chart binds in its own namespace anyway; listing it again would duplicate that RoleBinding.
                ("namespaces", ListValue.Strings([.. namespaces.Where(n => n != Namespaces.Elastic)])))),
            // One replica on a ReadWriteOnce volume: a rolling update would start the new pod before the old
            // one lets go of the volume and wait forever on another node (see docs/design-notes.md).
            ("deploymentStrategy", ObjectValue.Of(("type", "Recreate"))));
    }

    /// <summary>The Role, one per dashboard namespace: read ConfigMaps, nothing else.</summary>
    public static IReadOnlyList<Resource> Roles(StackContext context, string kubePrometheusNamespace) =>
        [.. DashboardNamespaces(context, kubePrometheusNamespace).Select(ns => context.Kubernetes(Grafana.ComponentName, $"grafana-dashboard-reader-{ns}", "kubernetes:rbac.authorization.k8s.io/v1:Role", ObjectValue.Of(
            ("metadata", StackContext.Metadata(ReaderRole, ns, "grafana")),
            ("rules", ListValue.Of(ObjectValue.Of(
                ("apiGroups", ListValue.Strings([""])),
                ("resources", ListValue.Strings(["configmaps"])),
                ("verbs", ListValue.Strings(["get", "watch", "list"])))))), false,
                Teams.TeamDashboards.Namespaces(context).Contains(ns) ? context.Graph[$"{ns}-namespace"] : context.Namespace(ns)))];
}
