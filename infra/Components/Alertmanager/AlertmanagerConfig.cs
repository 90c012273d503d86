using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Builds alertmanager.yaml from a <see cref="RoutingTable"/>: Watchdog to the dead-man's switch,
/// overrides next, then alerts about namespaces the platform does not own to Slack, then one route per
/// severity; grouping by alert, cluster and namespace; critical inhibits warning and info of the same
/// alert, and each <see cref="CausalInhibitions"/> pair's cause its effects. Receiver secrets are read from files.
/// </summary>
public static class AlertmanagerConfig
{
    /// <summary>PagerDuty's event severity from the alert group's: critical, warning, or info for anything else.</summary>
    private const string PagerDutySeverity =
        "{{ if eq .CommonLabels.severity \"critical\" }}critical{{ else if eq .CommonLabels.severity \"warning\" }}warning{{ else }}info{{ end }}";

    /// <summary>The Watchdog route's ticks: one heartbeat per group interval.</summary>
    public const string HeartbeatGroupInterval = "1m";

    /// <summary>Below the group interval, so every tick finds the last heartbeat old enough to repeat.</summary>
    public const string HeartbeatRepeatInterval = "50s";

    /// <param name="alert">Links of one alert (<see cref="NotificationLinks.PerAlert"/>).</param>
    /// <param name="group">Links of a notification's group (<see cref="NotificationLinks.PerGroup"/>).</param>
    /// <param name="slackChannel">The platform's Slack channel.</param>
    /// <param name="table">The stack's routing.</param>
    /// <param name="secretsDirectory">Where the receivers' secrets are mounted.</param>
    public static ObjectValue Build(NotificationLinks alert, NotificationLinks group, string slackChannel, RoutingTable table, string secretsDirectory)
    {
        var slack = Slack($"{secretsDirectory}/{Alertmanager.SlackKey}", slackChannel, alert, group);

        var routes = new List<Value>
        {
            ObjectValue.Of(
                ("receiver", RoutingTable.DeadMansSwitch),
                // The platform's Watchdog only (its rule has no namespace): a team's rule named Watchdog is the team's alert.
                ("matchers", ListValue.Of($"alertname = \"{AlertmanagerRules.WatchdogAlert}\"", table.PlatformScope)),
                ("group_wait", "0s"),
                ("group_interval", HeartbeatGroupInterval),
                // Alertmanager checks the repeat at each group_interval tick and resends only when the last
                // notification is strictly older than repeat_interval: 1m would beat every 2 minutes.
                ("repeat_interval", HeartbeatRepeatInterval)),
        };
        routes.AddRange(table.Overrides.Select(o => (Value)ObjectValue.Of(
            ("receiver", o.Receiver),
            ("matchers", ListValue.Of($"{o.Route.MatchLabel} = \"{o.Route.MatchValue}\"")))));
        // A declared team's namespaces: its own receivers (Components/Teams), by namespace only.
        routes.AddRange(table.Teams.Select(t => (Value)ObjectValue.Of(
            ("receiver", t.Team.SlackReceiver),
            ("matchers", ListValue.Of(t.NamespaceMatcher)),
            ("routes", t.Pages ? ListValue.Of(ObjectValue.Of(
                ("receiver", t.Team.PagerDutyReceiver),
                ("matchers", ListValue.Of("severity = \"critical\"")),
                ("repeat_interval", "1h"))) : null))));
        // A team's workload (any namespace the platform does not own) never reaches the platform's pager; an alert
        // without a namespace label (a node, the cluster, the platform's aggregates) is the platform's.
        routes.Add(ObjectValue.Of(
            ("receiver", RoutingTable.TeamNamespaces),
            ("matchers", ListValue.Of(
                "namespace =~ \".+\"",
                $"namespace !~ \"{string.Join("|", table.PlatformNamespaces)}\""))));
        routes.AddRange(table.BySeverity
            .Where(cell => cell.Value != RoutingTable.Slack)
            .Select(cell => (Value)ObjectValue.Of(
                ("receiver", cell.Value),
                ("matchers", ListValue.Of($"severity = \"{cell.Key.ToString().ToLowerInvariant()}\"")),
                ("repeat_interval", "1h"))));

        var receivers = new List<Value>();
        foreach (var name in table.Receivers)
        {
            receivers.Add(name switch
            {
                RoutingTable.Slack => ObjectValue.Of(("name", name), ("slack_configs", ListValue.Of(slack))),
                RoutingTable.DeadMansSwitch => ObjectValue.Of(("name", name), ("webhook_configs", ListValue.Of(ObjectValue.Of(
                    ("url_file", $"{secretsDirectory}/{Alertmanager.DeadMansSwitchKey}"),
                    ("send_resolved", false))))),
                RoutingTable.PagerDutyAndSlack => ObjectValue.Of(
                    ("name", name),
                    ("pagerduty_configs", ListValue.Of(PagerDuty($"{secretsDirectory}/{Alertmanager.PagerDutyKey}", group))),
                    ("slack_configs", ListValue.Of(slack))),
                _ when table.Teams.FirstOrDefault(t => t.Receivers.Contains(name, StringComparer.Ordinal)) is { } team => TeamReceiver(alert, group, team, name, secretsDirectory),
                _ => ObjectValue.Of(("name", name)),
            });
        }

        return ObjectValue.Of(
            ("global", ObjectValue.Of(("resolve_timeout", "5m"))),
            ("route", ObjectValue.Of(
                ("receiver", RoutingTable.Slack),
                ("group_by", ListValue.Of("alertname", "cluster", "namespace")),
                ("group_wait", "30s"),
                ("group_interval", "5m"),
                ("repeat_interval", "4h"),
                ("routes", ListValue.Of(routes)))),
            ("inhibit_rules", ListValue.Of([
                ObjectValue.Of(
                    ("source_matchers", ListValue.Of("severity = \"critical\"")),
                    ("target_matchers", ListValue.Of("severity =~ \"warning|info\"")),
                    ("equal", ListValue.Strings(InhibitionIdentity))),
                ObjectValue.Of(
                    ("source_matchers", ListValue.Of("severity = \"warning\"")),
                    ("target_matchers", ListValue.Of("severity = \"info\"")),
                    ("equal", ListValue.Strings(InhibitionIdentity))),
                .. CausalInhibitions.All.Select(i => Inhibition(i, table.PlatformScope))])),
            ("receivers", ListValue.Of(receivers)),
            ("templates", ListValue.Of()));
    }

