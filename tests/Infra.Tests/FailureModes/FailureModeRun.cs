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

    /// <summary>The healthy baseline alone: what fires with no fault (must be nothing).</summary>
    public IReadOnlyList<FiredAlert> Healthy() =>
        AlertTimeline.Measure(_rendered.RulesDirectory, HealthyCluster.For(Context), "healthy");

    /// <summary>
    /// The scenarios' outcomes, in order. Each promtool run is its own process on its own test file, so they run
    /// side by side (one per core: they are most of the suite's time); the one Alertmanager then sees one scenario's
    /// alerts at a time, as before, so no scenario's alerts can mute another's.
    /// </summary>
    public IReadOnlyList<ScenarioOutcome> RunAll(IReadOnlyList<FailureScenario> scenarios)
    {
        var fired = new IReadOnlyList<FiredAlert>[scenarios.Count];
        Parallel.For(0, scenarios.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            fired[i] = AlertTimeline.Measure(_rendered.RulesDirectory, Merge(HealthyCluster.For(Context), scenarios[i].Fault(Context)), scenarios[i].Id));
        return [.. scenarios.Select((scenario, i) => new ScenarioOutcome(scenario, Context, fired[i], _alertmanager.Inhibited(fired[i], scenario.Id),
            fired[i].ToDictionary(a => a.Identity, _alertmanager.Receiver, StringComparer.Ordinal), Kinds))];
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
