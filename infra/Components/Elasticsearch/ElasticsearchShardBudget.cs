using System.Globalization;
using Infra.Config;

namespace Infra.Components;

/// <summary>
/// The shards the log data streams hold at steady state, against the cluster's limit
/// (<c>cluster.max_shards_per_node</c> x nodes; past it Elasticsearch refuses to create indices, so
/// rollovers fail and writes stop). One data stream per log source (every environment and the
/// controlplane; heartbeats share it), each with its source's retention from its stack file.
/// </summary>
/// <param name="Shards">Shards of the log data streams plus <see cref="ReservedShards"/>.</param>
/// <param name="Limit">Nodes x <see cref="MaxShardsPerNode"/>.</param>
/// <param name="Streams">Log data streams (one per source).</param>
/// <param name="Copies">Copies of each shard (1 + index replicas).</param>
/// <param name="RolloverDays">The rollover age (<c>logRolloverDays</c>).</param>
/// <param name="Sources">Every log source and its retention in days.</param>
/// <param name="TeamStreams">The retention in days of each team's data stream (one per team and environment it has namespaces in).</param>
public sealed record ElasticsearchShardBudget(int Shards, int Limit, int Streams, int Copies, int RolloverDays, IReadOnlyList<(string Stack, int RetentionDays)> Sources, IReadOnlyList<int>? TeamStreams = null)
{
    /// <summary>Elasticsearch's default <c>cluster.max_shards_per_node</c>, which the program does not change.</summary>
    public const int MaxShardsPerNode = 1000;

    /// <summary>Primary shards per backing index: <c>logs@settings</c> leaves Elasticsearch's default of 1.</summary>
    public const int PrimaryShards = 1;

    /// <summary>
    /// Kept for what is not a log data stream: Kibana's and the security, ILM/SLM history, task, GeoIP and
    /// other system indices (a few dozen shards on a fresh 9.x cluster), with room to spare.
    /// </summary>
    public const int ReservedShards = 100;

    /// <summary>Data streams per log source: its application logs and Fluent Bit's own (logs-fluentbit-&lt;stack&gt;).</summary>
    public const int StreamsPerSource = 2;

    /// <summary>The largest <c>logRolloverDays</c> the setting accepts.</summary>
    public const int MaxRolloverDays = 90;

    public bool Fits => Shards <= Limit;

    /// <summary>
    /// Backing indices of one data stream at most: the write index, plus those rolled over within the
    /// retention (an index is deleted <paramref name="retentionDays"/> after its rollover), plus one
    /// that has just reached its deletion age.
    /// </summary>
    public static int IndicesPerStream(int retentionDays, int rolloverDays) => (retentionDays / rolloverDays) + 2;

    /// <summary>Copies of each shard: index replicas only with more than one node (<see cref="ElasticsearchSetup"/>).</summary>
    public static int CopiesFor(int nodes) => nodes > 1 ? 2 : 1;

    /// <summary>The budget of a controlplane and the environments it lists.</summary>
    public static ElasticsearchShardBudget For(StackSettings settings, IReadOnlyList<EnvironmentFacts> environments, IReadOnlyList<int>? teamStreams = null) =>
        For(settings.Get(SettingsCatalog.ElasticsearchNodes), settings.Get(SettingsCatalog.LogRolloverDays),
            [(settings.Stack, settings.Get(SettingsCatalog.LogRetentionDays)), .. environments.Select(e => (e.Stack, e.LogRetentionDays))], teamStreams);

    public static ElasticsearchShardBudget For(int nodes, int rolloverDays, IReadOnlyList<(string Stack, int RetentionDays)> sources, IReadOnlyList<int>? teamStreams = null)
    {
        var copies = CopiesFor(nodes);
        return new ElasticsearchShardBudget(ShardsAt(sources, rolloverDays, copies, teamStreams), nodes * MaxShardsPerNode, (sources.Count * StreamsPerSource) + (teamStreams?.Count ?? 0), copies, rolloverDays, sources, teamStreams);
    }

