namespace Infra.Diff;

/// <summary>
/// A resource or output that differs: its logical name, type token (the new one when both exist),
/// owning component when known, and for changes the paths that differ (e.g. <c>properties.values</c>).
/// </summary>
public sealed record EntryChange(ChangeKind Kind, string Name, string? Type, string? Component, IReadOnlyList<string> Paths);