    /// <summary>A Slack configuration: the webhook URL read from a file, the channel, the group's title and each alert's text and links.</summary>
    private static ObjectValue Slack(string urlFile, string channel, NotificationLinks alert, NotificationLinks group) => ObjectValue.Of(
        ("api_url_file", urlFile),
        ("channel", channel),
        ("send_resolved", true),
        ("title", "[{{ .Status | toUpper }}{{ if eq .Status \"firing\" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.environment }})"),
        ("title_link", group.Dashboard.Length == 0 ? null : group.Dashboard),
        ("text", SlackText(alert, group)));

    /// <summary>A PagerDuty configuration: the routing key read from a file, the alert's severity, the group's links and details.</summary>
    private static ObjectValue PagerDuty(string keyFile, NotificationLinks group) => ObjectValue.Of(
        ("routing_key_file", keyFile),
        ("send_resolved", true),
        // The event's severity follows the alert's, so a warning routed to PagerDuty by an
        // alertRoutes entry opens a low-urgency incident on a severity-based service.
        ("severity", PagerDutySeverity),
        ("description", "{{ .CommonLabels.alertname }} in {{ .CommonLabels.environment }}: {{ .CommonAnnotations.summary }}"),
        ("client", "Alertmanager"),
        ("client_url", group.Dashboard.Length == 0 ? null : group.Dashboard),
        ("links", PagerDutyLinks(group)),
        ("details", PagerDutyDetails(group)));

    /// <summary>A team's receiver: its Slack channel (its own webhook), and on the paging one also its PagerDuty service; links to its dashboards folder and its logs.</summary>
    private static ObjectValue TeamReceiver(NotificationLinks platformAlert, NotificationLinks platformGroup, Teams.TeamRoute route, string name, string secretsDirectory)
    {
        var team = route.Team;
        var alert = platformAlert with { TeamFolder = team.DashboardFolder, TeamDataView = team.DataView };
        var group = platformGroup with { TeamFolder = team.DashboardFolder, TeamDataView = team.DataView };
        var slack = Slack($"{secretsDirectory}/{team.SlackKey}", team.SlackChannel, alert, group);
        return name == team.PagerDutyReceiver
            ? ObjectValue.Of(("name", name), ("pagerduty_configs", ListValue.Of(PagerDuty($"{secretsDirectory}/{team.PagerDutyKey}", group))), ("slack_configs", ListValue.Of(slack)))
            : ObjectValue.Of(("name", name), ("slack_configs", ListValue.Of(slack)));
    }

