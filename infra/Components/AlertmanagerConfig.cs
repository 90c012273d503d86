using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Builds alertmanager.yaml for a stack: Watchdog to the dead-man's switch, critical alerts to
/// PagerDuty (and Slack) where paging is on, everything else to Slack; critical inhibits lower
/// severities of the same alert.
/// </summary>
public static class AlertmanagerConfig
{
    public const string SlackReceiver = "slack";
    public const string PagerDutyReceiver = "pagerduty-and-slack";
    public const string DeadMansSwitchReceiver = "deadmansswitch";

    public static ObjectValue Build(StackSettings settings, string secretsDirectory)
    {
        var pagerDuty = settings.Get(SettingsCatalog.PagerDutyEnabled);
        var slack = ObjectValue.Of(
            ("api_url_file", $"{secretsDirectory}/{Alertmanager.SlackKey}"),
            ("channel", settings.Get(SettingsCatalog.SlackChannel)),
            ("send_resolved", true),
            ("title", "[{{ .Status | toUpper }}{{ if eq .Status \"firing\" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.environment }})"),
            ("text", "{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\nseverity: {{ .Labels.severity }}, cluster: {{ .Labels.cluster }}, namespace: {{ .Labels.namespace }}\nrunbook: {{ .Annotations.runbook_url }}\n{{ end }}"));

        var routes = new List<Value>
        {
            ObjectValue.Of(
                ("receiver", DeadMansSwitchReceiver),
                ("matchers", ListValue.Of("alertname = \"Watchdog\"")),
                ("group_wait", "0s"),
                ("group_interval", "1m"),
                ("repeat_interval", "1m")),
        };
        if (pagerDuty)
        {
            routes.Add(ObjectValue.Of(
                ("receiver", PagerDutyReceiver),
                ("matchers", ListValue.Of("severity = \"critical\"")),
                ("repeat_interval", "1h")));
        }

        var receivers = new List<Value>
        {
            ObjectValue.Of(("name", SlackReceiver), ("slack_configs", ListValue.Of(slack))),
            ObjectValue.Of(("name", DeadMansSwitchReceiver), ("webhook_configs", ListValue.Of(ObjectValue.Of(
                ("url_file", $"{secretsDirectory}/{Alertmanager.HeartbeatKey}"),
                ("send_resolved", false))))),
        };
        if (pagerDuty)
        {
            receivers.Add(ObjectValue.Of(
                ("name", PagerDutyReceiver),
                ("pagerduty_configs", ListValue.Of(ObjectValue.Of(
                    ("routing_key_file", $"{secretsDirectory}/{Alertmanager.PagerDutyKey}"),
                    ("send_resolved", true),
                    ("severity", "critical"),
                    ("description", "{{ .CommonLabels.alertname }} in {{ .CommonLabels.environment }}: {{ .CommonAnnotations.summary }}")))),
                ("slack_configs", ListValue.Of(slack))));
        }

        return ObjectValue.Of(
            ("global", ObjectValue.Of(("resolve_timeout", "5m"))),
            ("route", ObjectValue.Of(
                ("receiver", SlackReceiver),
                ("group_by", ListValue.Of("alertname", "cluster", "namespace")),
                ("group_wait", "30s"),
                ("group_interval", "5m"),
                ("repeat_interval", "4h"),
                ("routes", ListValue.Of(routes)))),
            ("inhibit_rules", ListValue.Of(
                ObjectValue.Of(
                    ("source_matchers", ListValue.Of("severity = \"critical\"")),
                    ("target_matchers", ListValue.Of("severity =~ \"warning|info\"")),
                    ("equal", ListValue.Of("alertname", "cluster", "namespace"))),
                ObjectValue.Of(
                    ("source_matchers", ListValue.Of("severity = \"warning\"")),
                    ("target_matchers", ListValue.Of("severity = \"info\"")),
                    ("equal", ListValue.Of("alertname", "cluster", "namespace"))))),
            ("receivers", ListValue.Of(receivers)),
            ("templates", ListValue.Of()));
    }
}
