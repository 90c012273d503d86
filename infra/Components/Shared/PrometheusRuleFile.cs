using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Turns rule groups into the Prometheus rule-file shape (<c>groups:</c>), which is both the
/// <c>PrometheusRule</c> spec and the file <c>render</c> writes for promtool.
/// </summary>
public static class PrometheusRuleFile
{
    /// <summary>The annotation naming the Grafana dashboard (uid) the alert's notifications link to.</summary>
    public const string DashboardAnnotation = "dashboard_uid";

    /// <param name="dashboard">Uid of the component's dashboard, or null when it has none.</param>
    public static ObjectValue Spec(IReadOnlyList<RuleGroup> groups, string component, StackSettings settings, string? dashboard = null)
    {
        var runbooks = settings.Get(SettingsCatalog.RunbookBaseUrl);
        return ObjectValue.Of(("groups", ListValue.Of(groups.Select(group => (Value)ObjectValue.Of(
            ("name", group.Name),
            ("rules", ListValue.Of(
                // Recorded aggregates carry cluster and environment themselves, so the controlplane's own
                // series are labelled like the federated ones; federation selects them by that label.
                group.Recordings.Select(r => (Value)ObjectValue.Of(
                    ("record", r.Record),
                    ("expr", r.Expr),
                    ("labels", ObjectValue.Of(("cluster", settings.Cluster), (Federation.EnvironmentLabel, settings.Environment)))))
                    .Concat(group.Alerts.Select(a => (Value)Alert(a, component, runbooks, dashboard))))))))));
    }

    /// <summary>The runbook link of an alert: docs/runbooks.md's heading anchor for the alert name.</summary>
    public static string RunbookUrl(string baseUrl, string alert) => $"{baseUrl}#{alert.ToLowerInvariant()}";

    private static ObjectValue Alert(AlertRule alert, string component, string runbooks, string? dashboard) => ObjectValue.Of(
        ("alert", alert.Name),
        ("expr", alert.Expr),
        ("for", alert.For == "0s" ? null : alert.For),
        ("keep_firing_for", alert.KeepFiringFor),
        ("labels", ObjectValue.Of(
            ("severity", alert.Severity.ToString().ToLowerInvariant()),
            ("component", component))),
        ("annotations", ObjectValue.Of(
            ("summary", alert.Summary),
            ("description", alert.Description),
            ("runbook_url", RunbookUrl(runbooks, alert.Name)),
            (DashboardAnnotation, dashboard))));
}
