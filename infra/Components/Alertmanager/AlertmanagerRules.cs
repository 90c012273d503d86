using Infra.Model;

namespace Infra.Components;

/// <summary>Alertmanager health and the dead-man's switch (owned by <see cref="Alertmanager"/>).</summary>
public static class AlertmanagerRules
{
    public const string WatchdogAlert = "Watchdog";

    /// <summary>Active silences of this stack's Alertmanager, federated to the controlplane.</summary>
    public const string SilencesActiveRecord = "cluster:alertmanager_silences_active:max";

    public static RuleGroup Group() => new("alertmanager", [
        new("AlertmanagerConfigReloadFailed",
            "max_over_time(alertmanager_config_last_reload_successful{namespace=\"monitoring\"}[5m]) == 0",
            "10m", Severity.Critical,
            "Alertmanager {{ $labels.pod }} failed to reload its configuration.",
            "The last configuration reload failed: Alertmanager runs with the previous configuration.",
            "kubectl -n monitoring logs <alertmanager pod> -c config-reloader and -c alertmanager; render the stack and run amtool check-config."),
        new("AlertmanagerFailedNotifications",
            "sum by (pod, integration) (rate(alertmanager_notifications_failed_total{namespace=\"monitoring\"}[5m])) / sum by (pod, integration) (rate(alertmanager_notifications_total{namespace=\"monitoring\"}[5m])) > 0.01",
            "5m", Severity.Critical,
            "Alertmanager {{ $labels.pod }} fails to deliver {{ $labels.integration }} notifications.",
            "More than 1% of the {{ $labels.integration }} notifications fail: people are not being told.",
            "Check the receiver secret (rotated webhook or routing key?) and egress to the service; kubectl -n monitoring logs the Alertmanager pod."),
        new("AlertmanagerFailedNotifications",
            "sum by (pod, integration) (increase(alertmanager_notifications_failed_total{namespace=\"monitoring\"}[15m])) > 0",
            "15m", Severity.Warning,
            "Alertmanager {{ $labels.pod }} fails to deliver {{ $labels.integration }} notifications.",
            "Some {{ $labels.integration }} notifications have failed for 15 minutes (retries may still deliver them).",
            "Check the receiver secret (rotated webhook or routing key?) and egress to the service; kubectl -n monitoring logs the Alertmanager pod."),
        new("AlertmanagerNotificationLatencyHigh",
            "histogram_quantile(0.99, sum by (pod, integration, le) (rate(alertmanager_notification_latency_seconds_bucket{namespace=\"monitoring\"}[5m]))) > 10",
            "15m", Severity.Warning,
            "Alertmanager {{ $labels.pod }} takes {{ $value | humanizeDuration }} to deliver {{ $labels.integration }} notifications.",
            "The 99th percentile of {{ $labels.integration }} notification latency has been above 10 seconds for 15 minutes: the service or the egress path is slow.",
            "Check egress (NAT gateway, proxy) and the service's status page; kubectl -n monitoring logs the Alertmanager pod for timeouts."),
    ],
    [
        // Silences are watched from the controlplane (FederationRules): an alert evaluated here would be muted by the
        // very silence it reports. max without pod: every replica reports the same (gossiped) silences.
        new(SilencesActiveRecord, "max without (pod, instance) (alertmanager_silences{namespace=\"monitoring\",state=\"active\"})"),
    ]);

    /// <summary>Always firing: its notifications reach the heartbeat service, which pages when they stop.</summary>
    public static RuleGroup Watchdog() => new("watchdog", [
        new(WatchdogAlert,
            "vector(1)",
            "0s", Severity.Info,
            "The alerting pipeline is alive.",
            "Always firing. Alertmanager sends it to the dead-man's-switch heartbeat every minute; when the heartbeats stop, the heartbeat service pages.",
            "If the heartbeat service paged: check Prometheus, Alertmanager and egress from this cluster."),
    ]);
}
