namespace Infra.Config;

/// <summary>
/// What the controlplane's compile knows of one environment it lists, for sizing checks (shard budget,
/// Logstash consumers, footprint): read from the environment's stack file, or the defaults of an
/// environment stack when there is none (a synthetic "what if" environment, or a library caller).
/// The deployed program still reads the environment's values from its stack outputs.
/// </summary>
/// <param name="Stack">The environment's stack name.</param>
/// <param name="LogRetentionDays">Its <c>logRetentionDays</c>.</param>
/// <param name="KafkaLogPartitions">Partitions of its logs topic (<c>kafkaLogPartitions</c>).</param>
/// <param name="LogBytesPerDay">Its <c>logVolumePerDay</c> in bytes: what it stores in Elasticsearch a day (one copy).</param>
/// <param name="Pages">Its <c>pagerDutyEnabled</c>: the controlplane's alerts about this environment page too.</param>
/// <param name="Source">Where the values came from (the stack file, or "defaults"), for messages.</param>
/// <param name="MaxLineBytes">Its <c>fluentBitMaxLineSize</c> in bytes: the longest line it ships, which Logstash's heap must hold in a batch.</param>
public sealed record EnvironmentFacts(string Stack, int LogRetentionDays, int KafkaLogPartitions, decimal LogBytesPerDay, bool Pages, string Source, long MaxLineBytes = EnvironmentFacts.DefaultMaxLineBytes)
{
    /// <summary>fluentBitMaxLineSize's default (1M, decimal).</summary>
    public const long DefaultMaxLineBytes = 1_000_000;
}
