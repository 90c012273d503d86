using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The products of the platform, one line each: a product is its folder under Components/ (with its
/// manifest, &lt;Product&gt;Product.cs) and its line here. Which components a stack role builds, the settings
/// catalog, the alert thresholds, the chart pins and the test lists are all derived from this list; the
/// order is the build order (and so the order of the rendered program's resources).
/// </summary>
public static class Products
{
    public static IReadOnlyList<Product> All { get; } =
    [
        KubePrometheusProduct.Manifest,
        AlertmanagerProduct.Manifest,
        NodeExporterProduct.Manifest,
        FederationGatewayProduct.Manifest,
        KafkaProduct.Manifest,
        FluentBitProduct.Manifest,
        ElasticsearchProduct.Manifest,
        KibanaProduct.Manifest,
        LogstashProduct.Manifest,
        GrafanaProduct.Manifest,
        IngressProduct.Manifest,
        TeamsProduct.Manifest,
        OnCallProduct.Manifest,
    ];

    /// <summary>Every product's settings, in list order (<see cref="SettingsCatalog.All"/> puts the stack-wide keys first).</summary>
    public static IEnumerable<SettingDefinition> Settings => All.SelectMany(p => p.Settings);

    /// <summary>Every product's alert thresholds, in list order.</summary>
    public static IEnumerable<Threshold> Thresholds => All.SelectMany(p => p.Thresholds);

    /// <summary>Every chart the platform deploys.</summary>
    public static IReadOnlyList<ChartPin> Charts { get; } = [.. All.SelectMany(p => p.Charts)];

    /// <summary>The promtool unit-test files of every product's rules, relative to infra/Components/ (<see cref="Product.RuleTestPaths"/>).</summary>
    public static IReadOnlyList<string> RuleTests { get; } = [.. All.SelectMany(p => p.RuleTestPaths)];

    /// <summary>
    /// Builds every component of the stack's role, in list order, one at a time: each is constructed by its
    /// product's expression, which sees what the components built before it returned (<see cref="ComponentWiring.Built{TComponent, TBuilt}"/>).
    /// </summary>
    public static void BuildComponents(StackContext context)
    {
        var built = new Dictionary<Type, object?>();
        foreach (var component in All.SelectMany(p => p.Components).Where(c => c.Roles.Contains(context.Settings.Role)))
        {
            built[component.Type] = context.BuildReturning(component.Create(new ComponentWiring(context.Settings, built)));
        }
    }
}
