using System.Globalization;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The capacity model's inputs measured: each source's declared logVolumePerDay against what its data streams
/// hold in Elasticsearch (owned by <see cref="ElasticsearchSetup"/>, which builds the model).
/// </summary>
public static class LogVolumeRules
{
    public const string AboveDeclaredAlert = "LogVolumeAboveDeclared";

    /// <summary>Slack over the model's own figure before a source counts as above its declaration.</summary>
    public const decimal Margin = 1.1m;

    /// <summary>
    /// What one source's streams may hold at most by the model: its declared bytes a day over its retention plus the
    /// rollover period, in every copy (primary and replicas; the data stream stats' store size counts all shards).
    /// </summary>
    public static decimal ModelBytes(LogCapacity capacity, LogCapacity.Source source) =>
        decimal.Ceiling(source.BytesPerDay * (source.RetentionDays + capacity.RolloverDays) * capacity.Copies * Margin);

    public static RuleGroup Group(LogCapacity capacity)
    {
        // elasticsearch_exporter v1.11.0 --collector.data-stream (collector/data_stream.go): store size per data stream.
        var stored = "sum by (source) (label_replace(elasticsearch_data_stream_store_size_bytes{namespace=\"" + Namespaces.Elastic
            + "\",data_stream=~\"logs-(kubernetes|fluentbit)-.+\"}, \"source\", \"$2\", \"data_stream\", \"logs-(kubernetes|fluentbit)-(.+)\"))";
        var limits = "(" + string.Join(" or ", capacity.Sources.OrderBy(s => s.Stack, StringComparer.Ordinal)
            .Select(s => $"label_replace(vector({ModelBytes(capacity, s).ToString(CultureInfo.InvariantCulture)}), \"source\", \"{s.Stack}\", \"\", \"\")")) + ")";
        return new("log-volume", [
            new(AboveDeclaredAlert,
                $"{stored} > on (source) {limits}",
                "1h", Severity.Warning,
                "Stack {{ $labels.source }} stores more logs than it declares.",
                $"The data streams of {{{{ $labels.source }}}} hold {{{{ $value | humanize1024 }}}}B, more than its declared logVolumePerDay over its retention allows (plus rollover, every copy, {RuleContext.Number((Margin - 1) * 100)}% slack): the capacity model that sized Elasticsearch, Logstash and Kafka counts on less, and this stack uses the other stacks' headroom.",
                "Measure the stack's daily volume (GET _cat/indices/logs-*-<stack>?v&s=creation.date), then pulumi config set logVolumePerDay <measured>Gi --stack <stack> and deploy the controlplane: its compile names what must grow. Or lower the stack's log volume (a chatty service, debug logging)."),
        ], []);
    }
}
