using System.Reflection;
using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Tests.Support;

namespace Infra.Tests;

/// <summary>
/// Components receive what they need of each other as constructor arguments (Platform wires them) and hand
/// back what others need from their build: no global lookup, no property filled in during a build.
/// </summary>
public sealed partial class ComponentWiringTests
{
    private static readonly IReadOnlyList<Type> ComponentTypes = typeof(IComponent).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToList();

    [Fact]
    public void NoComponentHasStateSetDuringItsBuild()
    {
        Assert.NotEmpty(ComponentTypes);
        // A settable property or a mutable field is state a build fills in and another component would read
        // too early or not at all; what a component holds is what its constructor was given.
        var mutable = ComponentTypes.SelectMany(t =>
            t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(p => p.SetMethod is not null).Select(p => $"{t.Name}.{p.Name} (settable property)")
            .Concat(t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => !f.IsInitOnly).Select(f => $"{t.Name}.{f.Name} (mutable field)")))
            .ToList();
        Assert.True(mutable.Count == 0, $"components with state set after construction (take it as a constructor argument, or return it from Build): {string.Join(", ", mutable)}");
    }

    [Fact]
    public void StackContextOffersNoComponentLookup()
    {
        var lookups = typeof(StackContext).GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(m => m.IsGenericMethodDefinition && m.ReturnType.IsGenericParameter && m.GetParameters().Length == 0)
            .Select(m => m.Name)
            .ToList();
        Assert.True(lookups.Count == 0, $"StackContext looks components up ({string.Join(", ", lookups)}): wire them in Platform instead");
    }

    [Fact]
    public void ComponentSourcesNeitherLookUpComponentsNorDeferNulls()
    {
        var folder = Path.Combine(Repo.Root, "infra", "Components");
        var files = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var found = new List<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var code = lines[i].Split("//", 2)[0];
                if (NullForgiven().IsMatch(code) || ComponentLookup().IsMatch(code))
                {
                    found.Add($"{Path.GetRelativePath(Repo.Root, file)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(found.Count == 0, $"a null! filled in later or a component looked up (wire it in Platform, return it from Build):\n{string.Join("\n", found)}");
    }

    [Fact]
    public void AComponentWiredBeforeWhatItNeedsIsToldToMoveItsLine()
    {
        Assert.NotEmpty(Stacks.All);
        var stack = Stacks.All[0];
        var wiring = new ComponentWiring(Stacks.SettingsOf(stack), new Dictionary<Type, object?>());
        var error = Assert.Throws<InvalidOperationException>(() => wiring.Built<Kafka, KafkaResources>());
        Assert.Contains(nameof(Kafka), error.Message, StringComparison.Ordinal);
        Assert.Contains("Products.All", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoComponentReadsTheSettingsInItsBuild()
    {
        Assert.NotEmpty(ComponentTypes);
        // What a component reads of the settings is bound once into its Args record by its product's manifest;
        // a component's own source (Build and its private helpers) never reaches into context.Settings.
        var folder = Path.Combine(Repo.Root, "infra", "Components");
        var found = new List<string>();
        foreach (var type in ComponentTypes)
        {
            var sources = Directory.GetFiles(folder, $"{type.Name}.cs", SearchOption.AllDirectories);
            Assert.True(sources.Length == 1, $"component {type.Name}: expected one source file {type.Name}.cs under infra/Components, found {sources.Length}");
            var lines = File.ReadAllLines(sources[0]);
            for (var i = 0; i < lines.Length; i++)
            {
                if (SettingsRead().IsMatch(lines[i].Split("//", 2)[0]))
                {
                    found.Add($"{Path.GetRelativePath(Repo.Root, sources[0])}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(found.Count == 0, $"components reading the settings while they build (bind the keys in the component's Args record instead):\n{string.Join("\n", found)}");
    }

    /// <summary>A read of a context's settings (<c>context.Settings</c>, under any name).</summary>
    [GeneratedRegex(@"\.\s*Settings\b")]
    private static partial Regex SettingsRead();

    /// <summary><c>= null!</c> or <c>null!;</c>: a value promised non-null that is set only later.</summary>
    [GeneratedRegex(@"\bnull!")]
    private static partial Regex NullForgiven();

    /// <summary>A global, build-on-demand lookup of another component.</summary>
    [GeneratedRegex(@"\.Component<")]
    private static partial Regex ComponentLookup();
}
