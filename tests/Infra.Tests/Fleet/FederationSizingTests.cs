using Infra.Components;

namespace Infra.Tests.Fleet;

/// <summary>The federation scrape for any fleet size: within the samples budget at the shortest interval that allows it.</summary>
public sealed class FederationSizingTests
{
    [Fact]
    public void EveryFleetGetsTheShortestIntervalWithinTheBudgetAndATimeoutBelowTheGateways()
    {
        var fitting = 0;
        var shortest = 0;
        for (var environments = 1; environments <= 1000; environments++)
        {
            var sizing = FederationSizing.For(environments);
            var samples = environments * (decimal)Federation.SeriesPerEnvironment / sizing.IntervalSeconds;
            Assert.InRange(sizing.IntervalSeconds, Federation.ScrapeIntervalSeconds, Federation.MaxScrapeIntervalSeconds);
            Assert.True(sizing.TimeoutSeconds < sizing.IntervalSeconds && sizing.TimeoutSeconds < Federation.GatewayReadTimeoutSeconds, $"{environments}: timeout {sizing.TimeoutSeconds}s");
            Assert.Equal(samples <= Federation.SamplesPerSecondBudget, sizing.Fits);

            // Shortest: one step less would exceed the budget (or is below the minimum).
            var shorter = sizing.IntervalSeconds - Federation.ScrapeIntervalStepSeconds;
            Assert.True(shorter < Federation.ScrapeIntervalSeconds || environments * (decimal)Federation.SeriesPerEnvironment / shorter > Federation.SamplesPerSecondBudget,
                $"{environments}: {sizing.IntervalSeconds}s where {shorter}s fits");
            fitting += sizing.Fits ? 1 : 0;
            shortest += sizing.IntervalSeconds == Federation.ScrapeIntervalSeconds ? 1 : 0;
        }

        // The curated budget carries a fleet of a thousand environments on one controlplane, at the full
        // resolution: the federated ALERTS and federated_up are not stretched for any fleet up to there.
        Assert.Equal(1000, fitting);
        Assert.True(shortest == 1000, $"only {shortest} fleets keep the {Federation.ScrapeIntervalSeconds}s interval");

        // Past the budget at the longest interval the sizing says it does not fit (the compile then fails).
        var largest = Federation.SamplesPerSecondBudget * Federation.MaxScrapeIntervalSeconds / Federation.SeriesPerEnvironment;
        Assert.True(FederationSizing.For(largest).Fits);
        var over = FederationSizing.For(largest + 1);
        Assert.False(over.Fits);
        Assert.Equal(Federation.MaxScrapeIntervalSeconds, over.IntervalSeconds);
    }
}
