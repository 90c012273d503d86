using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Everything the platform knows about one product, declared in its folder
/// (Components/&lt;Product&gt;/&lt;Product&gt;Product.cs) and listed once in <see cref="Products.All"/>:
/// the components it builds and on which stack roles, its settings, alert thresholds, chart pins, the
/// promtool unit tests of its rules. Dashboards, rules, network edges and workload readers stay with the
/// components that build and register them. The catalogs (<see cref="SettingsCatalog.All"/>,
/// <see cref="Config.Thresholds.All"/>, <see cref="Products.Charts"/>) and <see cref="Platform"/> are derived
/// from the list, so a product left out of it deploys nothing and its keys are unknown.
/// </summary>
/// <param name="Name">The product's name (its folder under Components/ unless <see cref="Folder"/> says otherwise).</param>
public sealed record Product(string Name)
{
    /// <summary>What it builds, in build order; empty for a product made of settings only (the on-call stack builds its own graph).</summary>
    public IReadOnlyList<ProductComponent> Components { get; init; } = [];

    /// <summary>Its config keys, in documentation order (a list beside the settings, in &lt;Product&gt;Settings.cs).</summary>
    public IReadOnlyList<SettingDefinition> Settings { get; init; } = [];

    /// <summary>The alert thresholds its rules read, in documentation order.</summary>
    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];

    /// <summary>The Helm charts it deploys.</summary>
    public IReadOnlyList<ChartPin> Charts { get; init; } = [];

    /// <summary>Its folder under infra/Components/ (a product may share one, as FederationGateway shares KubePrometheus).</summary>
    public string Folder { get; init; } = Name;

    /// <summary>
    /// The promtool unit-test files of its rules: file names in its <see cref="Folder"/>, beside the rules they test.
    /// Test data only: the compiler never reads them (not embedded, not in the AOT build's staleness check).
    /// </summary>
    public IReadOnlyList<string> RuleTests { get; init; } = [];

    /// <summary>Its <see cref="RuleTests"/> as paths relative to infra/Components/ (&lt;Folder&gt;/&lt;file&gt;, '/' separated).</summary>
    public IEnumerable<string> RuleTestPaths => RuleTests.Select(f => $"{Folder}/{f}");
}
