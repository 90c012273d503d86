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

    /// <summary>The delivery-failure counter of Fluent Bit's own pods.</summary>
    private static string DeliveryFailed => $"{FluentBit.DeliveryFailedMetric}{{namespace=\"{Namespaces.NodeAgents}\"}}";

    /// <summary>The Fluent Bit DaemonSet as kube-state-metrics reports it.</summary>
    private static string DaemonSet => $"job=\"kube-state-metrics\",namespace=\"{Namespaces.NodeAgents}\",daemonset=\"{FluentBit.ReleaseName}\"";

    /// <summary>kube-state-metrics' Ready condition of each node (1 when Ready).</summary>
    private const string NodeReady = "kube_node_status_condition{job=\"kube-state-metrics\",condition=\"Ready\",status=\"true\"}";

    /// <summary>Each pod (namespace, pod) running on a Ready node.</summary>
    private static string PodOnReadyNode => $"max by (namespace, pod, node) (kube_pod_info{{job=\"kube-state-metrics\"}}) * on (node) group_left () max by (node) ({NodeReady} == 1)";

    /// <summary>Critical where the stack pages (a loss of logs on one node), a warning elsewhere.</summary>
    private static Severity PagingSeverity(RuleContext c) => c.Settings.Get(SettingsCatalog.PagerDutyEnabled) ? Severity.Critical : Severity.Warning;

    /// <summary>The rule on a stack that pages; none elsewhere (its warning counterpart covers it).</summary>
    private static IEnumerable<AlertRule> Paging(RuleContext c, AlertRule rule) => c.Settings.Get(SettingsCatalog.PagerDutyEnabled) ? [rule] : [];

    public static RuleGroup Group(RuleContext c) => new("fluent-bit", [
        new("FluentBitOutputRetrying",
            "sum by (pod, name) (rate(fluentbit_output_retries_total[5m])) > 0",
            "15m", Severity.Warning,
            "Fluent Bit {{ $labels.pod }} keeps retrying output {{ $labels.name }}.",
            "Output {{ $labels.name }} on {{ $labels.pod }} has been retrying for 15 minutes; logs are buffering on the node.",
            "Check Kafka (brokers, listener, the fluent-bit KafkaUser) and the Fluent Bit log on that node."),
        new("FluentBitOutputErrors",
            "sum by (pod, name) (rate(fluentbit_output_errors_total[5m])) > 0",
            "15m", Severity.Warning,
            "Fluent Bit {{ $labels.pod }} gets errors from output {{ $labels.name }}.",
            "Output {{ $labels.name }} on {{ $labels.pod }} reports errors for 15 minutes.",
            "Read the Fluent Bit log for the error (authentication, TLS, topic authorization)."),
        new("FluentBitDroppingRecords",
            "sum by (pod, name) (increase(fluentbit_output_dropped_records_total[5m])) > 0",
            "1m", Severity.Critical,
            "Fluent Bit {{ $labels.pod }} is dropping log records.",
            "{{ $value | printf \"%.0f\" }} records were dropped by output {{ $labels.name }} in 5 minutes: logs are lost.",
            "Check the buffer limit (fluentBitBufferLimit) and why the output cannot deliver; records are dropped only when the buffer is full or a record is rejected."),
        // A chunk whose retries ran out is discarded (fluent-bit 5.1.1: fluentbit_output_retries_failed_total,
        // src/flb_output.c). Retry_Limit no_limits should make it impossible; if it counts, records were lost.
        new("FluentBitDeliveryFailed",
            "sum by (pod, name) (increase(fluentbit_output_retries_failed_total[5m])) > 0",
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
            "sum by (pod, name) (increase(fluentbit_input_multiline_truncated_total[1h])) > 0",
            "1m", Severity.Warning,
            "Fluent Bit {{ $labels.pod }} truncated long log records.",
            "{{ $value | printf \"%.0f\" }} records of input {{ $labels.name }} on {{ $labels.pod }} were longer than fluentBitMultilineBufferLimit in the last hour and were shipped truncated.",
            "Find the application writing such lines (the truncated records end early in Kibana); shorten them, or raise fluentBitMaxLineSize and fluentBitMultilineBufferLimit together."),
        new("FluentBitBufferBacklog",
            $"min by (pod, name) (fluentbit_output_chunk_available_capacity_percent) < {c.T(Thresholds.FluentBitBufferFreePercent)}",
            "10m", Severity.Warning,
            "Fluent Bit {{ $labels.pod }} buffer for {{ $labels.name }} is filling.",
            $"Only {{{{ $value | printf \"%.0f\" }}}}% of the output buffer is left (threshold {c.T(Thresholds.FluentBitBufferFreePercent)}%); when it is full, records are dropped.",
            "Restore the output (Kafka) or raise fluentBitBufferLimit if the node's disk allows."),
        new("FluentBitBufferBacklog",
            $"min by (pod, name) (fluentbit_output_chunk_available_capacity_percent) < {c.T(Thresholds.FluentBitBufferFreeCriticalPercent)}",
            "5m", Severity.Critical,
            "Fluent Bit {{ $labels.pod }} buffer for {{ $labels.name }} is nearly full.",
            $"Only {{{{ $value | printf \"%.0f\" }}}}% of the output buffer is left (threshold {c.T(Thresholds.FluentBitBufferFreeCriticalPercent)}%): records are about to be dropped.",
            "Restore the output (Kafka) or raise fluentBitBufferLimit if the node's disk allows."),
        // A crash-looping pod (OOM at its limit, a bad configuration, the CA) stays phase Running, and the kubelet
        // rotates a busy container's log away within minutes (containerLogMaxSize 10Mi x containerLogMaxFiles 5):
        // one node without a working Fluent Bit loses logs, so on a paging stack it pages after 5 minutes.
        // Only on a Ready node: a node that is lost or NotReady is the node alerts' case (its logs go with it).
        .. Paging(c, new("FluentBitDown",
            $"up{{job=\"fluent-bit\",{RuleContext.LocalSeries}}} == 0 and on (namespace, pod) ({PodOnReadyNode})",
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
            "sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{job=\"kube-state-metrics\",container=\"fluent-bit\"}[15m])) > 0"
                + " and on (namespace, pod) max by (namespace, pod) (kube_pod_container_status_last_terminated_reason{job=\"kube-state-metrics\",container=\"fluent-bit\",reason=\"OOMKilled\"}) == 1",
            "1m", PagingSeverity(c),
            "Fluent Bit {{ $labels.pod }} was OOM-killed.",
            "Fluent Bit {{ $labels.pod }} was killed at its memory limit in the last 15 minutes: the records librdkafka held in memory (their chunks already released, up to 16 MiB) are lost.",
            "Compare the pod's memory with its limit (KubeContainerMemoryNearLimit); many tailed files or long lines raise it (docs/log-pipeline.md, the node buffer); raise the limit in the chart values or lower fluentBitMaxLineSize."),
        new("FluentBitOutputStalled",
            // Every node's Fluent Bit sends a heartbeat every 30 s: five minutes without a byte out is conclusive,
            // and paging within ten minutes leaves the node's buffer time to hold the backlog (docs/failure-modes.md).
            "sum by (pod) (rate(fluentbit_output_proc_bytes_total[5m])) == 0 and sum by (pod) (rate(fluentbit_input_bytes_total[5m])) > 0",
            "3m", Severity.Critical,
            "Fluent Bit {{ $labels.pod }} reads logs but sends none.",
            "{{ $labels.pod }} has read log bytes but delivered none to any output for 8 minutes: that node's logs are only buffering.",
            "Read the Fluent Bit log on that node (Kafka connection, authentication, TLS); check FluentBitOutputRetrying and the buffer (FluentBitBufferBacklog)."),
        new("FluentBitDown",
            // Or no target at all (the DaemonSet or its ServiceMonitor gone): every Fluent Bit alert would be blind.
            $"up{{job=\"fluent-bit\",{RuleContext.LocalSeries}}} == 0 or absent(up{{job=\"fluent-bit\",namespace=\"{Namespaces.NodeAgents}\",{RuleContext.LocalSeries}}})",
            "5m", Severity.Warning,
            "Fluent Bit on {{ with $labels.instance }}{{ . }}{{ else }}every node{{ end }} cannot be scraped.",
            "Prometheus cannot scrape Fluent Bit {{ with $labels.pod }}{{ . }}{{ else }}anywhere (no target at all){{ end }} for 5 minutes; the node's logs may not be shipped.",
            $"kubectl -n {Namespaces.NodeAgents} get pods -l app.kubernetes.io/name=fluent-bit -o wide; check that pod."),
    ], [
        new("cluster:fluentbit_input_records:rate5m", "sum(rate(fluentbit_input_records_total[5m]))"),
        new("cluster:fluentbit_output_records:rate5m", "sum(rate(fluentbit_output_proc_records_total[5m]))"),
        new("cluster:fluentbit_output_errors:rate5m", "sum(rate(fluentbit_output_errors_total[5m]))"),
        new("cluster:fluentbit_output_retries:rate5m", "sum(rate(fluentbit_output_retries_total[5m]))"),
        new("cluster:fluentbit_output_dropped_records:rate5m", "sum(rate(fluentbit_output_dropped_records_total[5m]))"),
        new("pod:fluentbit_output_chunk_available_capacity:min_percent", "min by (pod) (fluentbit_output_chunk_available_capacity_percent)"),
    ]);
}
