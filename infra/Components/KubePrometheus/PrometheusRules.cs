using Infra.Model;

namespace Infra.Components;

/// <summary>Prometheus' own health (owned by <see cref="KubePrometheus"/>).</summary>
public static class PrometheusRules
{
    public static RuleGroup Group() => new("prometheus", [
        new("PrometheusRuleEvaluationFailures",
            "increase(prometheus_rule_evaluation_failures_total[5m]) > 0",
            "15m", Severity.Critical,
            "Prometheus {{ $labels.pod }} fails to evaluate rules.",
            "{{ $value | printf \"%.0f\" }} rule evaluations failed in the last 5 minutes: some alerts may never fire.",
            "Open the Prometheus UI (Status > Rules) for the failing group; usually a bad expression or a query over the sample limit."),
        new("PrometheusNotificationsFailing",
            "rate(prometheus_notifications_errors_total[5m]) / rate(prometheus_notifications_sent_total[5m]) > 0.01",
            "15m", Severity.Critical,
            "Prometheus {{ $labels.pod }} fails to send alerts to {{ $labels.alertmanager }}.",
            "More than 1% of the notifications to {{ $labels.alertmanager }} fail.",
            "Check Alertmanager pods and the network path from Prometheus (kubectl -n monitoring logs for both)."),
        new("PrometheusNotConnectedToAlertmanagers",
            "max_over_time(prometheus_notifications_alertmanagers_discovered[5m]) < 1",
            "10m", Severity.Critical,
            "Prometheus {{ $labels.pod }} knows no Alertmanager.",
            "Prometheus has discovered no Alertmanager for 10 minutes: no alert is delivered (the dead-man's switch will page).",
            "Check the Alertmanager pods and the alerting section of the Prometheus resource."),
        new("PrometheusTSDBWALCorruptions",
            "increase(prometheus_tsdb_wal_corruptions_total[3h]) > 0",
            "5m", Severity.Critical,
            "Prometheus {{ $labels.pod }} found a corrupt write-ahead log.",
            "The WAL was corrupted (often after a crash with a full disk); recent samples may be lost.",
            "Check disk space and the Prometheus log; restart the pod once the disk is healthy."),
        new("PrometheusConfigReloadFailed",
            "max_over_time(prometheus_config_last_reload_successful[5m]) == 0",
            "10m", Severity.Warning,
            "Prometheus {{ $labels.pod }} failed to reload its configuration.",
            "The last configuration reload failed: Prometheus runs with the previous configuration.",
            "Check the config-reloader and Prometheus logs for the invalid scrape config or rule."),
    ], [
        new("job:prometheus_tsdb_head_series:max", "max by (job) (prometheus_tsdb_head_series)"),
        new("job:prometheus_tsdb_head_samples_appended:rate5m", "sum by (job) (rate(prometheus_tsdb_head_samples_appended_total[5m]))"),
    ]);
}
