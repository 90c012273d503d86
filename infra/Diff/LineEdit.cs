namespace Infra.Diff;

/// <summary>
/// One line of an edit script. <see cref="OldIndex"/> and <see cref="NewIndex"/> are 0-based positions;
/// for a deletion <see cref="NewIndex"/> is where the new text continues, for an insertion
/// <see cref="OldIndex"/> likewise, so hunk headers can be computed from any edit.
/// </summary>
public readonly record struct LineEdit(EditKind Kind, int OldIndex, int NewIndex);