    /// <summary>
    /// One causal inhibition: its causes' names inhibit its effects' names that agree on its labels. Both sides are
    /// the platform's alerts only (<paramref name="scope"/>): names are not owned, and every alert shares the cluster
    /// label, so a team's rule named like a cause would otherwise mute the platform's effects, and a team's alert named
    /// like an effect would be muted by the platform's fault.
    /// </summary>
    private static ObjectValue Inhibition(CausalInhibition inhibition, string scope) => ObjectValue.Of(
        ("source_matchers", ListValue.Of($"alertname =~ \"{string.Join("|", inhibition.Causes)}\"", scope)),
        ("target_matchers", ListValue.Strings([$"alertname =~ \"{string.Join("|", inhibition.Effects)}\"", scope, .. inhibition.EffectLabels.Select(l => $"{l.Name} = \"{l.Value}\"")])),
        ("equal", ListValue.Strings(inhibition.Equal)));

    /// <summary>
    /// How many alerts a Slack message lists; the rest are counted. Each listed alert carries four long
    /// links, so ten with real descriptions come to about 10 kB, past what Slack shows of an attachment's
    /// text: five keep the message whole.
    /// </summary>
    public const int SlackAlertLimit = 5;

    /// <summary>
    /// Each alert (the first <see cref="SlackAlertLimit"/>): summary, description, where it is, and its links;
    /// then how many more the group holds, and the group's silence link.
    /// </summary>
    private static string SlackText(NotificationLinks alert, NotificationLinks group)
    {
        var links = new List<string>();
        if (alert.Dashboard.Length > 0)
        {
            links.Add($"<{alert.Dashboard}|dashboard>");
        }

        if (alert.Logs.Length > 0)
        {
            links.Add($"<{alert.Logs}|logs>");
        }

        links.Add($"<{alert.Runbook}|runbook>");
        if (alert.Silence.Length > 0)
        {
            links.Add($"<{alert.Silence}|silence>");
        }

        var limit = SlackAlertLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{{{{ range $index, $alert := .Alerts }}}}{{{{ if lt $index {limit} }}}}"
            + "*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\n"
            + "severity: {{ .Labels.severity }}, cluster: {{ .Labels.cluster }}, namespace: {{ .Labels.namespace }}\n"
            + string.Join(" | ", links) + "\n"
            + "{{ end }}{{ end }}"
            + $"{{{{ if gt (len .Alerts) {limit} }}}}_... and {{{{ len (slice .Alerts {limit}) }}}} more_\n{{{{ end }}}}"
            + (group.Silence.Length > 0 ? $"<{group.Silence}|silence the whole group>\n" : string.Empty);
    }

    /// <summary>PagerDuty's links of the incident (only those the stack can build).</summary>
    private static ListValue PagerDutyLinks(NotificationLinks group)
    {
        var links = new List<Value>();
        void Add(string href, string text)
        {
            if (href.Length > 0)
            {
                links.Add(ObjectValue.Of(("href", href), ("text", text)));
            }
        }

        Add(group.Dashboard, "Grafana dashboard");
        Add(group.Logs, "Logs in Kibana");
        Add(group.Runbook, "Runbook");
        Add(group.Silence, "Silence in Grafana");
        return ListValue.Of(links);
    }

    /// <summary>PagerDuty's custom details: where, how many, and the links again (they show in the incident's details).</summary>
    private static ObjectValue PagerDutyDetails(NotificationLinks group) => ObjectValue.Of(
        ("firing", "{{ template \"pagerduty.default.instances\" .Alerts.Firing }}"),
        ("resolved", "{{ template \"pagerduty.default.instances\" .Alerts.Resolved }}"),
        ("num_firing", "{{ .Alerts.Firing | len }}"),
        ("num_resolved", "{{ .Alerts.Resolved | len }}"),
        ("environment", "{{ .CommonLabels.environment }}"),
        ("cluster", "{{ .CommonLabels.cluster }}"),
        ("namespace", "{{ .CommonLabels.namespace }}"),
        ("runbook", group.Runbook),
        ("dashboard", group.Dashboard.Length == 0 ? null : group.Dashboard),
        ("logs", group.Logs.Length == 0 ? null : group.Logs),
        ("silence", group.Silence.Length == 0 ? null : group.Silence));

    /// <summary>
    /// What makes two alerts the same problem for inhibition: the alert and where it is, down to the
    /// object (node, pod, container, certificate, rule group, Elasticsearch or Kafka cluster), so a critical
    /// on one node never silences the warning of another. A label neither alert has counts as equal.
    /// </summary>
    public static readonly string[] InhibitionIdentity =
        ["alertname", "cluster", "namespace", "instance", "pod", "container", "name", "rule_group", "es_cluster", "kafka_cluster"];
}
