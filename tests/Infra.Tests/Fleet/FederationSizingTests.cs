using Infra.Components;

namespace Infra.Tests.Fleet;

/// <summary>The federation scrape for any fleet size: within the samples budget at the shortest interval that allows it.</summary>
public sealed class FederationSizingTests
{
    [Fact]
    public void EveryFleetGetsTheShortestIntervalWithinTheBudgetAndATimeoutBelowTheGateways()
    {
        var fitting = 0;
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
        }

        // The curated budget carries a fleet of several hundred environments on one controlplane.
        Assert.True(fitting >= 500, $"only {fitting} environments fit the federation budget");
    }
}
