namespace Infra.Model;

/// <summary>
/// A typed reference to another resource of the graph, optionally to one of its outputs:
/// emitted as <c>${name}</c> or <c>${name.path}</c>. The graph checks that the target exists.
/// </summary>
public sealed record ReferenceValue(Resource Target, string? Path = null) : Value
{
    public string Expression => Path is null ? Target.Name : $"{Target.Name}.{Path}";
}
