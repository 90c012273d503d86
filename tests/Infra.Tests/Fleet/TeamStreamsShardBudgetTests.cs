using Infra.Components;
using Infra.Components.Teams;

namespace Infra.Tests.Fleet;

/// <summary>Teams' data streams (one per team and environment it has namespaces in) are in the shard budget.</summary>
public sealed class TeamStreamsShardBudgetTests
{
    [Fact]
    public void EveryTeamStreamAddsItsBackingIndicesToTheBudget()
    {
        // Generated teams: team i has namespaces in the first i % 3 + 1 of three environments, every other one a retention of its own.
        var sources = new List<(string Environment, int RetentionDays)> { ("alpha", 30), ("beta", 14), ("gamma", 7) };
        var teams = new TeamList([.. Enumerable.Range(0, 12).Select(i => new Team($"team-{i}", "#t",
            sources.Take((i % 3) + 1).ToDictionary(s => s.Environment, IReadOnlyList<string> (s) => [$"ns-{i}"]), null, i % 2 == 0 ? 3 : null))]);
        var streams = ElasticsearchShardBudget.TeamStreamsOf(teams, sources);
        Assert.Equal(teams.Items.Sum(t => t.Namespaces.Count), streams.Count);

        const int rollover = 7;
        var stacks = sources.Select(s => (s.Environment, s.RetentionDays)).ToList();
        var without = ElasticsearchShardBudget.For(6, rollover, stacks);
        var with = ElasticsearchShardBudget.For(6, rollover, stacks, streams);
        var expected = teams.Items.SelectMany(t => sources.Where(s => t.NamespacesIn(s.Environment).Count > 0).Select(s => t.LogRetentionDays ?? s.RetentionDays))
            .Sum(days => ElasticsearchShardBudget.IndicesPerStream(days, rollover) * ElasticsearchShardBudget.PrimaryShards * with.Copies);
        Assert.Equal(without.Shards + expected, with.Shards);
        Assert.Equal(without.Streams + streams.Count, with.Streams);

        // Enough teams push the budget over, and the nodes it then names hold them.
        var many = Enumerable.Repeat(30, 3000).ToList();
        var over = ElasticsearchShardBudget.For(6, rollover, stacks, many);
        Assert.False(over.Fits);
        Assert.True(ElasticsearchShardBudget.For(over.NodesNeeded, rollover, stacks, many).Fits);
    }
}
