namespace Infra.Tests.Metrics;

/// <summary>
/// A metric name no catalog of ../shared/anchors/metrics confirms, accepted with the reason and the upstream
/// source that shows it exists (see <see cref="MetricNameExceptions"/>).
/// </summary>
public sealed record MetricNameException(string Name, string Reason, string Citation);
