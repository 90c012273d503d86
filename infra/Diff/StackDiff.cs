using System.Text;
using Infra.Emitters;

namespace Infra.Diff;

/// <summary>
/// What a change does to a stack's generated output: resources and outputs added, removed and changed
/// (read from both Main.yaml files, grouped by component), the files that differ, and a unified diff of
/// each. Everything is in ordinal order, so the same inputs give the same bytes.
/// </summary>
public sealed class StackDiff
{
    private const int PathDepth = 4;
    private const int MaxPaths = 6;
    private const string UnknownComponent = "(component unknown)";

    private StackDiff(IReadOnlyList<EntryChange> resources, IReadOnlyList<EntryChange> outputs, IReadOnlyList<(ChangeKind Kind, string Path, string Diff)> files)
    {
        Resources = resources;
        Outputs = outputs;
        Files = files;
    }

    public IReadOnlyList<EntryChange> Resources { get; }

    public IReadOnlyList<EntryChange> Outputs { get; }

    /// <summary>Files that differ, with their unified diff.</summary>
    public IReadOnlyList<(ChangeKind Kind, string Path, string Diff)> Files { get; }

    public bool HasChanges => Files.Count > 0;

    public static StackDiff Compare(RenderedStack before, RenderedStack after)
    {
        var oldProgram = before.Files.GetValueOrDefault(RenderWriter.MainFile, string.Empty);
        var newProgram = after.Files.GetValueOrDefault(RenderWriter.MainFile, string.Empty);
        var resources = Entries(ProgramReader.Resources(oldProgram), ProgramReader.Resources(newProgram), before.Components, after.Components);
        var outputs = Entries(ProgramReader.Outputs(oldProgram), ProgramReader.Outputs(newProgram), null, null);

        var files = new List<(ChangeKind, string, string)>();
        foreach (var path in before.Files.Keys.Union(after.Files.Keys).Order(StringComparer.Ordinal))
        {
            var hasOld = before.Files.TryGetValue(path, out var oldText);
            var hasNew = after.Files.TryGetValue(path, out var newText);
            var diff = UnifiedDiff.Format(oldText ?? string.Empty, newText ?? string.Empty, hasOld ? $"a/{path}" : "/dev/null", hasNew ? $"b/{path}" : "/dev/null");
            if (hasOld != hasNew || diff.Length > 0)
            {
                files.Add((!hasOld ? ChangeKind.Added : !hasNew ? ChangeKind.Removed : ChangeKind.Changed, path, diff));
            }
        }

        return new StackDiff(resources, outputs, files);
    }

    /// <summary>The report: a summary, then every file's unified diff.</summary>
    public string Report(string title)
    {
        var text = new StringBuilder();
        text.Append(title).Append('\n');
        if (!HasChanges)
        {
            text.Append("no changes\n");
            return text.ToString();
        }

        text.Append($"\nResources: {Count(Resources, ChangeKind.Added)} added, {Count(Resources, ChangeKind.Removed)} removed, {Count(Resources, ChangeKind.Changed)} changed\n");
        foreach (var group in Resources.GroupBy(r => r.Component ?? UnknownComponent).OrderBy(g => g.Key == UnknownComponent).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append($"  {group.Key}\n");
            var width = group.Max(r => (r.Type ?? string.Empty).Length);
            foreach (var change in group.OrderBy(c => c.Kind).ThenBy(c => c.Name, StringComparer.Ordinal))
            {
                text.Append($"    {Marker(change.Kind)} {(change.Type ?? string.Empty).PadRight(width)}  {change.Name}{Paths(change)}\n");
            }
        }

        if (Outputs.Count > 0)
        {
            text.Append($"\nOutputs: {Count(Outputs, ChangeKind.Added)} added, {Count(Outputs, ChangeKind.Removed)} removed, {Count(Outputs, ChangeKind.Changed)} changed\n");
            foreach (var change in Outputs.OrderBy(c => c.Kind).ThenBy(c => c.Name, StringComparer.Ordinal))
            {
                text.Append($"    {Marker(change.Kind)} {change.Name}\n");
            }
        }

        text.Append($"\nFiles: {Files.Count(f => f.Kind == ChangeKind.Added)} added, {Files.Count(f => f.Kind == ChangeKind.Removed)} removed, {Files.Count(f => f.Kind == ChangeKind.Changed)} changed\n");
        foreach (var (kind, path, _) in Files)
        {
            text.Append($"    {Marker(kind)} {path}\n");
        }

        foreach (var (_, _, diff) in Files.Where(f => f.Diff.Length > 0))
        {
            text.Append('\n').Append(diff);
        }

        return text.ToString();
    }

    private static List<EntryChange> Entries(
        IReadOnlyDictionary<string, ProgramEntry> before,
        IReadOnlyDictionary<string, ProgramEntry> after,
        IReadOnlyDictionary<string, string>? oldComponents,
        IReadOnlyDictionary<string, string>? newComponents)
    {
        var changes = new List<EntryChange>();
        foreach (var name in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            before.TryGetValue(name, out var old);
            after.TryGetValue(name, out var now);
            var component = newComponents?.GetValueOrDefault(name) ?? oldComponents?.GetValueOrDefault(name);
            if (old is null)
            {
                changes.Add(new EntryChange(ChangeKind.Added, name, now!.Type, component, []));
            }
            else if (now is null)
            {
                changes.Add(new EntryChange(ChangeKind.Removed, name, old.Type, component, []));
            }
            else if (!YamlNodeComparer.Same(old.Declaration, now.Declaration))
            {
                var paths = YamlNodeComparer.DifferingPaths(old.Declaration, now.Declaration, PathDepth).ToList();
                if (old.Type != now.Type)
                {
                    paths.Remove("type");
                    paths.Insert(0, $"type {old.Type} -> {now.Type}: replaced");
                }

                changes.Add(new EntryChange(ChangeKind.Changed, name, now.Type, component, paths));
            }
        }

        return changes;
    }

    private static int Count(IEnumerable<EntryChange> changes, ChangeKind kind) => changes.Count(c => c.Kind == kind);

    private static char Marker(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => '+',
        ChangeKind.Removed => '-',
        _ => '~',
    };

    private static string Paths(EntryChange change)
    {
        if (change.Paths.Count == 0)
        {
            return string.Empty;
        }

        var shown = change.Paths.Take(MaxPaths).ToList();
        var more = change.Paths.Count > MaxPaths ? $", +{change.Paths.Count - MaxPaths} more" : string.Empty;
        return $"  ({string.Join(", ", shown)}{more})";
    }
}
