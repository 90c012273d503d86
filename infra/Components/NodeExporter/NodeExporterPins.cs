namespace Infra.Model;

/// <summary>The versions NodeExporter deploys (chart and images): part of <see cref="Pins"/>, declared beside the component.</summary>
public static partial class Pins
{
    public static ChartPin PrometheusNodeExporter { get; } =
        new("prometheus-node-exporter", "4.56.1", "oci://ghcr.io/prometheus-community/charts/prometheus-node-exporter", null);

    /// <summary>The charts of the NodeExporter product (NodeExporterProduct).</summary>
    public static IReadOnlyList<ChartPin> ChartsOfNodeExporter => [PrometheusNodeExporter];
}
