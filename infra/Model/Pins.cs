namespace Infra.Model;

/// <summary>
/// Every version the platform depends on: the Pulumi provider plugins here, and each component's chart
/// and images in its folder (Components/&lt;Product&gt;/&lt;Product&gt;Pins.cs). Upgrading a chart is a
/// one-line change there (then update the golden files). The list of every chart is derived from the
/// products' manifests (Components.Products.Charts): Model does not depend on Components.
/// </summary>
public static partial class Pins
{
    public const string KubernetesProvider = "4.32.0";
    public const string AwsProvider = "7.48.0";
    public const string RandomProvider = "4.21.1";
    public const string PagerDutyProvider = "4.34.0";

    public static IReadOnlyDictionary<string, string> Providers { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["aws"] = AwsProvider,
        ["kubernetes"] = KubernetesProvider,
        ["pagerduty"] = PagerDutyProvider,
        ["random"] = RandomProvider,
    };
}
