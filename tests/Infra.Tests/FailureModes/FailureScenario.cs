using Infra.Config;

namespace Infra.Tests.FailureModes;

/// <summary>
/// One outage the platform is built to survive, as the metrics show it: the series the fault changes
/// (on top of <see cref="HealthyCluster"/>), the alerts it must raise, the alerts its cause must mute,
/// and what it threatens. Evaluated by the Prometheus of stacks of <see cref="ObservedBy"/>.
/// </summary>
public sealed record FailureScenario
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>The role whose Prometheus sees the fault (an environment's faults are also seen there first).</summary>
    public required StackRole ObservedBy { get; init; }

    /// <summary>What the fault threatens on a stack (a single broker is a whole cluster on development).</summary>
    public required Func<ScenarioContext, DataRisk> Risk { get; init; }

    /// <summary>What happens to the logs or metrics meanwhile, in one sentence.</summary>
    public required string Effect { get; init; }

    /// <summary>The series the fault produces, replacing the healthy ones with the same name and labels.</summary>
    public required Func<ScenarioContext, IEnumerable<SyntheticSeries>> Fault { get; init; }

    /// <summary>The alerts that must fire on every stack of the role.</summary>
    public required Func<ScenarioContext, IEnumerable<ExpectedAlert>> Expected { get; init; }

    /// <summary>Alerts that fire but reach nobody, muted by their cause.</summary>
    public IReadOnlyList<ExpectedInhibition> Inhibited { get; init; } = [];

    /// <summary>
    /// Set when the fault silences the observing stack's own alerting (its Prometheus or Alertmanager):
    /// its Watchdog heartbeat stops and the dead-man's switch service tells; the text says how.
    /// </summary>
    public string? HeartbeatStops { get; init; }

    /// <summary>At most this many PagerDuty incidents (one fault, one page).</summary>
    public int? MaxPages { get; init; }

    /// <summary>Must reach no PagerDuty service of the platform (a team's own workload).</summary>
    public bool NeverPagesThePlatform { get; init; }

    /// <summary>Why the scenario may notify nobody, when it does not threaten data; or further notes.</summary>
    public string? Note { get; init; }
}
