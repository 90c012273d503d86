using Infra.Diff;

namespace Infra.Tests.Diff;

/// <summary>The line diff: exact unified format on small cases, and minimal, applicable scripts on random ones.</summary>
public sealed class UnifiedDiffTests
{
    [Fact]
    public void EqualTextsGiveNoDiff()
    {
        Assert.Equal(string.Empty, UnifiedDiff.Format("a\nb\n", "a\nb\n", "a/x", "b/x"));
        Assert.Equal(string.Empty, UnifiedDiff.Format(string.Empty, string.Empty, "a/x", "b/x"));
    }

    [Fact]
    public void OneChangedLineHasThreeLinesOfContextEachSide()
    {
        var old = Lines(1, 10);
        var now = With(old, ("5", "five"));
        Assert.Equal(
            "--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n",
            UnifiedDiff.Format(old, now, "a/f", "b/f"));
    }

    [Fact]
    public void DistantChangesMakeSeparateHunksAndCloseOnesMerge()
    {
        var old = Lines(1, 20);
        var apart = With(old, ("2", "two"), ("18", "eighteen"));
        var diff = UnifiedDiff.Format(old, apart, "a/f", "b/f");
        Assert.Equal(["@@ -1,5 +1,5 @@", "@@ -15,6 +15,6 @@"], HunkHeaders(diff));

        // Six unchanged lines between two changes (two contexts) still make one hunk; seven split it.
        var close = With(old, ("3", "three"), ("10", "ten"));
        Assert.Equal(["@@ -1,13 +1,13 @@"], HunkHeaders(UnifiedDiff.Format(old, close, "a/f", "b/f")));
        var split = With(old, ("3", "three"), ("11", "eleven"));
        Assert.Equal(2, HunkHeaders(UnifiedDiff.Format(old, split, "a/f", "b/f")).Count);
    }

    [Fact]
    public void AddedAndRemovedFilesAreNumberedFromZero()
    {
        Assert.Equal("--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+x\n+y\n", UnifiedDiff.Format(string.Empty, "x\ny\n", "/dev/null", "b/f"));
        Assert.Equal("--- a/f\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n", UnifiedDiff.Format("x\n", string.Empty, "a/f", "/dev/null"));
    }

    [Fact]
    public void InsertionAtTheTopStartsBothRangesAtLineOne()
    {
        Assert.Equal("--- a/f\n+++ b/f\n@@ -1,3 +1,4 @@\n+new\n 1\n 2\n 3\n", UnifiedDiff.Format("1\n2\n3\n", "new\n1\n2\n3\n", "a/f", "b/f"));
    }

    [Fact]
    public void AMissingFinalNewlineIsMarked()
    {
        Assert.Equal(
            "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
            UnifiedDiff.Format("a\nb", "a\nb\n", "a/f", "b/f"));
    }

    [Fact]
    public void RandomEditsAreMinimalAndApplyBack()
    {
        var random = new Random(20240611);
        for (var round = 0; round < 300; round++)
        {
            var old = RandomLines(random, random.Next(0, 40));
            var now = Mutate(random, old);
            var oldText = string.Concat(old);
            var newText = string.Concat(now);
            var diff = UnifiedDiff.Format(oldText, newText, "a/f", "b/f");

            // Minimal: the lines kept are a longest common subsequence.
            Assert.Equal(old.Count - Lcs(old, now), Removed(diff));
            Assert.Equal(newText, Apply(oldText, diff));
        }
    }

    /// <summary>
    /// A rewrite of two thirds of a 6,000-line file: the diff is still minimal and applies back. How long it takes is
    /// a benchmark's question, not a test's (a clock here only fails on a loaded machine); DiffPlex's Myers diff
    /// works in O((N+M)·D), not in a table of every pair of lines.
    /// </summary>
    [Fact]
    public void LargeRewritesAreMinimalAndApplyBack()
    {
        var old = Enumerable.Range(0, 6000).Select(i => $"old {i}\n").ToList();
        var now = Enumerable.Range(0, 6000).Select(i => i % 3 == 0 ? $"old {i}\n" : $"new {i}\n").ToList();
        var diff = UnifiedDiff.Format(string.Concat(old), string.Concat(now), "a/f", "b/f");
        Assert.Equal(4000, Removed(diff));
        Assert.Equal(string.Concat(now), Apply(string.Concat(old), diff));
    }

