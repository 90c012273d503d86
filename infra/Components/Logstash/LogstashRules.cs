using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>Log processing health on the controlplane (owned by <see cref="Logstash"/>).</summary>
public static class LogstashRules
{
    public static RuleGroup Group(RuleContext c)
    {
        var volume = $"namespace=\"{Namespaces.Logging}\",persistentvolumeclaim=~\"logstash-data-.*\"";
        return new("logstash", [
            new("LogstashPersistentQueueFilling",
                $"kubelet_volume_stats_available_bytes{{{volume}}} / kubelet_volume_stats_capacity_bytes{{{volume}}} * 100 < {c.T(Thresholds.LogstashQueueVolumeFreePercent)}",
                "15m", Severity.Warning,
                "Logstash queue volume {{ $labels.persistentvolumeclaim }} is filling.",
                $"The persistent queue volume has {{{{ $value | printf \"%.1f\" }}}}% free (threshold {c.T(Thresholds.LogstashQueueVolumeFreePercent)}%): Elasticsearch is not keeping up.",
                "Check Elasticsearch health and bulk rejections; Logstash stops consuming when the queue is full (Kafka keeps the logs)."),
            new("LogstashDeadLetterQueueGrowing",
                "sum by (pod, pipeline) (delta(logstash_stats_pipeline_dead_letter_queue_size_in_bytes[30m])) > 0",
                "5m", Severity.Warning,
                "Logstash pipeline {{ $labels.pipeline }} is writing to its dead-letter queue.",
                "Events that Elasticsearch refused (mapping conflicts, bad fields) are accumulating in the DLQ of {{ $labels.pipeline }}.",
                "Inspect the DLQ (dead_letter_queue input) to find the offending field; fix the mapping or the application's log format."),
            new("LogstashEventsStalled",
                "sum by (pod, pipeline) (rate(logstash_stats_pipeline_events_out[10m])) == 0 and sum by (pod, pipeline) (rate(logstash_stats_pipeline_events_in[10m])) > 0",
                "15m", Severity.Critical,
                "Logstash pipeline {{ $labels.pipeline }} takes events in but sends none out.",
                "{{ $labels.pipeline }} on {{ $labels.pod }} has output nothing for 15 minutes while receiving events.",
                "Check the Elasticsearch output (credentials, cluster red, disk watermarks) in the Logstash log."),
            new("LogstashPipelineDown",
                "max by (pod, pipeline) (logstash_stats_pipeline_up) == 0",
                "5m", Severity.Critical,
                "Logstash pipeline {{ $labels.pipeline }} is down.",
                "{{ $labels.pipeline }} on {{ $labels.pod }} is not running: that environment's logs are not consumed.",
                "Read the Logstash log for the pipeline's start error (configuration, Kafka authentication)."),
        ], [
            new("pipeline:logstash_events_in:rate5m", "sum by (pipeline) (rate(logstash_stats_pipeline_events_in[5m]))"),
            new("pipeline:logstash_events_out:rate5m", "sum by (pipeline) (rate(logstash_stats_pipeline_events_out[5m]))"),
            new("pipeline:logstash_dead_letter_queue_bytes:max", "max by (pipeline) (logstash_stats_pipeline_dead_letter_queue_size_in_bytes)"),
        ]);
    }
}
