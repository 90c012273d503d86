using System.Text;
using DiffPlex;
using DiffPlex.Model;

namespace Infra.Diff;

/// <summary>
/// Unified diff of two texts, as <c>diff -u</c> and <c>git diff</c> print it: <c>---</c>/<c>+++</c>
/// headers, <c>@@ -a,b +c,d @@</c> hunks with <see cref="DefaultContext"/> lines of context, and the
/// "\ No newline at end of file" marker. Lines are compared exactly (no whitespace folding). DiffPlex
/// finds the changed blocks; the hunks are formatted here because DiffPlex's own unidiff renderer has
/// no end-of-file marker and numbers empty ranges differently from <c>diff -u</c>.
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

        var diff = Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);
        var text = new StringBuilder();
        text.Append("--- ").Append(oldLabel).Append('\n');
        text.Append("+++ ").Append(newLabel).Append('\n');
        foreach (var hunk in Hunks(diff.DiffBlocks, context))
        {
            AppendHunk(text, hunk, context, diff.PiecesOld, diff.PiecesNew);
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

    /// <summary>Changed blocks grouped into hunks: blocks at most two contexts apart share one.</summary>
    private static List<List<DiffBlock>> Hunks(IList<DiffBlock> blocks, int context)
    {
        var hunks = new List<List<DiffBlock>>();
        foreach (var block in blocks)
        {
            if (hunks.Count > 0 && block.DeleteStartA - OldEnd(hunks[^1][^1]) <= 2 * context)
            {
                hunks[^1].Add(block);
            }
            else
            {
                hunks.Add([block]);
            }
        }

        return hunks;
    }

    private static void AppendHunk(StringBuilder text, List<DiffBlock> blocks, int context, IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
    {
        var first = blocks[0];
        var last = blocks[^1];
        var before = Math.Min(context, first.DeleteStartA);
        var after = Math.Min(context, oldLines.Count - OldEnd(last));
        var oldFrom = first.DeleteStartA - before;
        var newFrom = first.InsertStartB - before;
        var oldCount = OldEnd(last) + after - oldFrom;
        var newCount = last.InsertStartB + last.InsertCountB + after - newFrom;

        // An empty side is numbered by the line before it, as diff -u does.
        text.Append("@@ -").Append(Range(oldCount == 0 ? oldFrom : oldFrom + 1, oldCount))
            .Append(" +").Append(Range(newCount == 0 ? newFrom : newFrom + 1, newCount)).Append(" @@\n");
        var position = oldFrom;
        foreach (var block in blocks)
        {
            AppendLines(text, ' ', oldLines, position, block.DeleteStartA - position);
            AppendLines(text, '-', oldLines, block.DeleteStartA, block.DeleteCountA);
            AppendLines(text, '+', newLines, block.InsertStartB, block.InsertCountB);
            position = OldEnd(block);
        }

        AppendLines(text, ' ', oldLines, position, after);
    }

    private static void AppendLines(StringBuilder text, char marker, IReadOnlyList<string> lines, int start, int count)
    {
        foreach (var line in lines.Skip(start).Take(count))
        {
            text.Append(marker).Append(line);
            if (!line.EndsWith('\n'))
            {
                text.Append("\n\\ No newline at end of file\n");
            }
        }
    }

    private static int OldEnd(DiffBlock block) => block.DeleteStartA + block.DeleteCountA;

    private static string Range(int start, int count) => count == 1 ? $"{start}" : $"{start},{count}";

    /// <summary>Splits as <see cref="SplitLines"/> does, keeping each line's break so a missing final one is a change.</summary>
    private sealed class LineChunker : IChunker
    {
        public static readonly LineChunker Instance = new();

        public IReadOnlyList<string> Chunk(string text) => SplitLines(text);
    }
}
