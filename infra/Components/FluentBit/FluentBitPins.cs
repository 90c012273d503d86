namespace Infra.Model;

/// <summary>The versions FluentBit deploys (chart and images): part of <see cref="Pins"/>, declared beside the component.</summary>
public static partial class Pins
{
    public static ChartPin FluentBit { get; } =
        new("fluent-bit", "0.58.1", "oci://ghcr.io/fluent/helm-charts/fluent-bit", null);

    /// <summary>The charts of the FluentBit product (FluentBitProduct).</summary>
    public static IReadOnlyList<ChartPin> ChartsOfFluentBit => [FluentBit];
}
