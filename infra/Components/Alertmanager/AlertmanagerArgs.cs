using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>What Alertmanager reads of the stack's settings, bound once (<see cref="Bind"/>).</summary>
/// <param name="Stack">The stack's name (in the fixes its warnings print).</param>
/// <param name="PagerDuty">Whether critical alerts page (the routing key then comes from the on-call stack).</param>
/// <param name="Replicas">Alertmanager replicas (a gossip cluster above one).</param>
/// <param name="Storage">Its volume claim template (size and storage class).</param>
/// <param name="SlackChannel">The platform's Slack channel.</param>
/// <param name="GrafanaUrl">Grafana's public URL, where notifications link dashboards and silences; empty: no such links.</param>
/// <param name="KibanaUrl">Kibana's public URL, where notifications link logs; empty: no such links.</param>
/// <param name="MissingSecrets">Keys of the secrets the stack needs and has not set (each a warning).</param>
/// <param name="Routing">The settings the routing table reads (alert routes, paging, environment): <see cref="RoutingTable.For(StackSettings, List{string}, Teams.TeamList)"/>.</param>
public sealed record AlertmanagerArgs(
    string Stack,
    bool PagerDuty,
    int Replicas,
    ObjectValue Storage,
    string SlackChannel,
    string GrafanaUrl,
    string KibanaUrl,
    IReadOnlyList<string> MissingSecrets,
    StackSettings Routing)
{
    /// <param name="settings">The stack's settings.</param>
    /// <param name="grafanaUrl">Grafana's public URL (a setting of the user interfaces, <see cref="NotificationLinks.Grafana"/>).</param>
    /// <param name="kibanaUrl">Kibana's public URL (<see cref="NotificationLinks.Kibana"/>).</param>
    public static AlertmanagerArgs Bind(StackSettings settings, string grafanaUrl, string kibanaUrl) => new(
        settings.Stack,
        settings.Get(SettingsCatalog.PagerDutyEnabled),
        settings.Get(SettingsCatalog.AlertmanagerReplicas),
        KubePrometheus.VolumeClaimTemplate(settings, settings.Get(SettingsCatalog.AlertmanagerStorageSize)),
        settings.Get(SettingsCatalog.SlackChannel),
        grafanaUrl,
        kibanaUrl,
        [.. SettingsCatalog.RequiredSecrets(settings).Where(s => !settings.HasSecret(s)).Select(s => s.Key)],
        settings);

    /// <summary>Links of one alert (<see cref="NotificationLinks.PerAlert"/>) to this Grafana and Kibana.</summary>
    public NotificationLinks PerAlert => NotificationLinks.PerAlert(Routing) with { GrafanaUrl = GrafanaUrl, KibanaUrl = KibanaUrl };

    /// <summary>Links of a notification's group (<see cref="NotificationLinks.PerGroup"/>) to this Grafana and Kibana.</summary>
    public NotificationLinks PerGroup => NotificationLinks.PerGroup(Routing) with { GrafanaUrl = GrafanaUrl, KibanaUrl = KibanaUrl };
}
