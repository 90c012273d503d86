using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Builds alertmanager.yaml from a <see cref="RoutingTable"/>: Watchdog to the dead-man's switch,
/// overrides next, then one route per severity; grouping by alert, cluster and namespace; critical
/// inhibits warning and info of the same alert. Receiver secrets are read from files.
/// </summary>
public static class AlertmanagerConfig
{
    /// <summary>The Watchdog route's ticks: one heartbeat per group interval.</summary>
    public const string HeartbeatGroupInterval = "1m";

    /// <summary>Below the group interval, so every tick finds the last heartbeat old enough to repeat.</summary>
    public const string HeartbeatRepeatInterval = "50s";

    public static ObjectValue Build(StackSettings settings, RoutingTable table, string secretsDirectory)
    {
        var slack = ObjectValue.Of(
            ("api_url_file", $"{secretsDirectory}/{Alertmanager.SlackKey}"),
            ("channel", settings.Get(SettingsCatalog.SlackChannel)),
            ("send_resolved", true),
            ("title", "[{{ .Status | toUpper }}{{ if eq .Status \"firing\" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.environment }})"),
            ("text", "{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\nseverity: {{ .Labels.severity }}, cluster: {{ .Labels.cluster }}, namespace: {{ .Labels.namespace }}\nrunbook: {{ .Annotations.runbook_url }}\n{{ end }}"));

        var routes = new List<Value>
        {
            ObjectValue.Of(
                ("receiver", RoutingTable.DeadMansSwitch),
                ("matchers", ListValue.Of($"alertname = \"{AlertmanagerRules.WatchdogAlert}\"")),
                ("group_wait", "0s"),
                ("group_interval", HeartbeatGroupInterval),
                // Alertmanager checks the repeat at each group_interval tick and resends only when the last
                // notification is strictly older than repeat_interval: 1m would beat every 2 minutes.
                ("repeat_interval", HeartbeatRepeatInterval)),
        };
        routes.AddRange(table.Overrides.Select(o => (Value)ObjectValue.Of(
            ("receiver", o.Receiver),
            ("matchers", ListValue.Of($"{o.Route.MatchLabel} = \"{o.Route.MatchValue}\"")))));
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
                    ("url", settings.Get(SettingsCatalog.DeadMansSwitchUrl)),
                    ("send_resolved", false))))),
                RoutingTable.PagerDutyAndSlack => ObjectValue.Of(
                    ("name", name),
                    ("pagerduty_configs", ListValue.Of(ObjectValue.Of(
                        ("routing_key_file", $"{secretsDirectory}/{Alertmanager.PagerDutyKey}"),
                        ("send_resolved", true),
                        ("severity", "critical"),
                        ("description", "{{ .CommonLabels.alertname }} in {{ .CommonLabels.environment }}: {{ .CommonAnnotations.summary }}")))),
                    ("slack_configs", ListValue.Of(slack))),
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
            ("inhibit_rules", ListValue.Of(
                ObjectValue.Of(
                    ("source_matchers", ListValue.Of("severity = \"critical\"")),
                    ("target_matchers", ListValue.Of("severity =~ \"warning|info\"")),
                    ("equal", ListValue.Strings(InhibitionIdentity))),
                ObjectValue.Of(
                    ("source_matchers", ListValue.Of("severity = \"warning\"")),
                    ("target_matchers", ListValue.Of("severity = \"info\"")),
                    ("equal", ListValue.Strings(InhibitionIdentity))))),
            ("receivers", ListValue.Of(receivers)),
            ("templates", ListValue.Of()));
    }

    /// <summary>
    /// What makes two alerts the same problem for inhibition: the alert and where it is, down to the
    /// object (node, pod, container, certificate, rule group, Elasticsearch or Kafka cluster), so a critical
    /// on one node never silences the warning of another. A label neither alert has counts as equal.
    /// </summary>
    public static readonly string[] InhibitionIdentity =
        ["alertname", "cluster", "namespace", "instance", "pod", "container", "name", "rule_group", "es_cluster", "kafka_cluster"];
}
