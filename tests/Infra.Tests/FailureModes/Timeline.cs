namespace Infra.Tests.FailureModes;

/// <summary>
/// The clock of every scenario. Series are sampled, and rules evaluated, every 30 s: the Prometheus
/// Operator's defaults for scrapeInterval and evaluationInterval (the Prometheus CRD of
/// prometheus-operator v0.93, <c>default: 30s</c>), which the rendered values leave unset (checked by
/// <see cref="FailureModeTests"/>). The cluster is healthy for the first half hour, long enough for
/// every rate, offset and absent_over_time window of the rules; the fault starts then.
/// </summary>
public static class Timeline
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan FaultStart = TimeSpan.FromMinutes(30);

    /// <summary>How long after the fault start the rules are watched.</summary>
    public static readonly TimeSpan Watched = TimeSpan.FromMinutes(90);

    public static int SamplesBeforeFault => (int)(FaultStart / Step);

    public static int SamplesFromFault => (int)(Watched / Step) + 1;
}
