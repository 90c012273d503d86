namespace Infra.Components.Teams;

/// <summary>
/// A team that brings its applications to the platform (<c>observability:teams</c> of the on-call stack):
/// its namespaces in each environment, its Slack channel, the escalation policy its PagerDuty services page
/// (on paging environments), and optionally how long Elasticsearch keeps its logs.
/// </summary>
/// <param name="Name">Label value (lower-case letters, digits and '-'): the <c>team</c> label, receiver and resource names.</param>
/// <param name="Namespaces">Environment name → the team's namespaces there (sorted).</param>
/// <param name="EscalationPolicy">A policy of <c>observability:onCall</c>; null: the team is never paged (Slack only).</param>
/// <param name="LogRetentionDays">Days its logs stay in Elasticsearch; null: its environment's retention.</param>
public sealed record Team(string Name, string SlackChannel, IReadOnlyDictionary<string, IReadOnlyList<string>> Namespaces, string? EscalationPolicy, int? LogRetentionDays)
{
    /// <summary>The team's namespaces in one environment (none when it declares none there).</summary>
    public IReadOnlyList<string> NamespacesIn(string environment) => Namespaces.TryGetValue(environment, out var list) ? list : [];

    /// <summary>
    /// The namespace the controlplane's Grafana reads the team's dashboard ConfigMaps from: the platform creates it
    /// on the controlplane (the team's applications run in the environments, its dashboards are read there).
    /// </summary>
    public string DashboardNamespace => $"{Name}-dashboards";

    /// <summary>The Grafana folder of the team's dashboards.</summary>
    public string DashboardFolder => Name;

    /// <summary>Alertmanager's receiver of the team's alerts (its Slack channel).</summary>
    public string SlackReceiver => $"team-{Name}";

    /// <summary>Alertmanager's receiver of the team's critical alerts on a paging environment (its PagerDuty service and Slack channel).</summary>
    public string PagerDutyReceiver => $"team-{Name}-pagerduty";

    /// <summary>The key of the team's Slack webhook URL in the receivers' Secret.</summary>
    public string SlackKey => $"slack-webhook-url-{Name}";

    /// <summary>The key of the team's PagerDuty routing key in the receivers' Secret.</summary>
    public string PagerDutyKey => $"pagerduty-routing-key-{Name}";

    /// <summary>The Kibana data view of the team's logs (its namespaces in every environment).</summary>
    public string DataView => $"logs-team-{Name}";
}
