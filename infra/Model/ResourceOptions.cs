namespace Infra.Model;

/// <summary>The Pulumi resource options this program uses; emitted under <c>options:</c>.</summary>
public sealed class ResourceOptions
{
    public Resource? Provider { get; set; }

    public Resource? Parent { get; set; }

    public List<Resource> DependsOn { get; } = [];

    /// <summary>Blocks deletion (and replacement) of stateful resources.</summary>
    public bool Protect { get; set; }

    /// <summary>Provider plugin version; the graph sets it from <see cref="Pins"/> for every resource of a package.</summary>
    public string? Version { get; set; }

    public List<string> IgnoreChanges { get; } = [];

    /// <summary>Replace this resource whenever one of these is replaced (a Job re-runs when its immutable input changes).</summary>
    public List<Resource> ReplaceWith { get; } = [];

    public List<string> AdditionalSecretOutputs { get; } = [];

    public bool DeleteBeforeReplace { get; set; }

    /// <summary>Create/update/delete timeouts such as "20m" (large charts and operators take a while).</summary>
    public string? CustomTimeout { get; set; }
}
