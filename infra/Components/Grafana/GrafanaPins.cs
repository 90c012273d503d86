namespace Infra.Model;

/// <summary>The versions Grafana deploys (chart and images): part of <see cref="Pins"/>, declared beside the component.</summary>
public static partial class Pins
{
    public static ChartPin Grafana { get; } =
        new("grafana", "12.11.1", "oci://ghcr.io/grafana-community/helm-charts/grafana", null);

    /// <summary>The charts of the Grafana product (GrafanaProduct).</summary>
    public static IReadOnlyList<ChartPin> ChartsOfGrafana => [Grafana];
}
