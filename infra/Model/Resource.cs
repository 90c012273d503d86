namespace Infra.Model;

/// <summary>
/// One Pulumi resource: a stable logical name, a type token, properties and options, and the
/// component that owns it (for previews and tests).
/// </summary>
public sealed class Resource
{
    private const string ProviderPrefix = "pulumi:providers:";

    public Resource(string name, string type, string component, ObjectValue properties, ResourceOptions? options = null)
    {
        Name = name;
        Type = type;
        Component = component;
        Properties = properties;
        Options = options ?? new ResourceOptions();
    }

    /// <summary>Logical name; stable across config changes so stateful resources are never renamed.</summary>
    public string Name { get; }

    /// <summary>Pulumi type token, e.g. <c>kubernetes:core/v1:Namespace</c>.</summary>
    public string Type { get; }

    /// <summary>The component that declared this resource (FluentBit, Kafka, ... or Platform).</summary>
    public string Component { get; }

    public ObjectValue Properties { get; set; }

    public ResourceOptions Options { get; }

    /// <summary>API groups whose CRDs this resource installs (operators' charts).</summary>
    public ISet<string> ProvidesApiGroups { get; } = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>API groups of the custom resources this resource declares (ConfigGroups).</summary>
    public ISet<string> RequiresApiGroups { get; } = new SortedSet<string>(StringComparer.Ordinal);

    public bool IsProvider => Type.StartsWith(ProviderPrefix, StringComparison.Ordinal);

    /// <summary>The package (plugin) this resource belongs to: kubernetes, aws, random, or pulumi for built-ins.</summary>
    public string Package => IsProvider ? Type[ProviderPrefix.Length..] : Type[..Type.IndexOf(':', StringComparison.Ordinal)];

    public override string ToString() => $"{Name} ({Type})";
}
