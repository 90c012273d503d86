using Infra.Model;
using Infra.Tests.Support;
using Infra.Yaml;

namespace Infra.Tests.Conformance;

/// <summary>The CustomResourceDefinitions in <c>../shared/crds/&lt;group&gt;/&lt;Kind&gt;.yaml</c>, by group and kind.</summary>
public sealed class CrdCatalog
{
    private static readonly Lazy<CrdCatalog> SharedCatalog = new(() => Load(Path.Combine(Repo.SharedDirectory, "crds")));

    private readonly Dictionary<(string Group, string Kind), ObjectValue> _crds;

    private CrdCatalog(Dictionary<(string Group, string Kind), ObjectValue> crds)
    {
        _crds = crds;
    }

    public static CrdCatalog Shared => SharedCatalog.Value;

    /// <summary>API groups that have at least one CRD here.</summary>
    public IReadOnlySet<string> Groups => _crds.Keys.Select(k => k.Group).ToHashSet(StringComparer.Ordinal);

    public static CrdCatalog Load(string directory)
    {
        var crds = new Dictionary<(string, string), ObjectValue>();
        foreach (var file in Directory.GetFiles(directory, "*.yaml", SearchOption.AllDirectories))
        {
            var crd = (ObjectValue)YamlValueReader.Parse(File.ReadAllText(file));
            var spec = (ObjectValue)crd["spec"]!;
            crds[(Text(spec, "group"), Text((ObjectValue)spec["names"]!, "kind"))] = crd;
        }

        return new CrdCatalog(crds);
    }

    /// <summary>The CRD of a group and kind, or null.</summary>
    public ObjectValue? Crd(string group, string kind) => _crds.GetValueOrDefault((group, kind));

    /// <summary>
    /// The <c>openAPIV3Schema</c> of <paramref name="apiVersion"/> (group/version) and <paramref name="kind"/>,
    /// or null with the reason: no CRD for the kind, or no such version, or a version that is not served.
    /// </summary>
    public ObjectValue? Schema(string apiVersion, string kind, out string? problem)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        if (Crd(group, kind) is not { } crd)
        {
            problem = $"no CRD for {kind} in group '{group}' under ../shared/crds";
            return null;
        }

        var versions = ((ListValue)((ObjectValue)crd["spec"]!)["versions"]!).Items.Cast<ObjectValue>().ToList();
        var entry = versions.FirstOrDefault(v => Text(v, "name") == version);
        if (entry is null)
        {
            problem = $"{kind} has no version '{version}' (the CRD has {string.Join(", ", versions.Select(v => Text(v, "name")))})";
            return null;
        }

        if (entry["served"] is not BoolValue { Flag: true })
        {
            problem = $"{kind} version '{version}' is not served (served: {string.Join(", ", versions.Where(v => v["served"] is BoolValue { Flag: true }).Select(v => Text(v, "name")))})";
            return null;
        }

        problem = null;
        return (ObjectValue)((ObjectValue)entry["schema"]!)["openAPIV3Schema"]!;
    }

    /// <summary>Namespaced or Cluster.</summary>
    public string? Scope(string group, string kind) => Crd(group, kind) is { } crd ? Text((ObjectValue)crd["spec"]!, "scope") : null;

    private static string Text(ObjectValue obj, string key) => ((StringValue)obj[key]!).Text;
}
