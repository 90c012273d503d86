using System.Text.Json;
using Infra.Tests.Support;

namespace Infra.Tests.Conformance;

/// <summary>
/// The Pulumi package schemas in <c>../shared/pulumi-schemas</c> (subsets of kubernetes, aws and random;
/// see their README for what is exact and what was reconstructed), with Pulumi YAML's token lookup.
/// </summary>
public sealed class PulumiSchemaCatalog
{
    private static readonly Lazy<PulumiSchemaCatalog> SharedCatalog = new(() => Load(Path.Combine(Repo.SharedDirectory, "pulumi-schemas")));

    private readonly Dictionary<string, JsonElement> _packages;

    private PulumiSchemaCatalog(Dictionary<string, JsonElement> packages)
    {
        _packages = packages;
    }

    /// <summary>The catalog read from <c>../shared</c> (once per test run).</summary>
    public static PulumiSchemaCatalog Shared => SharedCatalog.Value;

    public IEnumerable<string> Packages => _packages.Keys;

    public static PulumiSchemaCatalog Load(string directory)
    {
        var packages = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(directory, "*.json"))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var root = document.RootElement.Clone();
            packages[root.GetProperty("name").GetString()!] = root;
        }

        return new PulumiSchemaCatalog(packages);
    }

    /// <summary>The schema's own version of a package (the provider release it was taken from).</summary>
    public string? Version(string package) =>
        _packages.TryGetValue(package, out var schema) && schema.TryGetProperty("version", out var v) ? v.GetString() : null;

    /// <summary>
    /// A resource's schema by type token, resolved as Pulumi YAML does (exact token first, then
    /// <c>pkg:Type</c> as <c>pkg:index:Type</c> and <c>pkg:mod:Type</c> as <c>pkg:mod/type:Type</c>, ignoring case).
    /// Provider resources <c>pulumi:providers:&lt;pkg&gt;</c> resolve to the package's <c>provider</c> section.
    /// </summary>
    public JsonElement? Resource(string token)
    {
        const string providerPrefix = "pulumi:providers:";
        if (token.StartsWith(providerPrefix, StringComparison.Ordinal))
        {
            return _packages.TryGetValue(token[providerPrefix.Length..], out var package) ? package.GetProperty("provider") : null;
        }

        return Lookup(token, "resources");
    }

    /// <summary>
    /// A function (invoke) schema by token, resolved like resource tokens; then the project's own supplements
    /// (<c>SchemaSupplements/</c>, entries of the same pinned schemas that ../shared does not keep, each with its provenance).
    /// </summary>
    public JsonElement? Function(string token) => Lookup(token, "functions") ?? Supplement(token);

    private static readonly Lazy<Dictionary<string, JsonElement>> Supplements = new(() =>
    {
        var functions = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "tests", "Infra.Tests", "Conformance", "SchemaSupplements"), "*.json"))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var entry in document.RootElement.GetProperty("functions").EnumerateObject())
            {
                functions[entry.Name] = entry.Value.Clone();
            }
        }

        return functions;
    });

    private static JsonElement? Supplement(string token) =>
        Candidates(token).Select(c => Supplements.Value.TryGetValue(c, out var e) ? e : (JsonElement?)null).FirstOrDefault(e => e is not null);

    /// <summary>A type of a package by its token (the part after <c>#/types/</c>).</summary>
    public JsonElement? Type(string token)
    {
        var package = token[..token.IndexOf(':', StringComparison.Ordinal)];
        return _packages.TryGetValue(package, out var schema) && schema.GetProperty("types").TryGetProperty(token, out var type) ? type : null;
    }

    /// <summary>
    /// How exactly an entry was reproduced, from the file's <c>_provenance.entries</c> (kubernetes.json only);
    /// null when the file says nothing about it (exact copies, derived aws entries).
    /// </summary>
    public string? Provenance(string package, string entry) =>
        _packages.TryGetValue(package, out var schema) && schema.TryGetProperty("_provenance", out var provenance)
            && provenance.TryGetProperty("entries", out var entries) && entries.TryGetProperty(entry, out var note)
            ? note.GetString()
            : null;

    private JsonElement? Lookup(string token, string section)
    {
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !_packages.TryGetValue(token[..colon], out var schema))
        {
            return null;
        }

        var entries = schema.GetProperty(section);
        foreach (var candidate in Candidates(token))
        {
            foreach (var entry in entries.EnumerateObject())
            {
                if (string.Equals(entry.Name, candidate, StringComparison.OrdinalIgnoreCase))
                {
                    return entry.Value;
                }
            }
        }

        return null;
    }

    /// <summary>The spellings Pulumi YAML tries for a token (pulumi-yaml <c>packages.go</c>, see ../shared/docs/pulumi-yaml-facts.md §2).</summary>
    private static IEnumerable<string> Candidates(string token)
    {
        yield return token;
        var parts = token.Split(':');
        if (parts.Length == 2)
        {
            yield return $"{parts[0]}:index:{parts[1]}";
            yield return $"{parts[0]}:index/{LowerFirst(parts[1])}:{parts[1]}";
        }
        else if (parts.Length == 3 && !parts[1].Contains('/', StringComparison.Ordinal))
        {
            yield return $"{parts[0]}:{parts[1]}/{LowerFirst(parts[2])}:{parts[2]}";
        }
    }

    private static string LowerFirst(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
