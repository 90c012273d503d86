using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>Log processing health on the controlplane (owned by <see cref="Logstash"/>).</summary>
public static class LogstashRules
{
    /// <param name="pipelines">The pipelines Logstash must run (one per log source: the controlplane's own stack and every environment; and the dead-letter pipeline).</param>
    public static RuleGroup Group(RuleContext c, IReadOnlyList<string> pipelines)
    {
        // The exporter's queue_events_queue_size is the queue's bytes on disk (Logstash's queue_size_in_bytes),
        // queue_max_size_in_bytes its queue.max_bytes (0 for a memory queue, left out): each pipeline's queue
        // against its own maximum.
        var sources = $"pipeline!=\"{Logstash.DeadLetterPipeline}\"";
        var quarantine = $"pipeline=\"{Logstash.DeadLetterPipeline}\"";
        return new("logstash", [
            new("LogstashPersistentQueueFilling",
                $"(1 - max by (pod, pipeline) (logstash_stats_pipeline_queue_events_queue_size{{namespace=\"logging\"}} / (logstash_stats_pipeline_queue_max_size_in_bytes{{namespace=\"logging\"}} > 0))) * 100 < {c.T(Thresholds.LogstashQueueVolumeFreePercent)}",
                "15m", Severity.Warning,
                "Logstash persisted queue of {{ $labels.pipeline }} is filling.",
                $"The persisted queue of {{{{ $labels.pipeline }}}} on {{{{ $labels.pod }}}} has {{{{ $value | printf \"%.1f\" }}}}% of its maximum free (threshold {c.T(Thresholds.LogstashQueueVolumeFreePercent)}%): Elasticsearch is not keeping up.",
                "Check Elasticsearch health and bulk rejections; Logstash stops consuming when the queue is full (Kafka keeps the logs; its consumer group may rebalance every few minutes meanwhile, docs/log-pipeline.md)."),
            // The dead-letter queue only grows (nothing consumes it) until dead_letter_queue.max_bytes; then Logstash
            // drops the newest refused events (drop_newer) and the size stays flat: near the maximum counts as well.
            new("LogstashDeadLetterQueueGrowing",
                $"sum by (pod, pipeline) (delta(logstash_stats_pipeline_dead_letter_queue_size_in_bytes{{namespace=\"logging\",{sources}}}[30m])) > 0"
                    + $" or max by (pod, pipeline) (logstash_stats_pipeline_dead_letter_queue_size_in_bytes{{namespace=\"logging\",{sources}}} / (logstash_stats_pipeline_dead_letter_queue_max_size_in_bytes{{namespace=\"logging\",{sources}}} > 0)) > 0.9",
                "5m", Severity.Warning,
                "Logstash pipeline {{ $labels.pipeline }} is writing to its dead-letter queue.",
                "Events that Elasticsearch refused (mapping conflicts, bad fields) are accumulating in the DLQ of {{ $labels.pipeline }} on {{ $labels.pod }}, or it is over 90% of its maximum: once full, further refused events are dropped (LogstashDeadLetterQueueDropping).",
                "Inspect the DLQ (dead_letter_queue input) to find the offending field; fix the mapping or the application's log format."),
            // The dead-letter pipeline's own queue holds what even the quarantine stream refused: nothing reads it,
            // so what grows there is the last copy of those documents (Logstash only logs them otherwise).
            new("LogstashDeadLetterQueueGrowing",
                $"sum by (pod, pipeline) (delta(logstash_stats_pipeline_dead_letter_queue_size_in_bytes{{namespace=\"logging\",{quarantine}}}[30m])) > 0"
                    + $" or max by (pod, pipeline) (logstash_stats_pipeline_dead_letter_queue_size_in_bytes{{namespace=\"logging\",{quarantine}}} / (logstash_stats_pipeline_dead_letter_queue_max_size_in_bytes{{namespace=\"logging\",{quarantine}}} > 0)) > 0.9",
                "5m", Severity.Critical,
                "Logstash pipeline {{ $labels.pipeline }} is writing to its dead-letter queue.",
                "Elasticsearch refused documents even in the quarantine data stream: the dead-letter queue of {{ $labels.pipeline }} on {{ $labels.pod }}, which nothing reads, holds the only copy of them (or it is over 90% of its maximum; once full, they are dropped: LogstashDeadLetterQueueDropping).",
                "Read the refusal reason in the Logstash log of the pod (the quarantine template or its ILM policy missing, a cluster-wide limit such as the field or shard limit); fix it, then replay the queue (data/dead_letter_queue/dead-letters on the pod's volume) with a dead_letter_queue input by hand, and delete it."),
            new("LogstashDeadLetterQueueDropping",
                // A counter of the events the full queue refused: firing for as long as drops continue.
                "sum by (pod, pipeline) (increase(logstash_stats_pipeline_dead_letter_queue_dropped_events{namespace=\"logging\"}[10m])) > 0",
                "1m", Severity.Critical,
                "Logstash pipeline {{ $labels.pipeline }} drops events: its dead-letter queue is full.",
                "{{ $value | printf \"%.0f\" }} events refused by Elasticsearch were dropped in the last 10 minutes by {{ $labels.pipeline }} on {{ $labels.pod }}: its dead-letter queue is at dead_letter_queue.max_bytes, so those events are lost.",
                "Find the offending field in the DLQ (dead_letter_queue input) and fix the mapping or the log format; then reprocess or clear the DLQ (the pod's volume, data/dead_letter_queue/<pipeline>) or raise logstashDeadLetterQueueSize."),
            // The elasticsearch output's failures that are neither retried nor dead-lettered (a 409 conflict, an
            // error type in drop_error_types): the document is logged and gone (logstash-output-elasticsearch,
            // plugin_mixins/elasticsearch/common.rb, submit; logstash-exporter v1.9.1 exports the plugin's counter).
            new("LogstashDocumentsDropped",
                "sum by (pod, pipeline) (increase(logstash_stats_pipeline_plugin_documents_non_retryable_failures{namespace=\"logging\"}[10m])) > 0",
                "1m", Severity.Critical,
                "Logstash pipeline {{ $labels.pipeline }} drops documents Elasticsearch refused.",
                "{{ $value | printf \"%.0f\" }} documents of {{ $labels.pipeline }} on {{ $labels.pod }} failed in the last 10 minutes with an error the output neither retries nor sends to the dead-letter queue: Logstash logged them (\"Failed action\") and they are lost.",
                "Read the Logstash log of the pod for \"Failed action\" and the status Elasticsearch returned; a 409 means documents with fixed ids collide (this platform lets Elasticsearch pick ids); fix the cause, the lost documents can only be re-read from Kafka if still retained."),
            new("LogstashEventsStalled",
                "sum by (pod, pipeline) (rate(logstash_stats_pipeline_events_out{namespace=\"logging\"}[10m])) == 0 and sum by (pod, pipeline) (rate(logstash_stats_pipeline_events_in{namespace=\"logging\"}[10m])) > 0",
                "15m", Severity.Critical,
                "Logstash pipeline {{ $labels.pipeline }} takes events in but sends none out.",
                "{{ $labels.pipeline }} on {{ $labels.pod }} has output nothing for 15 minutes while receiving events.",
                "Check the Elasticsearch output (credentials, cluster red, disk watermarks) in the Logstash log."),
            // A pipeline that never started has no series at all: every expected pipeline must report on some pod.
            // (No alert reads logstash_stats_pipeline_up == 0: logstash-exporter v1.9.1 derives it from the last
            // reload's outcome, and after a failed reload Logstash keeps running the previous pipeline;
            // LogstashReloadsFailing says so.) Without the exporter every pipeline counts as missing (the
            // log path is blind); LogstashExporterDown says why.
            new("LogstashPipelineMissing",
                $"{RuleContext.Expected("pipeline", pipelines)} unless on (pipeline) group by (pipeline) (logstash_stats_pipeline_up{{namespace=\"{Namespaces.Logging}\"}})",
                "5m", Severity.Critical,
                "Logstash runs no pipeline {{ $labels.pipeline }}.",
                "No Logstash pod has reported pipeline {{ $labels.pipeline }} for 5 minutes: it never started (or stopped and was removed), so that environment's logs are not consumed (for dead-letters: the dead-letter queues are not drained and fill).",
                "Read the Logstash log for the pipeline's start error (configuration, Kafka authentication, its trust store); kubectl -n logging get logstash logstash -o yaml (spec.pipelines); if no pipeline reports at all, see LogstashExporterDown."),
            new("LogstashWorkerUtilizationHigh",
                $"max by (pod, pipeline) (logstash_stats_pipeline_flow_worker_utilization_current{{namespace=\"logging\"}}) > {c.T(Thresholds.LogstashWorkerUtilizationWarningPercent)}",
                "30m", Severity.Warning,
                "Logstash pipeline {{ $labels.pipeline }} workers are {{ $value | printf \"%.0f\" }}% busy.",
                $"The workers of {{{{ $labels.pipeline }}}} on {{{{ $labels.pod }}}} have been busy more than {c.T(Thresholds.LogstashWorkerUtilizationWarningPercent)}% of the time for 30 minutes: the pipeline is near its capacity and the Kafka lag will grow.",
                "Check whether Elasticsearch slows the output (bulk rejections, heap) or filters are expensive; add Logstash replicas or pipeline workers."),
            new("LogstashWorkerUtilizationHigh",
                $"max by (pod, pipeline) (logstash_stats_pipeline_flow_worker_utilization_current{{namespace=\"logging\"}}) > {c.T(Thresholds.LogstashWorkerUtilizationCriticalPercent)}",
                "30m", Severity.Critical,
                "Logstash pipeline {{ $labels.pipeline }} workers are {{ $value | printf \"%.0f\" }}% busy.",
                $"The workers of {{{{ $labels.pipeline }}}} on {{{{ $labels.pod }}}} have been busy more than {c.T(Thresholds.LogstashWorkerUtilizationCriticalPercent)}% of the time for 30 minutes: the pipeline is saturated and that environment's logs fall behind.",
                "Check whether Elasticsearch slows the output (bulk rejections, heap) or filters are expensive; add Logstash replicas or pipeline workers."),
            new("LogstashReloadsFailing",
                "sum by (pod, pipeline) (increase(logstash_stats_pipeline_reloads_failures{namespace=\"logging\"}[15m])) > 0",
                "1m", Severity.Warning,
                "Logstash pipeline {{ $labels.pipeline }} failed to reload.",
                "A reload of {{ $labels.pipeline }} on {{ $labels.pod }} failed: it keeps running the previous configuration, so the change is not applied.",
                "Read the Logstash log for the configuration error; validate the pipeline with bin/logstash --config.test_and_exit."),
            new("LogstashJvmHeapHigh",
                $"max by (pod) (logstash_stats_jvm_mem_heap_used_percent{{namespace=\"logging\"}}) > {c.T(Thresholds.LogstashHeapUsedPercent)}",
                "15m", Severity.Warning,
                "Logstash {{ $labels.pod }} heap is {{ $value | printf \"%.0f\" }}% used.",
                $"Heap use of {{{{ $labels.pod }}}} has stayed above {c.T(Thresholds.LogstashHeapUsedPercent)}% for 15 minutes: garbage collection slows the pipelines and the JVM may run out of memory.",
                "Check batch sizes and in-flight events (pipeline.batch.size x workers) and large events; grow the heap with the container's memory."),
            new("LogstashExporterDown",
                $"absent_over_time(logstash_stats_pipeline_up{{namespace=\"{Namespaces.Logging}\"}}[10m])",
                "5m", Severity.Warning,
                "Logstash exporter metrics are missing.",
                "No Logstash pipeline metrics for 10 minutes: the Logstash alerts are blind.",
                "kubectl -n logging get pods -l logstash.k8s.elastic.co/name=logstash; check the logstash-exporter container's log and that Logstash's API (9600) answers."),
        ], [
            new("pipeline:logstash_events_in:rate5m", "sum by (pipeline) (rate(logstash_stats_pipeline_events_in{namespace=\"logging\"}[5m]))"),
            new("pipeline:logstash_events_out:rate5m", "sum by (pipeline) (rate(logstash_stats_pipeline_events_out{namespace=\"logging\"}[5m]))"),
            new("pipeline:logstash_dead_letter_queue_bytes:max", "max by (pipeline) (logstash_stats_pipeline_dead_letter_queue_size_in_bytes{namespace=\"logging\"})"),
        ]);
    }
}
