namespace Infra.Tests.Conformance;

/// <summary>
/// The values key paths that <see cref="ChartValuesKeyChecker"/> cannot judge from the defaults alone,
/// each with why. Both lists are checked against the charts (a commented key must still be in a
/// comment, a free-form map must still be a key) and against use (no entry may go unused).
/// </summary>
public static class ChartValuesExceptions
{
    /// <summary>Keys the chart supports but documents only as commented-out lines in values.yaml.</summary>
    public static readonly IReadOnlyList<ChartKeyException> CommentedKeys =
    [
        new("grafana", "persistence.storageClassName",
            "documented only as the commented default '# storageClassName: default' under persistence: left unset, the claim gets the cluster's default StorageClass"),
        new("grafana", "rbac.useExistingRole",
            "documented only as the commented '# useExistingRole: name-of-some-role' under rbac: with rbac.namespaced the chart then binds our ConfigMaps-only Role instead of rendering its own (which also grants secrets)"),
    ];

    /// <summary>
    /// Non-empty default maps whose content the chart passes through as it is (into a config file or a
    /// Kubernetes object), so keys other than the defaults are legitimate.
    /// </summary>
    public static readonly IReadOnlyList<ChartKeyException> FreeFormMaps =
    [
        new("kube-prometheus-stack", "alertmanager.config",
            "Alertmanager's own configuration, rendered with toYaml into the alertmanager.yaml Secret (../shared/docs/charts-facts.md §2); checked by amtool instead"),
        new("grafana", "grafana.ini",
            "sections and keys of grafana.ini, rendered as they are into the ini file; the defaults list only a few sections"),
        new("eck-operator", "podSecurityContext",
            "the operator pod's securityContext (a Kubernetes PodSecurityContext), rendered with toYaml into the StatefulSet; the defaults set only runAsNonRoot"),
    ];
}
