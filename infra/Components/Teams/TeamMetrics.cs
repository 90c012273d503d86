using Infra.Config;
using Infra.Model;

namespace Infra.Components.Teams;

/// <summary>
/// What a team may add to a stack's Prometheus, and what it may not. Prometheus (and its operator) select
/// ServiceMonitors, PodMonitors, Probes, ScrapeConfigs and PrometheusRules only in the platform's namespaces and
/// the declared teams' namespaces of this environment (by the API server's own <c>kubernetes.io/metadata.name</c>
/// label, which nobody can set); every series and alert from a team's objects carries its true namespace
/// (<c>enforcedNamespaceLabel</c>: the operator overwrites a rule's own label and adds the matcher to its
/// selectors, so a rule reads and alerts only within its namespace); the platform's own objects are excluded
/// from that enforcement, since their rules aggregate across namespaces. Per scrape, the operator's enforced
/// limits cap samples, targets and labels for every monitor (the operator has no per-namespace limits): a
/// team's monitor may set a lower <c>sampleLimit</c>, never a higher one.
/// </summary>
public static class TeamMetrics
{
    /// <summary>The label the operator enforces, and Alertmanager routes teams by.</summary>
    public const string EnforcedLabel = "namespace";

    /// <summary>The API server's label of every namespace with its name (immutable; Kubernetes 1.21+).</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <summary>The resources of monitoring.coreos.com the selectors and the enforcement exclusions cover.</summary>
    public static IReadOnlyList<(string Selector, string Resource)> Kinds { get; } =
    [
        ("serviceMonitor", "servicemonitors"), ("podMonitor", "podmonitors"), ("probe", "probes"), ("scrapeConfig", "scrapeconfigs"), ("rule", "prometheusrules"),
    ];

    /// <summary>Labels per series: the platform's own series stay well below (kube-state-metrics exposes no object labels unless allowed).</summary>
    public const int LabelLimit = 64;

    public const int LabelNameLengthLimit = 256;

    public const int LabelValueLengthLimit = 4096;

    /// <summary>
    /// The <c>team</c> label of every alert of a team's namespace, as sent to Alertmanager: set from its (enforced)
    /// namespace, whatever a rule wrote there, so the label shown in notifications is the owner's. Alertmanager does
    /// not route teams on it (it routes by namespace): it informs, it cannot redirect. Prometheus' own format (the
    /// chart appends these to the operator's).
    /// </summary>
    public static ListValue AlertRelabelings(IReadOnlyList<Team> teams, string environment) => ListValue.Of(
        teams.Select(t => (Value)ObjectValue.Of(
            ("source_labels", ListValue.Strings([EnforcedLabel])),
            ("regex", string.Join("|", t.NamespacesIn(environment))),
            ("target_label", "team"),
            ("replacement", t.Name))));

    /// <summary>The declared teams' namespaces of this stack's environment (sorted).</summary>
    public static IReadOnlyList<string> TeamNamespaces(StackContext context) =>
        [.. context.Teams.In(context.Settings.Environment).SelectMany(t => t.NamespacesIn(context.Settings.Environment)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The namespaces whose monitoring objects this Prometheus selects: the platform's and the teams'.</summary>
    public static IReadOnlyList<string> Selected(IReadOnlyList<string> platform, IReadOnlyList<string> teams) =>
        [.. platform.Concat(teams).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The prometheusSpec values: selectors by namespace name, the enforced namespace label with the platform's exclusions, the enforced limits.</summary>
    public static ObjectValue PrometheusSpec(StackSettings settings, IReadOnlyList<string> platform, IReadOnlyList<Team> teamsOf)
    {
        var teams = teamsOf.SelectMany(t => t.NamespacesIn(settings.Environment)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var selector = ObjectValue.Of(("matchExpressions", ListValue.Of(ObjectValue.Of(
            ("key", NamespaceNameLabel),
            ("operator", "In"),
            ("values", ListValue.Strings(Selected(platform, teams)))))));
        var spec = new List<(string, Value?)>();
        foreach (var (kind, _) in Kinds)
        {
            spec.Add(($"{kind}NamespaceSelector", selector));
        }

        spec.Add(("enforcedNamespaceLabel", EnforcedLabel));
        spec.Add(("excludedFromEnforcement", ListValue.Of(platform.SelectMany(ns => Kinds.Select(k => (Value)ObjectValue.Of(
            ("group", KubePrometheus.MonitoringApiGroup),
            ("resource", k.Resource),
            ("namespace", ns)))))));
        spec.Add(("additionalAlertRelabelConfigs", teamsOf.Count == 0 ? null : AlertRelabelings(teamsOf, settings.Environment)));
        spec.Add(("enforcedSampleLimit", settings.Get(SettingsCatalog.PrometheusEnforcedSampleLimit)));
        spec.Add(("enforcedTargetLimit", settings.Get(SettingsCatalog.PrometheusEnforcedTargetLimit)));
        spec.Add(("enforcedLabelLimit", LabelLimit));
        spec.Add(("enforcedLabelNameLengthLimit", LabelNameLengthLimit));
        spec.Add(("enforcedLabelValueLengthLimit", LabelValueLengthLimit));
        return ObjectValue.Of(("prometheus", ObjectValue.Of(("prometheusSpec", ObjectValue.Of([.. spec])))));
    }
}
