using System.Reflection;
using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Tests.Support;

namespace Infra.Tests;

/// <summary>
/// Components receive what they need of each other as constructor arguments (their product's manifest in
/// Products.All wires them) and hand back what others need from their build: no global lookup, no property
/// filled in during a build, no read of the settings outside the Args records and a named few helpers.
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
        Assert.True(lookups.Count == 0, $"StackContext looks components up ({string.Join(", ", lookups)}): wire them in the product manifests (Products.All) instead");
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

        Assert.True(found.Count == 0, $"a null! filled in later or a component looked up (wire it in its product's manifest, return it from Build):\n{string.Join("\n", found)}");
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

    /// <summary>
    /// The helpers under infra/Components that still read the stack's settings themselves, with why; each is a
    /// candidate for an Args record. A new reader fails <see cref="OnlyTheManifestsAndANamedFewReadTheSettings"/>
    /// until it is bound in its product's manifest or named here.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> SettingsReaders = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Elasticsearch/SnapshotStorage.cs"] = "the snapshot repository's bucket and role from the stack's keys",
        ["FluentBit/FluentBitRules.cs"] = "rules read the settings through RuleContext (paging, buffer sizes in the text)",
        ["Kafka/KafkaClientRestart.cs"] = "the clients' restart on a CA renewal",
        ["Kafka/KafkaRetention.cs"] = "topic retention from the per-profile settings",
        ["Kafka/KafkaRules.cs"] = "rules read the settings through RuleContext (retention, paging)",
        ["Kibana/KibanaUsers.cs"] = "Kibana's own users from the stack's keys",
        ["Logstash/LogFreshnessRules.cs"] = "rules read the settings through RuleContext (the environments)",
        ["Logstash/LogstashWriterRole.cs"] = "the writer role's data streams, named after the stack",
        ["OnCall/OnCallStackReference.cs"] = "the on-call stack's reference from the stack's keys",
        ["Shared/HelmRelease.cs"] = "the stack's name in messages and its profile's chart values",
        ["Shared/NetworkPolicies.cs"] = "the namespaces of the stack's role",
        ["Teams/TeamAdmission.cs"] = "the team quotas from the stack's keys",
        ["Teams/TeamDashboards.cs"] = "the controlplane alone provisions team dashboards",
        ["Teams/TeamMetrics.cs"] = "the teams of the stack's environment",
        ["Teams/TeamRules.cs"] = "rules read the settings through RuleContext (the series budget)",
        ["Teams/TeamSecrets.cs"] = "the on-call stack holding the teams' routing keys",
    };

    [Fact]
    public void OnlyTheManifestsAndANamedFewReadTheSettings()
    {
        // What a component reads of the settings is bound once into its Args record by its product's manifest
        // (<Product>Product.cs, and Products.cs, which hands the settings to the manifests); no other file under
        // infra/Components reaches into the settings, except the named helpers above.
        var folder = Path.Combine(Repo.Root, "infra", "Components");
        var files = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        Assert.All(ComponentTypes, t => Assert.DoesNotContain(SettingsReaders.Keys, k => Path.GetFileName(k) == $"{t.Name}.cs"));
        var found = new List<string>();
        var readers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            var name = Path.GetFileName(file);
            if (name.EndsWith("Product.cs", StringComparison.Ordinal) || name == "Products.cs")
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal) && SettingsRead().IsMatch(lines[i].Split("//", 2)[0]))
                {
                    readers.Add(relative);
                    if (!SettingsReaders.ContainsKey(relative))
                    {
                        found.Add($"infra/Components/{relative}:{i + 1}: {lines[i].Trim()}");
                    }
                }
            }
        }

        Assert.True(found.Count == 0, $"settings read outside the product manifests (bind the keys in the component's Args record in its manifest, or name the helper in ComponentWiringTests.SettingsReaders with why):\n{string.Join("\n", found)}");
        var stale = SettingsReaders.Keys.Where(k => !readers.Contains(k)).ToList();
        Assert.True(stale.Count == 0, $"ComponentWiringTests.SettingsReaders names files that no longer read the settings (remove them from the list): {string.Join(", ", stale)}");
    }

    /// <summary>A read of the settings (<c>context.Settings</c>, a rule context's, under any name).</summary>
    [GeneratedRegex(@"\.\s*Settings\b")]
    private static partial Regex SettingsRead();

    /// <summary><c>= null!</c> or <c>null!;</c>: a value promised non-null that is set only later.</summary>
    [GeneratedRegex(@"\bnull!")]
    private static partial Regex NullForgiven();

    /// <summary>A global, build-on-demand lookup of another component.</summary>
    [GeneratedRegex(@"\.Component<")]
    private static partial Regex ComponentLookup();
}
