namespace Infra.Config;

/// <summary>The settings of Alertmanager: replicas, receivers, the dead-man's switch and routing overrides: part of the one catalog, declared beside the component that reads them.</summary>
public static partial class SettingsCatalog
{
    public static readonly Setting<int> AlertmanagerReplicas = Count("alertmanagerReplicas",
        "Alertmanager replicas (more than 1 form a gossip cluster that deduplicates notifications).", 10);

    public static readonly Setting<string> AlertmanagerStorageSize = Quantity("alertmanagerStorageSize",
        "Persistent volume per Alertmanager replica (silences and notification log).");

    public static readonly Setting<string> SlackChannel = Text("slackChannel",
        "Slack channel that receives this stack's alerts.", c => $"#alerts-{c.Stack}", "#alerts-<stack>", "#alerts-production",
        v => v.StartsWith('#') ? null : "must start with '#'");

    public static readonly Setting<bool> PagerDutyEnabled = ProfileFlag("pagerDutyEnabled",
        "Page PagerDuty for critical alerts (needs the pagerDutyRoutingKey secret).");

    public static readonly SecretSetting SlackWebhookUrl = new("slackWebhookUrl",
        "Slack incoming-webhook URL for alert notifications.", "https://hooks.slack.com/services/...", _ => true, "on every stack");

    public static readonly SecretSetting PagerDutyRoutingKey = new("pagerDutyRoutingKey",
        "PagerDuty Events API v2 routing key for critical alerts (not needed when pagerDutyOnCallStack gives it).", "R0UT1NGKEY...",
        s => s.Get(PagerDutyEnabled) && s.Get(PagerDutyOnCallStack!).Length == 0, "when pagerDutyEnabled is true and pagerDutyOnCallStack is empty");

    public static readonly SecretSetting DeadMansSwitchUrl = new("deadMansSwitchUrl",
        "Heartbeat URL that Alertmanager calls for the always-firing Watchdog alert (every minute); the heartbeat service (healthchecks.io, Dead Man's Snitch, ...) pages when the calls stop. A secret: whoever knows the URL can keep pinging it and hide that alerting is dead. It reaches Alertmanager as a file (url_file) from the receivers Secret, never in the configuration or the Helm values. https on port 443 (the only port Alertmanager's egress policy opens for it).",
        "https://hc-ping.com/<uuid>", _ => true, "on every cluster stack");

    public static readonly Setting<AlertRouteList> AlertRoutes = new("alertRoutes",
        "Routing overrides by namespace or team label, matched first, e.g. [{namespace: payments-beta, receiver: slack}] sends that namespace's alerts to Slack only; receiver is slack, pagerduty or none. Without one, alerts about a namespace the platform does not own go to Slack, never to PagerDuty. An entry may not name a declared team's namespace or team (observability:teams): it would take the team's alerts from its own receivers.",
        SettingScope.AnyStack, "list of {namespace|team, receiver}", "[{\"namespace\": \"payments-beta\", \"receiver\": \"slack\"}]",
        _ => AlertRouteList.Empty, "[]", structured: json => AlertRoute.ParseList(json) is var (routes, error) && routes is not null ? (new AlertRouteList(routes), null) : (null, error));

    /// <summary>The settings of the Alertmanager product (AlertmanagerProduct), in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> OfAlertmanager => [AlertmanagerReplicas, AlertmanagerStorageSize, SlackChannel, PagerDutyEnabled, SlackWebhookUrl, PagerDutyRoutingKey, DeadMansSwitchUrl, AlertRoutes];
}
