using System.Reflection;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;
using ProductList = Infra.Components.Products;

namespace Infra.Tests.Manifests;

/// <summary>
/// A product is its folder plus its line in <see cref="ProductList.All"/>: everything a product
/// folder declares (components, settings, thresholds, chart pins, promtool unit tests) is
/// found here by reflection over the Infra assembly (or, for the *.test.yaml files, in the product folders) and must be reachable from that
/// list through exactly one product (or the core list), so leaving out a line or a list entry fails here
/// instead of silently deploying nothing or refusing the product's keys.
/// </summary>
public sealed class ProductReachabilityTests
{
    private static readonly Assembly Compiler = typeof(Platform).Assembly;

    private static IReadOnlyList<Product> All => ProductList.All;

    [Fact]
    public void EveryComponentIsMadeByExactlyOneProduct()
    {
        var declared = Compiler.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IComponent).IsAssignableFrom(t)).ToList();
        Assert.NotEmpty(declared);
        AssertOwnedOnce("component", declared, All.Select(p => (p.Name, (IEnumerable<Type>)p.Components.Select(c => c.Type))), [], t => t.Name,
            "add ProductComponent.Of(w => new {0}(...), <roles>) to its product's Components");
    }

    [Fact]
    public void EverySettingBelongsToExactlyOneProductOrTheCoreList()
    {
        var declared = StaticMembers<SettingDefinition>(typeof(SettingsCatalog));
        Assert.NotEmpty(declared);
        AssertOwnedOnce("setting", declared, All.Select(p => (p.Name, (IEnumerable<SettingDefinition>)p.Settings)), SettingsCatalog.Core, s => s.Key,
            "add {0} to the Of<Product> list at the bottom of its <Product>Settings.cs (or to SettingsCatalog.Core when it belongs to no product)");
        Assert.Equal(declared.Count, SettingsCatalog.All.Count);
    }

    [Fact]
    public void EveryThresholdBelongsToExactlyOneProduct()
    {
        var declared = StaticMembers<Threshold>(typeof(Thresholds));
        Assert.NotEmpty(declared);
        AssertOwnedOnce("threshold", declared, All.Select(p => (p.Name, (IEnumerable<Threshold>)p.Thresholds)), [], t => t.Name,
            "add {0} to the Of<Product> list at the bottom of its <Product>Thresholds.cs");
        Assert.Equal(declared.Count, Thresholds.All.Count);
    }

    [Fact]
    public void EveryChartPinBelongsToExactlyOneProduct()
    {
        var declared = StaticMembers<ChartPin>(typeof(Pins));
        Assert.NotEmpty(declared);
        AssertOwnedOnce("chart pin", declared, All.Select(p => (p.Name, (IEnumerable<ChartPin>)p.Charts)), [], c => c.Name,
            "add it to the ChartsOf<Product> list at the bottom of its <Product>Pins.cs");
        Assert.Equal(declared.Count, ProductList.Charts.Count);
    }

    [Fact]
    public void EveryPromtoolTestFileBelongsToExactlyOneProductAndSitsInItsFolder()
    {
        // Every *.test.yaml under infra/Components/ (named relative to it, as the manifests' RuleTestPaths are) and any
        // left in tests/promtool/ (named from the root, so no product can claim it): each must be listed by the
        // product whose folder holds it, and every listed file must be there.
        var components = PromtoolFixture.ComponentsDirectory;
        var legacy = Path.Combine(Repo.Root, "tests", "promtool");
        var declared = Directory.GetFiles(components, "*.test.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(components, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Concat((Directory.Exists(legacy) ? Directory.GetFiles(legacy, "*.test.yaml", SearchOption.AllDirectories) : []).Select(f => Path.GetRelativePath(Repo.Root, f).Replace(Path.DirectorySeparatorChar, '/')))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(declared);
        AssertOwnedOnce("promtool test file", declared, All.Select(p => (p.Name, p.RuleTestPaths)), [],
            f => f.StartsWith("tests/", StringComparison.Ordinal) ? f : $"infra/Components/{f}",
            "move it into the folder of the product whose rules it tests (infra/Components/<Product>/) and add its file name to that product's RuleTests");
        var missingFolders = All.Where(p => !Directory.Exists(Path.Combine(components, p.Folder))).Select(p => $"{p.Name}: {p.Folder}").ToList();
        Assert.True(missingFolders.Count == 0, $"products whose Folder is not a folder under infra/Components/: {string.Join(", ", missingFolders)}");

        // PromtoolTests copies them all into one folder of rendered rules: their file names must differ.
        var clashes = ProductList.RuleTests.GroupBy(Path.GetFileName, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => string.Join(" and ", g)).ToList();
        Assert.True(clashes.Count == 0, $"promtool test files with the same file name (promtool runs them from one folder; rename one): {string.Join("; ", clashes)}");

        // Test data beside the rules, never part of the compiler: an EmbeddedResource glob over Components/ would ship them.
        var embedded = Compiler.GetManifestResourceNames().Where(r => r.EndsWith(".test.yaml", StringComparison.Ordinal)).ToList();
        Assert.True(embedded.Count == 0, $"promtool test files embedded in the compiler (narrow the EmbeddedResource glob in infra/Infra.csproj): {string.Join(", ", embedded)}");
    }

    [Fact]
    public void EveryWorkloadDefaultIsInTheListTheProfileFilesAreReadFor()
    {
        // The profile files are checked against WorkloadDefault.All: one declared but left out of it has no value in
        // any profile (Profile.Size names it), and a profile line for it would be refused as unknown.
        var declared = StaticMembers<WorkloadDefault>(typeof(WorkloadDefault));
        Assert.NotEmpty(declared);
        var missing = declared.Where(w => !WorkloadDefault.All.Contains(w)).Select(w => w.Key).ToList();
        Assert.True(missing.Count == 0, $"workload defaults missing from WorkloadDefault.All (infra/Config/WorkloadDefault.cs): {string.Join(", ", missing)}; add them there and a line for each under workloads: in every infra/Profiles/*.yaml");
        Assert.Equal(declared.Count, WorkloadDefault.All.Distinct().Count());
        Assert.Equal(WorkloadDefault.All.Count, WorkloadDefault.All.Select(w => w.Key).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ProductsHaveDistinctNamesAndEveryClusterRoleBuildsSomething()
    {
        Assert.NotEmpty(All);
        var twice = All.GroupBy(p => p.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"product names listed twice in Products.All: {string.Join(", ", twice)}");
        var roleless = All.SelectMany(p => p.Components.Where(c => c.Roles.Count == 0).Select(c => $"{p.Name}: {c.Type.Name}")).ToList();
        Assert.True(roleless.Count == 0, $"components on no stack role (never built): {string.Join(", ", roleless)}");
        foreach (var role in new[] { StackRole.Environment, StackRole.Controlplane })
        {
            Assert.Contains(All.SelectMany(p => p.Components), c => c.Roles.Contains(role));
        }
    }

    /// <summary>The values of the public static fields and properties of <paramref name="type"/> of type <typeparamref name="T"/>.</summary>
    private static List<T> StaticMembers<T>(Type type)
        where T : class
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Static;
        return type.GetFields(flags).Where(f => typeof(T).IsAssignableFrom(f.FieldType)).Select(f => (T)f.GetValue(null)!)
            .Concat(type.GetProperties(flags).Where(p => typeof(T).IsAssignableFrom(p.PropertyType)).Select(p => (T)p.GetValue(null)!))
            .ToList();
    }

    private static void AssertOwnedOnce<T>(string what, IReadOnlyList<T> declared, IEnumerable<(string Product, IEnumerable<T> Items)> owners,
        IEnumerable<T> core, Func<T, string> name, string fix)
        where T : notnull
    {
        var claims = owners.SelectMany(o => o.Items.Select(i => (Owner: o.Product, Item: i)))
            .Concat(core.Select(i => (Owner: "the core list", Item: i)))
            .ToList();
        var problems = new List<string>();
        foreach (var item in declared)
        {
            var by = claims.Where(c => EqualityComparer<T>.Default.Equals(c.Item, item)).Select(c => c.Owner).ToList();
            if (by.Count == 0)
            {
                problems.Add($"{what} {name(item)} is declared but no product in Products.All lists it: {string.Format(System.Globalization.CultureInfo.InvariantCulture, fix, name(item))}");
            }
            else if (by.Count > 1)
            {
                problems.Add($"{what} {name(item)} is listed {by.Count} times ({string.Join(", ", by)}); keep it in one product");
            }
        }

        problems.AddRange(claims.Where(c => !declared.Contains(c.Item)).Select(c => $"{c.Owner} lists {what} {name(c.Item)}, which is not declared where the test looks"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
