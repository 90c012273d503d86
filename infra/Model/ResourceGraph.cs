namespace Infra.Model;

/// <summary>
/// The resources, outputs and embedded documents of one stack. Components add to it in any order;
/// it lists them in a canonical order (providers first, then by component and logical name; outputs
/// by name; documents by path), so the emitted program never depends on the order of the build.
/// <see cref="GraphValidator"/> checks it; emitters turn it into files.
/// </summary>
public sealed class ResourceGraph
{
    private readonly List<Resource> _resources = [];
    private List<Resource>? _ordered;
    private readonly List<StackOutput> _outputs = [];
    private readonly List<RenderedDocument> _documents = [];
    private readonly SortedDictionary<string, SecretConfigKey> _secretConfig = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];
    private readonly List<(string Component, RuleGroup Group)> _ruleGroups = [];

    public ResourceGraph(string stack, string description)
    {
        Stack = stack;
        Description = description;
    }

    public string Stack { get; }

    public string Description { get; }

    public IReadOnlyList<Resource> Resources => _ordered ??= _resources
        .OrderBy(r => r.IsProvider ? 0 : 1)
        .ThenBy(r => r.Component, StringComparer.Ordinal)
        .ThenBy(r => r.Name, StringComparer.Ordinal)
        .ToList();

    public IReadOnlyList<StackOutput> Outputs => _outputs.OrderBy(o => o.Name, StringComparer.Ordinal).ToList();

    public IReadOnlyList<RenderedDocument> Documents => _documents.OrderBy(d => d.Path, StringComparer.Ordinal).ToList();

    public IEnumerable<SecretConfigKey> SecretConfig => _secretConfig.Values;

    /// <summary>Things a user should know before deploying (shown by <c>preview</c>).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Adds a resource and pins its provider plugin version (same version for the whole package).</summary>
    public Resource Add(Resource resource)
    {
        if (Pins.Providers.TryGetValue(resource.Package, out var version))
        {
            resource.Options.Version ??= version;
        }

        _resources.Add(resource);
        _ordered = null;
        return resource;
    }

    public void AddOutput(StackOutput output) => _outputs.Add(output);

    public void AddDocument(RenderedDocument document) => _documents.Add(document);

    public void AddWarning(string warning) => _warnings.Add(warning);

    /// <summary>Every rule group deployed on this stack, with its owning component.</summary>
    public IReadOnlyList<(string Component, RuleGroup Group)> RuleGroups => _ruleGroups.OrderBy(g => g.Component, StringComparer.Ordinal).ToList();

    public void AddRuleGroups(string component, IEnumerable<RuleGroup> groups) => _ruleGroups.AddRange(groups.Select(g => (component, g)));

    /// <summary>Declares a secret config key and returns the reference to use in properties.</summary>
    public ConfigReferenceValue SecretConfigReference(string key, string description, string type = "string")
    {
        _secretConfig[key] = new SecretConfigKey(key, description, type);
        return new ConfigReferenceValue(key);
    }

    public Resource this[string name] => _resources.Single(r => r.Name == name);

    public IEnumerable<Resource> ByComponent(string component) => _resources.Where(r => r.Component == component);
}
