using Infra.Tests.Alerting;
using Infra.Tests.Support;

namespace Infra.Tests.FailureModes;

/// <summary>
/// Every scenario of a stack's role run against that stack's rendered rules (promtool) and rendered
/// Alertmanager configuration (Alertmanager and amtool). Disposing stops the Alertmanager and removes the files.
/// </summary>
public sealed class FailureModeRun : IDisposable
{
    private readonly RenderedStack _rendered;
    private readonly AlertmanagerProbe _alertmanager;

    public FailureModeRun(string stackId)
    {
        _rendered = new RenderedStack(stackId);
        Context = new ScenarioContext(stackId, Stacks.Compile(stackId));
        Kinds = new ReceiverKinds(_rendered.AlertmanagerConfig);
        _alertmanager = new AlertmanagerProbe(_rendered.AlertmanagerConfig, Context.ExternalLabels);
    }

    public ScenarioContext Context { get; }

    public ReceiverKinds Kinds { get; }

    /// <summary>
    /// The healthy baseline's alerts (what fires with no fault: must be nothing) and the scenarios' outcomes, in
    /// order. Each promtool run is its own process on its own test file, so they run side by side, one per core
    /// (they are most of the suite's time). The one Alertmanager sees one scenario's alerts at a time (a lock), so
    /// no scenario's alerts can mute another's; a scenario's Alertmanager and amtool checks overlap the other
    /// scenarios' promtool runs instead of waiting for all of them.
    /// </summary>
    public (IReadOnlyList<FiredAlert> Healthy, IReadOnlyList<ScenarioOutcome> Outcomes) RunAll(IReadOnlyList<FailureScenario> scenarios)
    {
        IReadOnlyList<FiredAlert> healthy = [];
        var outcomes = new ScenarioOutcome[scenarios.Count];
        var alertmanager = new Lock();
        // Index -1 is the healthy baseline.
        Parallel.For(-1, scenarios.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            if (i < 0)
            {
                healthy = AlertTimeline.Measure(_rendered.RulesDirectory, HealthyCluster.For(Context), "healthy");
                return;
            }

            var scenario = scenarios[i];
            var fired = AlertTimeline.Measure(_rendered.RulesDirectory, Merge(HealthyCluster.For(Context), scenario.Fault(Context)), scenario.Id);
            lock (alertmanager)
            {
                outcomes[i] = new ScenarioOutcome(scenario, Context, fired, _alertmanager.Inhibited(fired, scenario.Id),
                    fired.ToDictionary(a => a.Identity, _alertmanager.Receiver, StringComparer.Ordinal), Kinds);
            }
        });
        return (healthy, outcomes);
    }

    public void Dispose()
    {
        _alertmanager.Dispose();
        _rendered.Dispose();
    }

    /// <summary>The healthy series with the fault's replacing those of the same name and labels.</summary>
    public static IReadOnlyList<SyntheticSeries> Merge(IEnumerable<SyntheticSeries> healthy, IEnumerable<SyntheticSeries> fault)
    {
        var merged = new Dictionary<string, SyntheticSeries>(StringComparer.Ordinal);
        foreach (var s in healthy)
        {
            merged[s.Key] = s;
        }

        foreach (var s in fault)
        {
            merged[s.Key] = s;
        }

        return [.. merged.Values.Where(s => !s.IsNever).OrderBy(s => s.Key, StringComparer.Ordinal)];
    }
}
