namespace Infra.Components.OnCall;

/// <summary>
/// Who is on call when, computed the way PagerDuty renders a schedule (docs/oncall.md): each layer hands
/// over at its rotation virtual start plus whole turns, counted in wall-clock time of the schedule's time
/// zone (so a Monday 09:00 handoff stays at 09:00 across daylight-saving changes); a layer covers only
/// its restriction windows, and only from its start to its end; a later layer overrides the earlier ones
/// wherever it has someone on call. Every wall-clock time becomes an instant through
/// <see cref="OnCallTime.Resolve"/>, the rule the program's layer times use too.
/// </summary>
public static class RotationCalendar
{
    private const long Day = 86_400;
    private const long Week = 7 * Day;

    /// <summary>The final schedule from local midnight of <paramref name="from"/> for <paramref name="days"/> days, gaps included.</summary>
    public static IReadOnlyList<OnCallShift> Final(OnCallSchedule schedule, DateOnly from, int days, bool splitTurns = false)
    {
        var start = Midnight(from);
        return Final(schedule, start, start + (days * Day), splitTurns);
    }

    /// <summary>Local seconds of midnight of a date.</summary>
    public static long Midnight(DateOnly date) => (date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber) * Day;

    /// <summary>
    /// The final schedule between two local-seconds values. Adjacent pieces of one user and layer are merged,
    /// unless <paramref name="splitTurns"/> (then every turn is its own piece, which gives the calendar file
    /// an identity per turn).
    /// </summary>
    public static IReadOnlyList<OnCallShift> Final(OnCallSchedule schedule, long from, long to, bool splitTurns)
    {
        var layers = schedule.Layers.Select(l => Layer(schedule, l, from, to)).ToList();

        // Every instant where some layer changes, then for each piece the highest layer that covers it. Each
        // layer's shifts are in order and do not overlap, so one cursor per layer walks them once.
        var startUtc = OnCallTime.ResolveUtc(schedule.Zone, from);
        var endUtc = OnCallTime.ResolveUtc(schedule.Zone, to);
        var cuts = layers.SelectMany(l => l).SelectMany(s => new[] { s.Start, s.End }).Append(startUtc).Append(endUtc)
            .Where(t => t >= startUtc && t <= endUtc).Distinct().Order().ToList();
        var cursors = new int[layers.Count];
        var shifts = new List<OnCallShift>();
        for (var i = 0; i + 1 < cuts.Count; i++)
        {
            var (pieceStart, pieceEnd) = (cuts[i], cuts[i + 1]);
            OnCallShift? covering = null;
            for (var layer = layers.Count - 1; layer >= 0 && covering is null; layer--)
            {
                var list = layers[layer];
                while (cursors[layer] < list.Count && list[cursors[layer]].End <= pieceStart)
                {
                    cursors[layer]++;
                }

                if (cursors[layer] < list.Count && list[cursors[layer]] is var candidate && candidate.Start <= pieceStart && candidate.End >= pieceEnd)
                {
                    covering = candidate;
                }
            }

            var piece = new OnCallShift(schedule.Name, covering?.Layer, covering?.User, pieceStart, pieceEnd, covering?.Turn);
            if (shifts.Count > 0 && shifts[^1] is var last && last.User == piece.User && last.Layer == piece.Layer && last.End == piece.Start
                && (!splitTurns || last.Turn == piece.Turn))
            {
                shifts[^1] = last with { End = pieceEnd };
            }
            else
            {
                shifts.Add(piece);
            }
        }

        return shifts;
    }

    /// <summary>One layer's shifts between two local-seconds values of the schedule's zone (UTC instants, in order, not overlapping).</summary>
    public static IReadOnlyList<OnCallShift> Layer(OnCallSchedule schedule, ScheduleLayer layer, long from, long to)
    {
        var windowStart = Math.Max(from, OnCallTime.LocalSeconds(OnCallTime.Normalize(schedule.Zone, layer.Start)));
        var windowEnd = layer.End is { } end ? Math.Min(to, OnCallTime.LocalSeconds(end)) : to;
        if (windowEnd <= windowStart)
        {
            return [];
        }

        var turn = layer.RotationTurnLengthSeconds;
        var virtualStart = OnCallTime.LocalSeconds(OnCallTime.Normalize(schedule.Zone, layer.RotationVirtualStart));
        var coverage = layer.Restrictions.Count == 0
            ? [(windowStart, windowEnd)]
            : Windows(layer.Restrictions, windowStart, windowEnd);
        var shifts = new List<OnCallShift>();
        var lastEnd = DateTime.MinValue;
        foreach (var (coverStart, coverEnd) in coverage)
        {
            // The turn that holds coverStart, then every handoff until coverEnd.
            var index = FloorDiv(coverStart - virtualStart, turn);
            var cursor = coverStart;
            while (cursor < coverEnd)
            {
                var handoff = Math.Min(coverEnd, virtualStart + ((index + 1) * turn));
                var user = layer.Users[(int)Mod(index, layer.Users.Count)];

                // Two wall-clock times inside one DST gap can resolve out of order: never before the last shift's end.
                var start = OnCallTime.ResolveUtc(schedule.Zone, cursor);
                start = start < lastEnd ? lastEnd : start;
                var shift = new OnCallShift(schedule.Name, layer.Name, user, start, OnCallTime.ResolveUtc(schedule.Zone, handoff), index);
                if (shift.End > shift.Start)
                {
                    shifts.Add(shift);
                    lastEnd = shift.End;
                }

                cursor = handoff;
                index++;
            }
        }

        return shifts;
    }

    /// <summary>The union of the restriction windows that fall between two local-seconds values, clipped to them, in order.</summary>
    private static List<(long Start, long End)> Windows(IReadOnlyList<LayerRestriction> restrictions, long from, long to)
    {
        var windows = new List<(long Start, long End)>();
        foreach (var restriction in restrictions)
        {
            var opensAt = (long)restriction.StartTimeOfDay.TotalSeconds;
            if (restriction.Kind == RestrictionKind.Daily)
            {
                // A window may start the day before and run past midnight.
                for (var day = (FloorDiv(from, Day) - 1) * Day; day < to; day += Day)
                {
                    windows.Add((day + opensAt, day + opensAt + restriction.DurationSeconds));
                }
            }
            else
            {
                // Day 0 of local seconds (1970-01-01) was a Thursday: ISO day 4.
                var dayIndex = FloorDiv(from, Day);
                var monday = (dayIndex - Mod(dayIndex + 3, 7) - 7) * Day;
                for (var week = monday; week < to; week += Week)
                {
                    var opens = week + ((restriction.StartDayOfWeek!.Value - 1) * Day) + opensAt;
                    windows.Add((opens, opens + restriction.DurationSeconds));
                }
            }
        }

        var merged = new List<(long Start, long End)>();
        foreach (var (start, end) in windows.Select(w => (Start: Math.Max(w.Start, from), End: Math.Min(w.End, to))).Where(w => w.End > w.Start).OrderBy(w => w.Start))
        {
            if (merged.Count > 0 && merged[^1].End >= start)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, end));
            }
            else
            {
                merged.Add((start, end));
            }
        }

        return merged;
    }

    internal static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long Mod(long a, int n) => ((a % n) + n) % n;
}
