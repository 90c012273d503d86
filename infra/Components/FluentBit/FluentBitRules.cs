using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>Log collection health (owned by <see cref="FluentBit"/>).</summary>
public static class FluentBitRules
{
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
