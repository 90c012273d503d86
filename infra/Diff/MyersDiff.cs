namespace Infra.Diff;

/// <summary>
/// Shortest edit script between two line sequences: Myers' O((N+M)D) algorithm in its linear-space
/// form (middle snake, divide and conquer), so a rewritten 5000-line program costs kilobytes, not the
/// D² memory of the plain forward version. Within a change, deletions come before insertions.
/// </summary>
public static class MyersDiff
{
    public static IReadOnlyList<LineEdit> Compute(IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
    {
        var deleted = new bool[oldLines.Count];
        var inserted = new bool[newLines.Count];
        var size = oldLines.Count + newLines.Count + 3;
        var forward = new int[(2 * size) + 1];
        var backward = new int[(2 * size) + 1];
        new Search(oldLines, newLines, deleted, inserted, forward, backward, size).Compare(0, oldLines.Count, 0, newLines.Count);

        var edits = new List<LineEdit>(Math.Max(oldLines.Count, newLines.Count));
        int i = 0, j = 0;
        while (i < oldLines.Count || j < newLines.Count)
        {
            if (i < oldLines.Count && deleted[i])
            {
                edits.Add(new LineEdit(EditKind.Delete, i++, j));
            }
            else if (j < newLines.Count && inserted[j])
            {
                edits.Add(new LineEdit(EditKind.Insert, i, j++));
            }
            else
            {
                edits.Add(new LineEdit(EditKind.Equal, i++, j++));
            }
        }

        return edits;
    }

    private sealed class Search(
        IReadOnlyList<string> a, IReadOnlyList<string> b, bool[] deleted, bool[] inserted, int[] forward, int[] backward, int offset)
    {
        /// <summary>Marks the deleted lines of a[aLo..aHi) and the inserted lines of b[bLo..bHi).</summary>
        public void Compare(int aLo, int aHi, int bLo, int bHi)
        {
            while (true)
            {
                // Common prefix and suffix never take part in the search.
                while (aLo < aHi && bLo < bHi && Same(aLo, bLo))
                {
                    aLo++;
                    bLo++;
                }

                while (aLo < aHi && bLo < bHi && Same(aHi - 1, bHi - 1))
                {
                    aHi--;
                    bHi--;
                }

                if (aLo == aHi)
                {
                    Array.Fill(inserted, true, bLo, bHi - bLo);
                    return;
                }

                if (bLo == bHi)
                {
                    Array.Fill(deleted, true, aLo, aHi - aLo);
                    return;
                }

                var (x, y, u, v) = MiddleSnake(aLo, aHi, bLo, bHi);
                Compare(aLo, x, bLo, y);

                // The second half as a loop instead of a second recursive call keeps the stack shallow.
                aLo = u;
                bLo = v;
            }
        }

        private bool Same(int i, int j) => string.Equals(a[i], b[j], StringComparison.Ordinal);

        /// <summary>
        /// The middle snake of an optimal path through the box: (x, y) to (u, v) in absolute positions.
        /// The box has no common prefix or suffix and both sides are non-empty.
        /// </summary>
        private (int X, int Y, int U, int V) MiddleSnake(int aLo, int aHi, int bLo, int bHi)
        {
            var n = aHi - aLo;
            var m = bHi - bLo;
            var delta = n - m;
            var odd = (delta & 1) != 0;
            var max = (n + m + 1) / 2;
            forward[offset + 1] = 0;
            backward[offset + 1] = 0;
            for (var d = 0; d <= max; d++)
            {
                for (var k = -d; k <= d; k += 2)
                {
                    var x = k == -d || (k != d && forward[offset + k - 1] < forward[offset + k + 1])
                        ? forward[offset + k + 1]
                        : forward[offset + k - 1] + 1;
                    var y = x - k;
                    int x0 = x, y0 = y;
                    while (x < n && y < m && Same(aLo + x, bLo + y))
                    {
                        x++;
                        y++;
                    }

                    forward[offset + k] = x;
                    var c = delta - k;
                    if (odd && c >= -(d - 1) && c <= d - 1 && x + backward[offset + c] >= n)
                    {
                        return (aLo + x0, bLo + y0, aLo + x, bLo + y);
                    }
                }

                for (var k = -d; k <= d; k += 2)
                {
                    var x = k == -d || (k != d && backward[offset + k - 1] < backward[offset + k + 1])
                        ? backward[offset + k + 1]
                        : backward[offset + k - 1] + 1;
                    var y = x - k;
                    int x0 = x, y0 = y;
                    while (x < n && y < m && Same(aHi - 1 - x, bHi - 1 - y))
                    {
                        x++;
                        y++;
                    }

                    backward[offset + k] = x;
                    var c = delta - k;
                    if (!odd && c >= -d && c <= d && x + forward[offset + c] >= n)
                    {
                        return (aHi - x, bHi - y, aHi - x0, bHi - y0);
                    }
                }
            }

            throw new InvalidOperationException("no middle snake: unreachable for non-empty inputs");
        }
    }
}
