using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>Workload health from kube-state-metrics and the kubelet (owned by <see cref="KubePrometheus"/>).</summary>
public static class KubernetesRules
{
    private const string Volume = "job=\"kubelet\",metrics_path=\"/metrics\"";

    private const string CpuRecord = "namespace:container_cpu_usage_seconds:sum_rate";
    private const string MemoryRecord = "namespace:container_memory_working_set_bytes:sum";
    private const string RestartsRecord = "namespace:kube_pod_container_restarts:increase1h";
    private const string NotReadyRecord = "namespace:kube_pod_not_ready:count";

    /// <summary>The recordings kept per namespace, the teams' included: federated by name (<see cref="Federation.Match"/>).</summary>
    public static IReadOnlyList<string> PerNamespaceRecords { get; } = [CpuRecord, MemoryRecord, RestartsRecord, NotReadyRecord];

    /// <summary>Pod phases that can still become ready: a pod in them for long is stuck.</summary>
    private const string NotReadyPhases = "Pending|Unknown";

    /// <summary>Each container's resident memory (RSS: without the page cache, which the kernel reclaims before an OOM kill; Kafka and Elasticsearch keep a large one by design) as a percentage of its memory limit.</summary>
    private const string MemoryOfLimit =
        "100 * max by (namespace, pod, container) (container_memory_rss{job=\"kubelet\",metrics_path=\"/metrics/cadvisor\",container!=\"\"}) / max by (namespace, pod, container) (kube_pod_container_resource_limits{job=\"kube-state-metrics\",resource=\"memory\"})";

