using Infra.Config;

namespace Infra.Components;

/// <summary>What Elasticsearch's setup reads of the stack's settings, bound once (<see cref="Bind"/>).</summary>
/// <param name="Stack">The stack's name (its data stream, quarantine and snapshot base path).</param>
/// <param name="Environment">The stack's environment label (its teams' data streams).</param>
/// <param name="Nodes">Elasticsearch's nodes (above one, each index has a replica).</param>
/// <param name="RetentionDays">How long the controlplane keeps its own logs.</param>
/// <param name="RolloverDays">The ILM policies' rollover age.</param>
/// <param name="ShortfallAcknowledged">Capacity shortfalls are warnings, not problems.</param>
/// <param name="Capacity">The settings the shard budget and capacity model read (<see cref="ElasticsearchShardBudget.For"/>, <see cref="LogCapacity.For"/>: volumes, nodes, disks, Logstash): many keys, so they get the settings whole.</param>
public sealed record ElasticsearchSetupArgs(
    string Stack,
    string Environment,
    int Nodes,
    int RetentionDays,
    int RolloverDays,
    bool ShortfallAcknowledged,
    StackSettings Capacity)
{
    public static ElasticsearchSetupArgs Bind(StackSettings settings) => new(
        settings.Stack,
        settings.Environment,
        settings.Get(SettingsCatalog.ElasticsearchNodes),
        settings.Get(SettingsCatalog.LogRetentionDays),
        settings.Get(SettingsCatalog.LogRolloverDays),
        settings.Get(SettingsCatalog.LogCapacityShortfallAcknowledged),
        settings);
}
