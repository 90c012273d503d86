namespace Infra.Tests.Metrics;

/// <summary>
/// One file of <c>../shared/anchors/metrics/</c>: the metric names an exporter emits at its pinned version,
/// each with its metadata (<c>collector=</c>, <c>default=</c>, <c>flag=</c>, ...), and the file's <c>#</c> header.
/// </summary>
public sealed class MetricCatalog
{
    private MetricCatalog(string file, IReadOnlyList<string> header, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> names)
    {
        File = file;
        Header = header;
        Names = names;
    }

    /// <summary>The file name, e.g. node-exporter-1.12.1.txt.</summary>
    public string File { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Names { get; }

    /// <summary>The README marks these as partial: a name they lack may still exist.</summary>
    public bool Partial => File.Contains("-partial", StringComparison.Ordinal) || File.Contains("-dashboard-names", StringComparison.Ordinal);

    public bool Contains(string name) => Names.ContainsKey(name);

    /// <summary>The metadata value <paramref name="key"/> of <paramref name="name"/>, or null.</summary>
    public string? Meta(string name, string key) =>
        Names.TryGetValue(name, out var meta) && meta.TryGetValue(key, out var value) ? value : null;

    /// <summary>
    /// The header entries that mention <paramref name="name"/> (e.g. "REMOVED in 1.2.0 ..."), joined: an entry is a
    /// "# " line with its indented "#   " continuation lines.
    /// </summary>
    public string? HeaderNote(string name)
    {
        var entries = new List<List<string>>();
        foreach (var line in Header)
        {
            if (line.StartsWith("#  ", StringComparison.Ordinal) && entries.Count > 0)
            {
                entries[^1].Add(line.TrimStart('#', ' '));
            }
            else
            {
                entries.Add([line.TrimStart('#', ' ')]);
            }
        }

        var notes = entries.Where(e => e.Any(l => l.Contains(name, StringComparison.Ordinal))).Select(e => string.Join(" ", e)).ToList();
        return notes.Count == 0 ? null : string.Join(" ", notes);
    }

    public static MetricCatalog Load(string path)
    {
        var header = new List<string>();
        var names = new SortedDictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var line in System.IO.File.ReadLines(path))
        {
            if (line.StartsWith('#'))
            {
                header.Add(line);
                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split('\t');
            names[fields[0]] = ParseMeta(fields.Skip(1));
        }

        return new MetricCatalog(Path.GetFileName(path), header, names);
    }

    // key=value pairs separated by tabs or spaces; a value may contain spaces up to the next " key=".
    private static Dictionary<string, string> ParseMeta(IEnumerable<string> fields)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            string? key = null;
            var value = new List<string>();
            foreach (var word in field.Split(' '))
            {
                var eq = word.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0 && word[..eq].All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
                {
                    if (key is not null)
                    {
                        meta[key] = string.Join(' ', value);
                    }

                    key = word[..eq];
                    value = [word[(eq + 1)..]];
                }
                else
                {
                    value.Add(word);
                }
            }

            if (key is not null)
            {
                meta[key] = string.Join(' ', value);
            }
        }

        return meta;
    }
}