    public static RuleGroup Group(RuleContext c) => new("kubernetes-workloads", [
        new("KubePodNotReady",
            // Failed and Succeeded are final: such pods (a failed Job's, an evicted one) stay until deleted and
            // their controllers have replaced them (the chart's KubeJobFailed and replica alerts cover those).
            $"sum by (namespace, pod) (max by (namespace, pod) (kube_pod_status_phase{{job=\"kube-state-metrics\",phase=~\"{NotReadyPhases}\"}})) > 0",
            "15m", Severity.Warning,
            "Pod {{ $labels.namespace }}/{{ $labels.pod }} has not been ready for 15 minutes.",
            "{{ $labels.namespace }}/{{ $labels.pod }} is Pending or Unknown.",
            "kubectl describe pod: look at scheduling events (resources, affinity, PVC binding) and image pulls."),
        new("KubePersistentVolumeFillingUp",
            $"kubelet_volume_stats_available_bytes{{{Volume}}} / kubelet_volume_stats_capacity_bytes{{{Volume}}} * 100 < {c.T(Thresholds.PvcFreeWarningPercent)} and predict_linear(kubelet_volume_stats_available_bytes{{{Volume}}}[6h], 4 * 24 * 3600) < 0",
            "1h", Severity.Warning,
            "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} will fill within 4 days.",
            $"{{{{ $labels.namespace }}}}/{{{{ $labels.persistentvolumeclaim }}}} has less than {c.T(Thresholds.PvcFreeWarningPercent)}% free and is filling up.",
            "Expand the PVC (if its StorageClass allows) or reduce retention of the workload that writes to it."),
        new("KubePersistentVolumeAlmostFull",
            $"kubelet_volume_stats_available_bytes{{{Volume}}} / kubelet_volume_stats_capacity_bytes{{{Volume}}} * 100 < {c.T(Thresholds.PvcFreeCriticalPercent)}",
            "5m", Severity.Critical,
            "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is almost full.",
            $"{{{{ $labels.namespace }}}}/{{{{ $labels.persistentvolumeclaim }}}} has {{{{ $value | printf \"%.1f\" }}}}% free (threshold {c.T(Thresholds.PvcFreeCriticalPercent)}%).",
            "Expand the PVC now; writes will fail when it is full."),
        new("KubeContainerMemoryNearLimit",
            $"{MemoryOfLimit} > {c.T(Thresholds.ContainerMemoryLimitWarningPercent)}",
            "15m", Severity.Warning,
            "Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} uses {{ $value | printf \"%.0f\" }}% of its memory limit.",
            $"{{{{ $labels.container }}}} in {{{{ $labels.namespace }}}}/{{{{ $labels.pod }}}} has used more than {c.T(Thresholds.ContainerMemoryLimitWarningPercent)}% of its memory limit for 15 minutes.",
            "Check the workload's memory trend (leak, larger load, cache growth); raise the limit in the stack's size settings or lower the workload's heap."),
        new("KubeContainerMemoryNearLimit",
            $"{MemoryOfLimit} > {c.T(Thresholds.ContainerMemoryLimitCriticalPercent)}",
            "5m", Severity.Critical,
            "Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} uses {{ $value | printf \"%.0f\" }}% of its memory limit.",
            $"{{{{ $labels.container }}}} in {{{{ $labels.namespace }}}}/{{{{ $labels.pod }}}} has used more than {c.T(Thresholds.ContainerMemoryLimitCriticalPercent)}% of its memory limit for 5 minutes: the kernel will OOM-kill it.",
            "Check the workload's memory trend (leak, larger load, cache growth); raise the limit in the stack's size settings or lower the workload's heap."),
        new("KubeContainerOomKilled",
            "sum by (namespace, pod, container) (increase(kube_pod_container_status_restarts_total{job=\"kube-state-metrics\"}[15m])) > 0 and on (namespace, pod, container) max by (namespace, pod, container) (kube_pod_container_status_last_terminated_reason{job=\"kube-state-metrics\",reason=\"OOMKilled\"}) == 1",
            "1m", Severity.Warning,
            "Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} was OOM-killed.",
            "{{ $labels.container }} in {{ $labels.namespace }}/{{ $labels.pod }} restarted in the last 15 minutes after exceeding its memory limit.",
            "kubectl describe pod (Last State: OOMKilled); compare its memory use with the limit (KubeContainerMemoryNearLimit) and raise the limit or fix the workload."),
        // Every kube_* alert (ours and the chart's) and StrimziResourceNotReady read kube-state-metrics; the chart's
        // TargetDown sees it down, but nothing sees it gone (its ServiceMonitor or Deployment removed).
        new("KubeStateMetricsMissing",
            $"absent(up{{job=\"kube-state-metrics\",namespace=\"{Namespaces.Monitoring}\",{RuleContext.LocalSeries}}})",
            "10m", Severity.Warning,
            "kube-state-metrics is not scraped.",
            "Prometheus has had no kube-state-metrics target for 10 minutes: the alerts on pods, deployments, volume claims and the Strimzi resources' readiness are blind.",
            "kubectl -n monitoring get deploy,servicemonitor -l app.kubernetes.io/name=kube-state-metrics; the prometheus-operator log for the ServiceMonitor."),
        new("KubePersistentVolumeClaimPending",
            "max by (namespace, persistentvolumeclaim) (kube_persistentvolumeclaim_status_phase{job=\"kube-state-metrics\",phase=\"Pending\"}) == 1",
            "15m", Severity.Warning,
            "Volume claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is pending.",
            "{{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has not been bound for 15 minutes: the pod that needs it cannot start.",
            "kubectl describe pvc: check the StorageClass, the EBS CSI driver and the zone of the node the pod was scheduled to."),
    ], [
        new(CpuRecord, "sum by (namespace) (rate(container_cpu_usage_seconds_total{job=\"kubelet\",metrics_path=\"/metrics/cadvisor\",container!=\"\"}[5m]))"),
        new(MemoryRecord, "sum by (namespace) (container_memory_working_set_bytes{job=\"kubelet\",metrics_path=\"/metrics/cadvisor\",container!=\"\"})"),
        new(RestartsRecord, "sum by (namespace) (increase(kube_pod_container_status_restarts_total{job=\"kube-state-metrics\"}[1h]))"),
        new(NotReadyRecord, $"sum by (namespace) (kube_pod_status_phase{{job=\"kube-state-metrics\",phase=~\"{NotReadyPhases}\"}})"),
    ]);
}
