namespace Infra.Tests.Metrics;

/// <summary>A metric name the conformance check rejects: where it is read, the name, what is wrong, which catalog says so.</summary>
public sealed record MetricFinding(string Stack, string Where, string Metric, string Problem)
{
    public override string ToString() => $"{Stack}: {Where}: {Metric}: {Problem}";
}
