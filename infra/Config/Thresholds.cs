namespace Infra.Config;

/// <summary>
/// Every alert threshold a stack may change (in <c>observability:alertThresholds</c>), declared once,
/// each in the folder of the component whose rules use it (Components/&lt;Product&gt;/&lt;Product&gt;Thresholds.cs).
/// The rule library reads them through <see cref="AlertThresholds"/>.
/// </summary>
public static partial class Thresholds
{
    private static IReadOnlyList<Threshold>? _all;

    /// <summary>
    /// Every threshold, in documentation order: each product's (listed beside its thresholds, reaching here
    /// through its manifest) in the order of <see cref="Components.Products.All"/>. Built on first use.
    /// </summary>
    public static IReadOnlyList<Threshold> All => _all ??= [.. Components.Products.Thresholds];
}