    /// <summary>
    /// The retention of each team data stream: one per team and log source whose environment the team has namespaces in,
    /// with the team's retention or the source's (Teams/TeamLogs).
    /// </summary>
    public static IReadOnlyList<int> TeamStreamsOf(Teams.TeamList teams, IReadOnlyList<(string Environment, int RetentionDays)> sources) =>
        [.. teams.Items.SelectMany(team => sources.Where(s => team.NamespacesIn(s.Environment).Count > 0).Select(s => team.LogRetentionDays ?? s.RetentionDays))];

    private static int ShardsAt(IReadOnlyList<(string Stack, int RetentionDays)> sources, int rolloverDays, int copies, IReadOnlyList<int>? teamStreams = null) =>
        sources.Sum(s => StreamsPerSource * IndicesPerStream(s.RetentionDays, rolloverDays) * PrimaryShards * copies)
        + (teamStreams ?? []).Sum(days => IndicesPerStream(days, rolloverDays) * PrimaryShards * copies)
        // The quarantine data stream, with the controlplane's (the first source's) retention.
        + (sources.Count == 0 ? 0 : IndicesPerStream(sources[0].RetentionDays, rolloverDays) * PrimaryShards * copies)
        + ReservedShards;

    /// <summary>The fewest nodes whose limit holds the shards (a second node adds a replica of every shard).</summary>
    public int NodesNeeded
    {
        get
        {
            var nodes = 1;
            while (ShardsAt(Sources, RolloverDays, CopiesFor(nodes), TeamStreams) > nodes * MaxShardsPerNode)
            {
                nodes++;
            }

            return nodes;
        }
    }

    /// <summary>The problem to report when the budget is exceeded, naming what to change; null when it fits.</summary>
    public string? Problem(StackSettings settings)
    {
        if (Fits)
        {
            return null;
        }

        var stack = settings.Stack;
        var nodesKey = SettingsCatalog.ElasticsearchNodes.Key;
        var rolloverKey = SettingsCatalog.LogRolloverDays.Key;
        var nodes = Limit / MaxShardsPerNode;
        var rollover = Enumerable.Range(RolloverDays + 1, Math.Max(0, MaxRolloverDays - RolloverDays))
            .FirstOrDefault(days => ShardsAt(Sources, days, Copies, TeamStreams) <= Limit);
        var rolloverFix = rollover > 0
            ? $"pulumi config set {rolloverKey} {rollover} --stack {stack} (fewer, larger indices; logs then stay up to {rollover} days past their retention)"
            : $"a longer {rolloverKey} does not suffice";
        // A node count the zones allow (the same count in every zone, LogCapacity.LayoutProblem).
        var zones = settings.Get(SettingsCatalog.ElasticsearchZones);
        var fitting = NodesNeeded > 1 && zones > 1 ? (int)Math.Ceiling(NodesNeeded / (decimal)zones) * zones : NodesNeeded;
        var longest = string.Join(", ", Sources.OrderByDescending(s => s.RetentionDays).ThenBy(s => s.Stack, StringComparer.Ordinal).Take(3).Select(l => $"{l.Stack} {l.RetentionDays.ToString(CultureInfo.InvariantCulture)} days"));
        return $"stack '{stack}': the log data streams need about {Shards} shards ({Streams} data streams, {StreamsPerSource} per source and {TeamStreams?.Count ?? 0} of teams, each up to retention/{RolloverDays} days + 2 backing indices x {PrimaryShards} primary x {Copies} {(Copies == 1 ? "copy" : "copies")}, + {ReservedShards} for system indices), over the cluster's limit of {nodes} nodes x {MaxShardsPerNode} (cluster.max_shards_per_node) = {Limit}; fix one of: pulumi config set {nodesKey} {fitting} --stack {stack}; {rolloverFix}; a shorter logRetentionDays on the environments keeping logs longest ({longest}).";
    }
}
