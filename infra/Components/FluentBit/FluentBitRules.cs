using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>Log collection health (owned by <see cref="FluentBit"/>).</summary>
public static class FluentBitRules
{
    /// <summary>Fewer available Fluent Bit pods than nodes that should run one.</summary>
    public const string NotOnEveryNodeAlert = "FluentBitNotOnEveryNode";

    /// <summary>Records librdkafka failed after their chunk was released.</summary>
    public const string KafkaDeliveryFailedAlert = "FluentBitKafkaDeliveryFailed";

    /// <summary>No filesystem mounted at Fluent Bit's buffer path on a node.</summary>
    public const string BufferFilesystemMissingAlert = "FluentBitBufferFilesystemMissing";

    /// <summary>The buffer path's filesystem smaller than fluentBitBufferDiskSize declares.</summary>
    public const string BufferFilesystemTooSmallAlert = "FluentBitBufferFilesystemTooSmall";

    /// <summary>
    /// Share of the declared volume its filesystem reports as size: node_filesystem_size_bytes excludes the
    /// filesystem's own metadata (ext4's inode tables and journal take about 3% of a 10Gi volume), so a
    /// correctly sized volume reports a little less than declared.
    /// </summary>
    public const decimal FilesystemShare = 0.95m;

    /// <summary>The smallest filesystem size that passes for the declared volume.</summary>
    public static decimal BufferFilesystemMinimumBytes(StackSettings settings) =>
        decimal.Floor(KubeQuantity.Parse(settings.Get(SettingsCatalog.FluentBitBufferDiskSize)) * FilesystemShare);

    /// <summary>node-exporter's size of the filesystem mounted at the buffer path, per node.</summary>
    private static string BufferFilesystemSize => $"node_filesystem_size_bytes{{namespace=\"{Namespaces.NodeAgents}\",job=\"node-exporter\",mountpoint=\"{FluentBit.BufferPath}\"}}";

    /// <summary>The delivery-failure counter of Fluent Bit's own pods.</summary>
    private static string DeliveryFailed => $"{FluentBit.DeliveryFailedMetric}{{namespace=\"{Namespaces.NodeAgents}\"}}";

    /// <summary>The Fluent Bit DaemonSet as kube-state-metrics reports it.</summary>
    private static string DaemonSet => $"job=\"kube-state-metrics\",namespace=\"{Namespaces.NodeAgents}\",daemonset=\"{FluentBit.ReleaseName}\"";

    /// <summary>kube-state-metrics' Ready condition of each node (1 when Ready).</summary>
    private const string NodeReady = "kube_node_status_condition{job=\"kube-state-metrics\",namespace=\"" + Namespaces.Monitoring + "\",condition=\"Ready\",status=\"true\"}";

    /// <summary>Each pod (namespace, pod) running on a Ready node.</summary>
    private static string PodOnReadyNode => $"max by (namespace, pod, node) (kube_pod_info{{job=\"kube-state-metrics\",namespace=\"{Namespaces.NodeAgents}\"}}) * on (node) group_left () max by (node) ({NodeReady} == 1)";

    /// <summary>Critical where the stack pages (a loss of logs on one node), a warning elsewhere.</summary>
    private static Severity PagingSeverity(RuleContext c) => c.Settings.Get(SettingsCatalog.PagerDutyEnabled) ? Severity.Critical : Severity.Warning;

    /// <summary>The rule on a stack that pages; none elsewhere (its warning counterpart covers it).</summary>
    private static IEnumerable<AlertRule> Paging(RuleContext c, AlertRule rule) => c.Settings.Get(SettingsCatalog.PagerDutyEnabled) ? [rule] : [];

