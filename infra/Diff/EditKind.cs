namespace Infra.Diff;

/// <summary>What happens to one line between the old and the new text.</summary>
public enum EditKind
{
    Equal,
    Delete,
    Insert,
}
