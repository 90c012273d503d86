using Infra.Model;

namespace Infra.Components;

/// <summary>Prometheus' own health (owned by <see cref="KubePrometheus"/>).</summary>
public static class PrometheusRules
{
    /// <summary>Each rule group's last evaluation time as a share of its interval.</summary>
    private const string RuleGroupLoad = "max by (pod, rule_group) (prometheus_rule_group_last_duration_seconds{namespace=\"monitoring\"} / prometheus_rule_group_interval_seconds{namespace=\"monitoring\"})";

    public static RuleGroup Group() => new("prometheus", [
        new("PrometheusRuleEvaluationFailures",
            "increase(prometheus_rule_evaluation_failures_total{namespace=\"monitoring\"}[5m]) > 0",
            "15m", Severity.Critical,
            "Prometheus {{ $labels.pod }} fails to evaluate rules.",
            "{{ $value | printf \"%.0f\" }} rule evaluations failed in the last 5 minutes: some alerts may never fire.",
            "Open the Prometheus UI (Status > Rules) for the failing group; usually a bad expression or a query over the sample limit."),
        new("PrometheusNotificationsFailing",
            "rate(prometheus_notifications_errors_total{namespace=\"monitoring\"}[5m]) / rate(prometheus_notifications_sent_total{namespace=\"monitoring\"}[5m]) > 0.01",
            "15m", Severity.Critical,
            "Prometheus {{ $labels.pod }} fails to send alerts to {{ $labels.alertmanager }}.",
            "More than 1% of the notifications to {{ $labels.alertmanager }} fail.",
            "Check Alertmanager pods and the network path from Prometheus (kubectl -n monitoring logs for both)."),
        new("PrometheusNotConnectedToAlertmanagers",
            "max_over_time(prometheus_notifications_alertmanagers_discovered{namespace=\"monitoring\"}[5m]) < 1",
            "10m", Severity.Critical,
            "Prometheus {{ $labels.pod }} knows no Alertmanager.",
            "Prometheus has discovered no Alertmanager for 10 minutes: no alert is delivered (the dead-man's switch will page).",
            "Check the Alertmanager pods and the alerting section of the Prometheus resource."),
        new("PrometheusTSDBWALCorruptions",
            "increase(prometheus_tsdb_wal_corruptions_total{namespace=\"monitoring\"}[3h]) > 0",
            "5m", Severity.Critical,
            "Prometheus {{ $labels.pod }} found a corrupt write-ahead log.",
            "The WAL was corrupted (often after a crash with a full disk); recent samples may be lost.",
            "Check disk space and the Prometheus log; restart the pod once the disk is healthy."),
        new("PrometheusConfigReloadFailed",
            "max_over_time(prometheus_config_last_reload_successful{namespace=\"monitoring\"}[5m]) == 0",
            "10m", Severity.Warning,
            "Prometheus {{ $labels.pod }} failed to reload its configuration.",
            "The last configuration reload failed: Prometheus runs with the previous configuration.",
            "Check the config-reloader and Prometheus logs for the invalid scrape config or rule."),
        new("PrometheusRuleGroupSlow",
            $"{RuleGroupLoad} > 0.8",
            "15m", Severity.Warning,
            "Prometheus {{ $labels.pod }} rule group {{ $labels.rule_group }} takes {{ $value | humanizePercentage }} of its interval.",
            "Evaluating {{ $labels.rule_group }} has taken more than 80% of its interval for 15 minutes: it is close to missing evaluations.",
            "Find the expensive rules of the group (Status > Rules shows each rule's evaluation time); add recording rules or narrow selectors, or give Prometheus more CPU."),
        new("PrometheusRuleGroupSlow",
            $"{RuleGroupLoad} > 1",
            "15m", Severity.Critical,
            "Prometheus {{ $labels.pod }} rule group {{ $labels.rule_group }} takes {{ $value | humanizePercentage }} of its interval.",
            "Evaluating {{ $labels.rule_group }} takes longer than its interval: evaluations are skipped and its alerts fire late or not at all.",
            "Find the expensive rules of the group (Status > Rules shows each rule's evaluation time); add recording rules or narrow selectors, or give Prometheus more CPU."),
        new("PrometheusTSDBHeadTruncationsFailing",
            "increase(prometheus_tsdb_head_truncations_failed_total{namespace=\"monitoring\"}[1h]) > 0",
            "5m", Severity.Warning,
            "Prometheus {{ $labels.pod }} fails to truncate its head block.",
            "Head truncations failed in the last hour: memory grows and old samples are not persisted to blocks.",
            "Read the Prometheus log for the truncation error; check disk space and permissions on the data volume."),
    ], [
        new("job:prometheus_tsdb_head_series:max", "max by (job) (prometheus_tsdb_head_series{namespace=\"monitoring\"})"),
        new("job:prometheus_tsdb_head_samples_appended:rate5m", "sum by (job) (rate(prometheus_tsdb_head_samples_appended_total{namespace=\"monitoring\"}[5m]))"),
    ]);
}