    public static RuleGroup Group(RuleContext c) => new("fluent-bit", [
        new("FluentBitOutputRetrying",
            "sum by (pod, name) (rate(fluentbit_output_retries_total{namespace=\"node-agents\"}[5m])) > 0",
            "15m", Severity.Warning,
            "Fluent Bit {{ $labels.pod }} keeps retrying output {{ $labels.name }}.",
            "Output {{ $labels.name }} on {{ $labels.pod }} has been retrying for 15 minutes; logs are buffering on the node.",
            "Check Kafka (brokers, listener, the fluent-bit KafkaUser) and the Fluent Bit log on that node."),
        new("FluentBitOutputErrors",
            "sum by (pod, name) (rate(fluentbit_output_errors_total{namespace=\"node-agents\"}[5m])) > 0",
            "15m", Severity.Warning,
            "Fluent Bit {{ $labels.pod }} gets errors from output {{ $labels.name }}.",
            "Output {{ $labels.name }} on {{ $labels.pod }} reports errors for 15 minutes.",
            "Read the Fluent Bit log for the error (authentication, TLS, topic authorization)."),
        new("FluentBitDroppingRecords",
            "sum by (pod, name) (increase(fluentbit_output_dropped_records_total{namespace=\"node-agents\"}[5m])) > 0",
            "1m", Severity.Critical,
            "Fluent Bit {{ $labels.pod }} is dropping log records.",
            "{{ $value | printf \"%.0f\" }} records were dropped by output {{ $labels.name }} in 5 minutes: logs are lost.",
            "Check the buffer limit (fluentBitBufferLimit) and why the output cannot deliver; records are dropped only when the buffer is full or a record is rejected."),
        // A chunk whose retries ran out is discarded (fluent-bit 5.1.1: fluentbit_output_retries_failed_total,
        // src/flb_output.c). Retry_Limit no_limits should make it impossible; if it counts, records were lost.
        new("FluentBitDeliveryFailed",
            "sum by (pod, name) (increase(fluentbit_output_retries_failed_total{namespace=\"node-agents\"}[5m])) > 0",
            "1m", Severity.Critical,
            "Fluent Bit {{ $labels.pod }} gave up delivering chunks to {{ $labels.name }}.",
            "{{ $value | printf \"%.0f\" }} chunks of output {{ $labels.name }} on {{ $labels.pod }} ran out of retries in 5 minutes and were discarded: their logs are lost.",
            "Check the output's Retry_Limit (no_limits is expected) and the Fluent Bit log on that node (fluentbit.self in Kibana: logs-fluentbit-<stack>) for the delivery error; then FluentBitOutputErrors."),
        // A record librdkafka fails after out_kafka released its chunk (a broker's permanent refusal: topic
        // authorization, an unknown topic, an invalid record, a fatal idempotence error) is only logged; the
        // log_to_metrics filter counts those lines (FluentBit.DeliveryFailedMetric). The counter's series appears
        // with the first failure, so a series that is new within the window counts too (increase needs two samples).
        new(KafkaDeliveryFailedAlert,
            $"sum by (namespace, pod) (increase({DeliveryFailed}[10m])) > 0"
                + $" or (sum by (namespace, pod) ({DeliveryFailed}) unless sum by (namespace, pod) ({DeliveryFailed} offset 10m))",
            "1m", Severity.Critical,
            "Kafka refused records Fluent Bit {{ $labels.pod }} had already released.",
            "{{ $value | printf \"%.0f\" }} records queued in librdkafka on {{ $labels.pod }} failed delivery for good in the last 10 minutes (their chunks were already deleted from the node's buffer): those logs are lost.",
            "Read the failure in the node's Fluent Bit log (logs-fluentbit-<stack> in Kibana, or kubectl logs): 'message delivery failed: <reason>'. Topic authorization: the fluent-bit KafkaUser's ACLs; unknown topic: the logs KafkaTopic; 'Failed to force flush': Kafka was unreachable while the pod stopped. Fix the cause; the records are not recoverable."),
        // A record rejoined from partial lines hit multiline_buffer_limit and was flushed truncated
        // (fluent-bit 5.1.1: fluentbit_input_multiline_truncated_total, plugins/in_tail).
        new("FluentBitMultilineTruncated",
            "sum by (pod, name) (increase(fluentbit_input_multiline_truncated_total{namespace=\"node-agents\"}[1h])) > 0",
            "1m", Severity.Warning,
            "Fluent Bit {{ $labels.pod }} truncated long log records.",
            "{{ $value | printf \"%.0f\" }} records of input {{ $labels.name }} on {{ $labels.pod }} were longer than fluentBitMultilineBufferLimit in the last hour and were shipped truncated.",
            "Find the application writing such lines (the truncated records end early in Kibana); shorten them, or raise fluentBitMaxLineSize and fluentBitMultilineBufferLimit together."),
        // A physical line longer than Buffer_Max_Size (fluentBitMaxLineSize) is skipped whole (Skip_Long_Lines On;
        // fluent-bit 5.1.1: fluentbit_input_long_line_skipped_total, plugins/in_tail): that line is lost. Rare on
        // containerd (the runtime splits lines at 16 KiB), possible with json-file logs or a larger split.
        new("FluentBitLongLinesSkipped",
            $"sum by (namespace, pod, name) (increase(fluentbit_input_long_line_skipped_total{{namespace=\"{Namespaces.NodeAgents}\"}}[1h])) > 0",
            "1m", Severity.Warning,
            "Fluent Bit {{ $labels.pod }} skipped log lines longer than fluentBitMaxLineSize.",
            "{{ $value | printf \"%.0f\" }} lines of input {{ $labels.name }} on {{ $labels.pod }} were longer than fluentBitMaxLineSize in the last hour and were skipped whole: they are lost.",
            "Find the application writing such lines (its container log on that node); shorten them, or raise fluentBitMaxLineSize (the Kafka record limits and Fluent Bit's memory budget grow with it)."),
        // fluentBitBufferDiskSize declares a volume at the buffer's host path on every node; node-exporter (host root
        // filesystem, --path.rootfs) reports each mount by its host path, relabelled with the node's name.
        new(BufferFilesystemMissingAlert,
            // Only where node-exporter answers: a node whose exporter is down is NodeExporterDown's case, not a missing mount.
            $"max by (node) (kube_node_info{{job=\"kube-state-metrics\",namespace=\"{Namespaces.Monitoring}\"}}) unless on (node) max by (node) ({BufferFilesystemSize})"
                + $" and on (node) max by (node) (up{{job=\"node-exporter\",namespace=\"{Namespaces.NodeAgents}\",{RuleContext.LocalSeries}}} == 1)",
            "30m", Severity.Warning,
            $"Node {{{{ $labels.node }}}} has no filesystem of its own at {FluentBit.BufferPath}.",
            $"Node {{{{ $labels.node }}}} mounts nothing at {FluentBit.BufferPath}: Fluent Bit's buffer (up to fluentBitBufferLimit {c.Settings.Get(SettingsCatalog.FluentBitBufferLimit)}) sits on the node's root filesystem, where a long Kafka outage brings DiskPressure and the kubelet evicts applications.",
            $"Mount a dedicated volume at {FluentBit.BufferPath} in the node group's launch template (fluentBitBufferDiskSize {c.Settings.Get(SettingsCatalog.FluentBitBufferDiskSize)}), then replace the node; check node-exporter runs on it (NodeExporterDown)."),
        new(BufferFilesystemTooSmallAlert,
            $"max by (node) ({BufferFilesystemSize}) < {RuleContext.Number(BufferFilesystemMinimumBytes(c.Settings))}",
            "30m", Severity.Warning,
            $"Fluent Bit's buffer filesystem on {{{{ $labels.node }}}} is smaller than declared.",
            $"The filesystem at {FluentBit.BufferPath} on {{{{ $labels.node }}}} holds {{{{ $value | humanize1024 }}}}B, less than {RuleContext.Number(FilesystemShare * 100)}% of fluentBitBufferDiskSize {c.Settings.Get(SettingsCatalog.FluentBitBufferDiskSize)}: the compile's check that fluentBitBufferLimit {c.Settings.Get(SettingsCatalog.FluentBitBufferLimit)} fits does not hold on this node.",
            "Give the node group's volume the declared size (the launch template), or declare the size the nodes have (pulumi config set fluentBitBufferDiskSize) and let the compile fit fluentBitBufferLimit to it."),
        new("FluentBitBufferBacklog",
            $"min by (pod, name) (fluentbit_output_chunk_available_capacity_percent{{namespace=\"node-agents\"}}) < {c.T(Thresholds.FluentBitBufferFreePercent)}",
            "10m", Severity.Warning,
            "Fluent Bit {{ $labels.pod }} buffer for {{ $labels.name }} is filling.",
            $"Only {{{{ $value | printf \"%.0f\" }}}}% of the output buffer is left (threshold {c.T(Thresholds.FluentBitBufferFreePercent)}%); when it is full, records are dropped.",
            "Restore the output (Kafka) or raise fluentBitBufferLimit if the node's disk allows."),
        new("FluentBitBufferBacklog",
            $"min by (pod, name) (fluentbit_output_chunk_available_capacity_percent{{namespace=\"node-agents\"}}) < {c.T(Thresholds.FluentBitBufferFreeCriticalPercent)}",
            "5m", Severity.Critical,
            "Fluent Bit {{ $labels.pod }} buffer for {{ $labels.name }} is nearly full.",
            $"Only {{{{ $value | printf \"%.0f\" }}}}% of the output buffer is left (threshold {c.T(Thresholds.FluentBitBufferFreeCriticalPercent)}%): records are about to be dropped.",
            "Restore the output (Kafka) or raise fluentBitBufferLimit if the node's disk allows."),
        // A crash-looping pod (OOM at its limit, a bad configuration, the CA) stays phase Running, and the kubelet
        // rotates a busy container's log away within minutes (containerLogMaxSize 10Mi x containerLogMaxFiles 5):
        // one node without a working Fluent Bit loses logs, so on a paging stack it pages after 5 minutes.
        // Only on a Ready node: a node that is lost or NotReady is the node alerts' case (its logs go with it).
        .. Paging(c, new("FluentBitDown",
            $"up{{job=\"fluent-bit\",namespace=\"{Namespaces.NodeAgents}\",{RuleContext.LocalSeries}}} == 0 and on (namespace, pod) ({PodOnReadyNode})",
            "5m", Severity.Critical,
            "Fluent Bit on {{ $labels.instance }} is down on a Ready node.",
            "Prometheus has not scraped Fluent Bit {{ $labels.pod }} for 5 minutes while its node is Ready (crash loop, out of memory, a bad configuration): that node's logs are not read, and the kubelet rotates them away within minutes on a busy node.",
            "kubectl -n {{ $labels.namespace }} describe pod {{ $labels.pod }} (Last State, restarts); read its previous log (kubectl logs --previous): configuration error, Kafka CA or credentials, memory limit.")),
        // A node the DaemonSet has no available pod on: unschedulable (resources, taints), crash-looping, or not
        // ready. kube-state-metrics 2.20.0 DaemonSet metrics.
        new(NotOnEveryNodeAlert,
            // Nodes that are not Ready explain as many missing pods (a lost node: the node alerts' case).
            $"max by (namespace, daemonset) (kube_daemonset_status_desired_number_scheduled{{{DaemonSet}}}) - max by (namespace, daemonset) (kube_daemonset_status_number_available{{{DaemonSet}}})"
                + $" > on () group_left () (count({NodeReady} == 0) or vector(0))",
            "15m", PagingSeverity(c),
            "Fluent Bit is not running on {{ $value }} nodes.",
            "DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} has had {{ $value }} nodes without an available pod for 15 minutes: the logs of those nodes are not collected, and rotated away unread.",
            "kubectl -n {{ $labels.namespace }} get pods -l app.kubernetes.io/name=fluent-bit -o wide and compare with kubectl get nodes; describe the pods that are Pending (resources, taints, tolerations) or restarting (their previous log)."),
        // An OOM kill loses what librdkafka held in memory (records whose chunks were already released, at most
        // 16 MiB per node, docs/log-pipeline.md): a loss event, not just a restart.
        new("FluentBitOomKilled",
            "sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{namespace=\"node-agents\",job=\"kube-state-metrics\",container=\"fluent-bit\"}[15m])) > 0"
                + " and on (namespace, pod) max by (namespace, pod) (kube_pod_container_status_last_terminated_reason{namespace=\"node-agents\",job=\"kube-state-metrics\",container=\"fluent-bit\",reason=\"OOMKilled\"}) == 1",
            "1m", PagingSeverity(c),
            "Fluent Bit {{ $labels.pod }} was OOM-killed.",
            "Fluent Bit {{ $labels.pod }} was killed at its memory limit in the last 15 minutes: the records librdkafka held in memory (their chunks already released, up to 16 MiB) are lost.",
            "Compare the pod's memory with its limit (KubeContainerMemoryNearLimit); many tailed files or long lines raise it (docs/log-pipeline.md, the node buffer); raise the limit in the chart values or lower fluentBitMaxLineSize."),
        new("FluentBitOutputStalled",
            // Every node's Fluent Bit sends a heartbeat every 30 s: five minutes without a byte out is conclusive,
            // and paging within ten minutes leaves the node's buffer time to hold the backlog (docs/failure-modes.md).
            "sum by (pod) (rate(fluentbit_output_proc_bytes_total{namespace=\"node-agents\"}[5m])) == 0 and sum by (pod) (rate(fluentbit_input_bytes_total{namespace=\"node-agents\"}[5m])) > 0",
            "3m", Severity.Critical,
            "Fluent Bit {{ $labels.pod }} reads logs but sends none.",
            "{{ $labels.pod }} has read log bytes but delivered none to any output for 8 minutes: that node's logs are only buffering.",
            "Read the Fluent Bit log on that node (Kafka connection, authentication, TLS); check FluentBitOutputRetrying and the buffer (FluentBitBufferBacklog)."),
        new("FluentBitDown",
            // Or no target at all (the DaemonSet or its ServiceMonitor gone): every Fluent Bit alert would be blind.
            $"up{{job=\"fluent-bit\",namespace=\"{Namespaces.NodeAgents}\",{RuleContext.LocalSeries}}} == 0 or absent(up{{job=\"fluent-bit\",namespace=\"{Namespaces.NodeAgents}\",{RuleContext.LocalSeries}}})",
            "5m", Severity.Warning,
            "Fluent Bit on {{ with $labels.instance }}{{ . }}{{ else }}every node{{ end }} cannot be scraped.",
            "Prometheus cannot scrape Fluent Bit {{ with $labels.pod }}{{ . }}{{ else }}anywhere (no target at all){{ end }} for 5 minutes; the node's logs may not be shipped.",
            $"kubectl -n {Namespaces.NodeAgents} get pods -l app.kubernetes.io/name=fluent-bit -o wide; check that pod."),
    ], [
        new("cluster:fluentbit_input_records:rate5m", "sum(rate(fluentbit_input_records_total{namespace=\"node-agents\"}[5m]))"),
        new("cluster:fluentbit_output_records:rate5m", "sum(rate(fluentbit_output_proc_records_total{namespace=\"node-agents\"}[5m]))"),
        new("cluster:fluentbit_output_errors:rate5m", "sum(rate(fluentbit_output_errors_total{namespace=\"node-agents\"}[5m]))"),
        new("cluster:fluentbit_output_retries:rate5m", "sum(rate(fluentbit_output_retries_total{namespace=\"node-agents\"}[5m]))"),
        new("cluster:fluentbit_output_dropped_records:rate5m", "sum(rate(fluentbit_output_dropped_records_total{namespace=\"node-agents\"}[5m]))"),
        new("pod:fluentbit_output_chunk_available_capacity:min_percent", "min by (pod) (fluentbit_output_chunk_available_capacity_percent{namespace=\"node-agents\"})"),
    ]);
}
