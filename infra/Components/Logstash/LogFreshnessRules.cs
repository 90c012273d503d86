using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Log freshness on the controlplane (owned by <see cref="Logstash"/>, file <c>log-freshness</c>): every node's
/// Fluent Bit sends a heartbeat record every <see cref="FluentBit.HeartbeatIntervalSeconds"/> s, so a pipeline
/// (one per environment stack, <c>pipeline</c> label) that outputs nothing for <c>logsStoppedMinutes</c> has stalled.
/// The <c>hop</c> label names the first hop, in flow order, that explains it.
/// </summary>
public static class LogFreshnessRules
{
    public const string AlertName = "LogsStopped";

    /// <summary>How long the stall must last past the window: short, since heartbeats make the window itself conclusive.</summary>
    public const string ForDuration = "3m";

    public static RuleGroup Group(RuleContext c)
    {
        var ownStack = c.Settings.Stack;
        var pipelines = c.Settings.Get(SettingsCatalog.Environments).Items.Prepend(ownStack).ToList();

        // How long a pipeline may output nothing although heartbeats are due.
        // A PromQL duration takes whole units: a fractional number of minutes is written in seconds.
        var minutes = c.Thresholds.Get(Thresholds.LogsStoppedMinutes, c.Settings.Profile);
        var window = minutes % 1 == 0 ? $"{c.T(Thresholds.LogsStoppedMinutes)}m" : $"{RuleContext.Number(decimal.Round(minutes * 60))}s";

        // Nothing left the pipeline for the window (events.out excludes dropped events since Logstash 7.17,
        // elastic/logstash#13593: heartbeats are indexed, not dropped), and the pipeline already existed a window
        // ago: a pipeline added with a new environment is not judged before it had a full window.
        // Only the source pipelines carry heartbeats: the dead-letter pipeline is idle while nothing is refused
        // (the exporter reports its flat counters all the same), so it is left out.
        var sources = $"{{namespace=\"{Namespaces.Logging}\",pipeline!=\"{Logstash.DeadLetterPipeline}\"}}";
        var stalled = $"(sum by (pipeline) (increase(logstash_stats_pipeline_events_out{sources}[{window}])) == 0"
            + $" and on (pipeline) group by (pipeline) (logstash_stats_pipeline_events_out{sources} offset {window}))";

        // The environment's Fluent Bit output, federated (job federate-<stack>), or the controlplane's own (no job label).
        var fluentBit = "(label_replace(sum by (job) (cluster:fluentbit_output_records:rate5m{job=~\"" + Federation.JobPrefix + ".+\"," + RuleContext.NoNamespace + "}), \"pipeline\", \"$1\", \"job\", \"" + Federation.JobPrefix + "(.+)\")"
            + $" or label_replace(sum(cluster:fluentbit_output_records:rate5m{{job=\"\",{RuleContext.NoNamespace}}}), \"pipeline\", \"{ownStack}\", \"\", \"\"))";

        // Elasticsearch refuses bulk writes or is red: one cluster for every pipeline.
        var elasticsearch = $"(sum(increase(elasticsearch_thread_pool_rejected_count{{namespace=\"elastic\",type=\"write\"}}[{window}])) > 0"
            + " or max(elasticsearch_cluster_health_status{namespace=\"elastic\",color=\"red\"}) == 1"
            // Unreachable: the exporter reports no health at all then, only its cluster-info check (every 30 s, Elasticsearch.cs).
            + $" or max(elasticsearch_clusterinfo_up{{namespace=\"{Namespaces.Elastic}\"}}) == 0"
            // At the flood-stage watermark (95% of a data disk by default) Elasticsearch makes indices read-only and
            // refuses writes without a thread-pool rejection (Elasticsearch's disk-based shard allocation settings).
            + " or max(1 - elasticsearch_filesystem_data_available_bytes{namespace=\"elastic\"} / elasticsearch_filesystem_data_size_bytes{namespace=\"elastic\"}) > 0.95)";

        // The pipeline took nothing from the environment's Kafka (consumer group logstash-<stack>).
        var consumed = $"(sum by (pipeline) (increase(logstash_stats_pipeline_events_in{sources}[{window}])) == 0)";

        string Hop(string hop, string condition) => $"label_replace({stalled}{condition}, \"hop\", \"{hop}\", \"\", \"\")";

        var expr = string.Join("\nor on (pipeline)\n", [
            // Fluent Bit sends nothing (0), or no Fluent Bit reports at all: sum(rate()) over no series is empty, not 0.
            Hop("fluent-bit", $" and on (pipeline) (({fluentBit} == 0) or ({RuleContext.Expected("pipeline", pipelines)} unless on (pipeline) {fluentBit}))"),
            Hop("elasticsearch", $" and on () {elasticsearch}"),
            Hop("kafka", $" and on (pipeline) {consumed}"),
            Hop("logstash", string.Empty),
        ]);

        return new("log-freshness", [
            new(AlertName, expr, ForDuration, Severity.Critical,
                "Logs of {{ $labels.pipeline }} stopped reaching Elasticsearch (stalled at {{ $labels.hop }}).",
                $"Logstash pipeline {{{{ $labels.pipeline }}}} has indexed nothing for {window} although every node sends a heartbeat every {FluentBit.HeartbeatIntervalSeconds} s. "
                    + "First stalled hop: {{ $labels.hop }} (fluent-bit: the environment's Fluent Bit outputs nothing to its Kafka; kafka: the pipeline consumes nothing from the environment's Kafka; "
                    + "logstash: events come in but none go out; elasticsearch: Elasticsearch rejects bulk writes or is red).",
                "fluent-bit: in the environment, FluentBitOutputRetrying/FluentBitDown, its Kafka brokers and the fluent-bit KafkaUser. "
                    + "kafka: the lag of consumer group logstash- plus the pipeline name (consumergroup:kafka_consumergroup_lag:sum), the environment's external listener, certificate and the Logstash log. "
                    + "logstash: the pipeline's filters and output in the Logstash log, LogstashPipelineMissing, LogstashReloadsFailing, its persisted queue. "
                    + "elasticsearch: ElasticsearchBulkRejections, ElasticsearchClusterRed, disk watermarks."),
        ], []);
    }
}
