using System.Text;

namespace Infra.Diff;

/// <summary>
/// Unified diff of two texts, as <c>diff -u</c> and <c>git diff</c> print it: <c>---</c>/<c>+++</c>
/// headers, <c>@@ -a,b +c,d @@</c> hunks with <see cref="DefaultContext"/> lines of context, and the
/// "\ No newline at end of file" marker. Lines are compared exactly (no whitespace folding).
/// </summary>
public static class UnifiedDiff
{
    public const int DefaultContext = 3;

    /// <summary>The diff, or an empty string when the texts are equal.</summary>
    public static string Format(string oldText, string newText, string oldLabel, string newLabel, int context = DefaultContext)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        if (string.Equals(oldText, newText, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var oldLines = SplitLines(oldText);
        var newLines = SplitLines(newText);
        var edits = MyersDiff.Compute(oldLines, newLines);
        var text = new StringBuilder();
        text.Append("--- ").Append(oldLabel).Append('\n');
        text.Append("+++ ").Append(newLabel).Append('\n');
        foreach (var (start, end) in Hunks(edits, context))
        {
            AppendHunk(text, edits, start, end, oldLines, newLines);
        }

        return text.ToString();
    }

    /// <summary>
    /// The lines of a text, each with its line break, so "a" and "a\n" differ only in the last line.
    /// </summary>
    public static IReadOnlyList<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                lines.Add(text[start..]);
                break;
            }

            lines.Add(text[start..(end + 1)]);
            start = end + 1;
        }

        return lines;
    }

    /// <summary>Ranges [start, end) of the edit script that form hunks: changes plus context, merged when close.</summary>
    private static List<(int Start, int End)> Hunks(IReadOnlyList<LineEdit> edits, int context)
    {
        var hunks = new List<(int Start, int End)>();
        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Kind == EditKind.Equal)
            {
                i++;
                continue;
            }

            var start = Math.Max(0, i - context);
            var lastChange = i;
            var j = i + 1;
            while (j < edits.Count)
            {
                if (edits[j].Kind != EditKind.Equal)
                {
                    lastChange = j;
                }
                else if (j - lastChange > 2 * context)
                {
                    // More unchanged lines than two contexts: the next change starts a new hunk.
                    break;
                }

                j++;
            }

            var end = Math.Min(edits.Count, lastChange + context + 1);
            if (hunks.Count > 0 && start <= hunks[^1].End)
            {
                hunks[^1] = (hunks[^1].Start, end);
            }
            else
            {
                hunks.Add((start, end));
            }

            i = end;
        }

        return hunks;
    }

    private static void AppendHunk(StringBuilder text, IReadOnlyList<LineEdit> edits, int start, int end, IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
    {
        int oldCount = 0, newCount = 0;
        for (var k = start; k < end; k++)
        {
            if (edits[k].Kind != EditKind.Insert)
            {
                oldCount++;
            }

            if (edits[k].Kind != EditKind.Delete)
            {
                newCount++;
            }
        }

        // An empty side is numbered by the line before it, as diff -u does.
        var oldStart = oldCount == 0 ? edits[start].OldIndex : edits[start].OldIndex + 1;
        var newStart = newCount == 0 ? edits[start].NewIndex : edits[start].NewIndex + 1;
        text.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n");
        for (var k = start; k < end; k++)
        {
            var edit = edits[k];
            var (marker, line) = edit.Kind switch
            {
                EditKind.Delete => ('-', oldLines[edit.OldIndex]),
                EditKind.Insert => ('+', newLines[edit.NewIndex]),
                _ => (' ', oldLines[edit.OldIndex]),
            };
            text.Append(marker);
            if (line.EndsWith('\n'))
            {
                text.Append(line);
            }
            else
            {
                text.Append(line).Append("\n\\ No newline at end of file\n");
            }
        }
    }

    private static string Range(int start, int count) => count == 1 ? $"{start}" : $"{start},{count}";
}