    private static string Lines(int from, int to) => string.Concat(Enumerable.Range(from, to - from + 1).Select(i => $"{i}\n"));

    /// <summary>The text with whole lines replaced.</summary>
    private static string With(string text, params (string Line, string Replacement)[] replacements) =>
        string.Concat(text.Split('\n')[..^1].Select(line => (replacements.FirstOrDefault(r => r.Line == line).Replacement ?? line) + "\n"));

    /// <summary>Lines the diff removes (the '---' header is not one).</summary>
    private static int Removed(string diff) => diff.Split('\n').Skip(2).Count(l => l.StartsWith('-'));

    private static List<string> HunkHeaders(string diff) => diff.Split('\n').Where(l => l.StartsWith("@@", StringComparison.Ordinal)).ToList();

    private static List<string> RandomLines(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => $"{(char)('a' + random.Next(0, 5))}\n").ToList();

    private static List<string> Mutate(Random random, List<string> lines)
    {
        var result = new List<string>(lines);
        var edits = random.Next(0, 8);
        for (var i = 0; i < edits; i++)
        {
            var at = random.Next(0, result.Count + 1);
            if (random.Next(2) == 0 || result.Count == 0 || at == result.Count)
            {
                result.Insert(at, $"{(char)('a' + random.Next(0, 6))}\n");
            }
            else
            {
                result.RemoveAt(at);
            }
        }

        // Sometimes drop the final newline, which must show as a changed last line.
        if (result.Count > 0 && random.Next(10) == 0)
        {
            result[^1] = result[^1].TrimEnd('\n');
        }

        return result;
    }

    private static int Lcs(List<string> a, List<string> b)
    {
        var table = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        {
            for (var j = b.Count - 1; j >= 0; j--)
            {
                table[i, j] = a[i] == b[j] ? table[i + 1, j + 1] + 1 : Math.Max(table[i + 1, j], table[i, j + 1]);
            }
        }

        return table[0, 0];
    }

    /// <summary>Applies a unified diff strictly: every context and removed line must match, in order.</summary>
    private static string Apply(string oldText, string diff)
    {
        if (diff.Length == 0)
        {
            return oldText;
        }

        var old = UnifiedDiff.SplitLines(oldText);
        var lines = diff.Split('\n');
        var result = new List<string>();
        var position = 0;
        for (var i = 2; i < lines.Length && lines[i].Length > 0; i++)
        {
            var header = System.Text.RegularExpressions.Regex.Match(lines[i], @"^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$");
            Assert.True(header.Success, $"bad hunk header '{lines[i]}'");
            var start = int.Parse(header.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var count = header.Groups[2].Success ? int.Parse(header.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
            var from = count == 0 ? start : start - 1;
            while (position < from)
            {
                result.Add(old[position++]);
            }

            for (i++; i < lines.Length && lines[i].Length > 0 && !lines[i].StartsWith("@@", StringComparison.Ordinal); i++)
            {
                var noNewline = i + 1 < lines.Length && lines[i + 1] == "\\ No newline at end of file";
                var text = lines[i][1..] + (noNewline ? string.Empty : "\n");
                switch (lines[i][0])
                {
                    case ' ':
                        Assert.Equal(old[position++], text);
                        result.Add(text);
                        break;
                    case '-':
                        Assert.Equal(old[position++], text);
                        break;
                    case '+':
                        result.Add(text);
                        break;
                    default:
                        Assert.Fail($"unexpected diff line '{lines[i]}'");
                        break;
                }

                if (noNewline)
                {
                    i++;
                }
            }

            i--;
        }

        while (position < old.Count)
        {
            result.Add(old[position++]);
        }

        return string.Concat(result);
    }
}
