namespace Infra.Diff;

/// <summary>How a resource, output or file differs between the base and the working tree.</summary>
public enum ChangeKind
{
    Added,
    Removed,
    Changed,
}
