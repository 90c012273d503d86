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

    public ScenarioOutcome Run(FailureScenario scenario)
    {
        var series = Merge(HealthyCluster.For(Context), scenario.Fault(Context));
        var fired = AlertTimeline.Measure(_rendered.RulesDirectory, series, scenario.Id);
        var muted = _alertmanager.Inhibited(fired, scenario.Id);
        var receivers = fired.ToDictionary(a => a.Identity, _alertmanager.Receiver, StringComparer.Ordinal);
        return new ScenarioOutcome(scenario, Context, fired, muted, receivers, Kinds);
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
