namespace Infra.Components;

/// <summary>
/// The controlplane's federation scrape interval and timeout for a fleet: every environment sends up to
/// <see cref="Federation.SeriesPerEnvironment"/> series per scrape, and the federated samples a second
/// (environments x series / interval) stay within <see cref="Federation.SamplesPerSecondBudget"/>.
/// The interval grows in steps to at most <see cref="Federation.MaxScrapeIntervalSeconds"/>; past that
/// the fleet needs a second controlplane (or narrower match[]), and the compile says so.
/// </summary>
/// <param name="Environments">Environments federated.</param>
/// <param name="IntervalSeconds">The scrape interval of every federation job.</param>
/// <param name="TimeoutSeconds">The scrape timeout: three quarters of the interval, below the gateway's proxy read timeout.</param>
/// <param name="SamplesPerSecond">Federated samples a second at the series budget.</param>
public sealed record FederationSizing(int Environments, int IntervalSeconds, int TimeoutSeconds, decimal SamplesPerSecond)
{
    /// <summary>True when the fleet fits the budget at the longest interval.</summary>
    public bool Fits => SamplesPerSecond <= Federation.SamplesPerSecondBudget;

    public static FederationSizing For(int environments)
    {
        var series = (decimal)environments * Federation.SeriesPerEnvironment;
        var interval = Federation.ScrapeIntervalSeconds;
        while (series / interval > Federation.SamplesPerSecondBudget && interval < Federation.MaxScrapeIntervalSeconds)
        {
            interval += Federation.ScrapeIntervalStepSeconds;
        }

        var timeout = Math.Min(interval * 3 / 4, Federation.GatewayReadTimeoutSeconds - 5);
        return new FederationSizing(environments, interval, timeout, decimal.Round(series / interval, 1));
    }
}
