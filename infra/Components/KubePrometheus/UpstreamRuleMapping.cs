using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// How the project's rule library and kube-prometheus-stack's default rules (88.5.3) share alert names:
/// no name is provided twice. An own alert whose name the chart also has is either kept (the chart's is
/// switched off with <c>defaultRules.disabled.&lt;Name&gt;</c>, which switches off every entry of that
/// name) or was dropped (the chart's covers it). The chart's groups that a managed control plane cannot
/// serve are switched off by <see cref="SettingsCatalog.ControlPlane"/>.
/// </summary>
public static class UpstreamRuleMapping
{
    /// <summary>Own alerts that replace the chart's alert of the same name, with the reason.</summary>
    public static IReadOnlyDictionary<string, string> Kept { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        [AlertmanagerRules.WatchdogAlert] = "one Watchdog: ours has the severity label the dead-man's-switch route and the Slack text expect (the chart's has severity none)",
        ["KubePodNotReady"] = "ours leaves out Failed and Succeeded pods, which are final (the chart's counts Failed ones until deleted)",
        ["KubePersistentVolumeFillingUp"] = "the free-space threshold is per stack (pvcFreeWarningPercent), and ours has a runbook; KubePersistentVolumeAlmostFull is its critical step",
        ["NodeFilesystemSpaceFillingUp"] = "thresholds per stack (nodeFilesystemFreeWarningPercent) and the mount points our nodes have",
        ["NodeFilesystemAlmostOutOfSpace"] = "thresholds per stack (nodeFilesystemFreeCriticalPercent)",
        ["NodeFilesystemFilesFillingUp"] = "thresholds per stack (nodeInodesFreeWarningPercent)",
        ["NodeFilesystemAlmostOutOfFiles"] = "thresholds per stack (nodeInodesFreeCriticalPercent)",
        ["NodeClockSkewDetected"] = "threshold per stack (nodeClockSkewSeconds)",
        ["PrometheusNotConnectedToAlertmanagers"] = "critical, not warning: with no Alertmanager no alert reaches anyone",
    };

    /// <summary>Own alerts removed because the chart's alert of the same name covers them, with the reason.</summary>
    public static IReadOnlyDictionary<string, string> Dropped { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["KubePodCrashLooping"] = "the chart's has the same expression and duration",
        ["KubeDeploymentReplicasMismatch"] = "the chart's also requires the rollout to be stuck, so a rolling update does not fire it",
        ["KubeStatefulSetReplicasMismatch"] = "the chart's also requires the status to be stale, so a rolling update does not fire it",
        ["KubeJobFailed"] = "the chart's has the same expression",
        ["NodeClockNotSynchronising"] = "the chart's has the same expression and no threshold",
        ["PrometheusTSDBCompactionsFailing"] = "the chart's has the same expression",
        ["PrometheusTSDBReloadsFailing"] = "the chart's has the same expression",
    };

    /// <summary>
    /// The chart's alerts for a symptom an own alert of another name already covers (so one fault does not
    /// notify twice under two names): switched off, with the own alert that serves it.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Superseded { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["AlertmanagerFailedReload"] = "AlertmanagerConfigReloadFailed",
        ["AlertmanagerFailedToSendAlerts"] = "AlertmanagerFailedNotifications",
        ["AlertmanagerClusterFailedToSendAlerts"] = "AlertmanagerFailedNotifications",
        ["PrometheusBadConfig"] = "PrometheusConfigReloadFailed",
        ["PrometheusRuleFailures"] = "PrometheusRuleEvaluationFailures",
        ["PrometheusErrorSendingAlertsToSomeAlertmanagers"] = "PrometheusNotificationsFailing",
        ["PrometheusMissingRuleEvaluations"] = "PrometheusRuleGroupSlow",
        ["NodeNetworkReceiveErrs"] = "NodeNetworkErrors",
        ["NodeNetworkTransmitErrs"] = "NodeNetworkErrors",
        ["NodeMemoryHighUtilization"] = "NodeHighMemoryUsage",
        ["NodeCPUHighUsage"] = "NodeHighCpuUsage",
    };

    /// <summary>The chart's alerts switched off with nothing in their place, with the reason.</summary>
    public static IReadOnlyDictionary<string, string> SwitchedOff { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["InfoInhibitor"] = "severity none and no route of its own: it would reach Slack whenever an info alert fires; warning and critical already inhibit info of the same alert",
        ["NodeSystemdServiceCrashlooping"] = SystemdCollectorOff,
        ["NodeSystemdServiceFailed"] = SystemdCollectorOff,
    };

    /// <summary>
    /// Why the systemd alerts are off: they read node_systemd_unit_state and node_systemd_service_restart_total, from
    /// node_exporter's systemd collector, which is off by default (node_exporter 1.12.1) and which neither chart switches
    /// on; it would need the host's D-Bus system socket mounted into every node-exporter pod, a host path whose presence
    /// depends on the node image. A failed kubelet or container runtime shows as KubeNodeNotReady and KubeletDown.
    /// </summary>
    private const string SystemdCollectorOff =
        "needs node_exporter's systemd collector (off by default, not enabled by either chart; it would need the host's D-Bus system socket in every node-exporter pod): it could never fire. A failed kubelet or container runtime shows as KubeNodeNotReady and KubeletDown";

    /// <summary>The chart's group toggles (defaultRules.rules.*) a managed control plane cannot serve.</summary>
    public static IReadOnlyList<string> ControlPlaneRuleToggles { get; } =
        ["etcd", "kubeSchedulerRecording", "kubeSchedulerAlerting", "kubeControllerManager", "kubeProxy"];

    /// <summary>The chart's scrape targets (Services and ServiceMonitors) of the same components: off under managed, so no TargetDown fires for them.</summary>
    public static IReadOnlyList<string> ControlPlaneTargets { get; } =
        ["kubeEtcd", "kubeScheduler", "kubeControllerManager", "kubeProxy"];

    /// <summary>The chart's default-rules values for a control plane (see <see cref="SettingsCatalog.ControlPlane"/>).</summary>
    public static ObjectValue ChartValues(string controlPlane)
    {
        var selfManaged = controlPlane == SettingsCatalog.ControlPlaneSelfManaged;
        var disabled = Kept.Keys.Concat(Superseded.Keys).Concat(SwitchedOff.Keys).Order(StringComparer.Ordinal)
            .Select(name => new KeyValuePair<string, Value>(name, new BoolValue(true)));
        var values = new List<KeyValuePair<string, Value>>
        {
            new("defaultRules", ObjectValue.Of(
                ("create", true),
                ("rules", new ObjectValue(ControlPlaneRuleToggles.Select(t => new KeyValuePair<string, Value>(t, new BoolValue(selfManaged))).ToList())),
                ("disabled", new ObjectValue(disabled.ToList())))),
        };
        values.AddRange(ControlPlaneTargets.Select(t => new KeyValuePair<string, Value>(t, ObjectValue.Of(("enabled", selfManaged)))));
        return new ObjectValue(values);
    }
}
