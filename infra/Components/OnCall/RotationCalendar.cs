namespace Infra.Components.OnCall;

/// <summary>
/// Who is on call when, computed the way PagerDuty renders a schedule (docs/oncall.md): each layer hands
/// over at its rotation virtual start plus whole turns, counted in wall-clock time of the schedule's time
/// zone (so a Monday 09:00 handoff stays at 09:00 across daylight-saving changes); a layer covers only
/// its restriction windows, and only from its start to its end; a later layer overrides the earlier ones
/// wherever it has someone on call.
/// </summary>
public static class RotationCalendar
{
    /// <summary>The final schedule from local midnight of <paramref name="from"/> for <paramref name="days"/> days, gaps included.</summary>
    public static IReadOnlyList<OnCallShift> Final(OnCallSchedule schedule, DateOnly from, int days)
    {
        var start = from.ToDateTime(TimeOnly.MinValue);
        var end = start.AddDays(days);
        var layers = schedule.Layers.Select(l => Layer(schedule, l, start, end)).ToList();

        // Every instant where some layer changes, then for each piece the highest layer that covers it.
        var startUtc = ToUtc(schedule.TimeZone, start);
        var endUtc = ToUtc(schedule.TimeZone, end);
        var cuts = layers.SelectMany(l => l).SelectMany(s => new[] { s.Start, s.End }).Append(startUtc).Append(endUtc)
            .Where(t => t >= startUtc && t <= endUtc).Distinct().Order().ToList();
        var shifts = new List<OnCallShift>();
        for (var i = 0; i + 1 < cuts.Count; i++)
        {
            var (pieceStart, pieceEnd) = (cuts[i], cuts[i + 1]);
            OnCallShift? covering = null;
            for (var layer = layers.Count - 1; layer >= 0 && covering is null; layer--)
            {
                covering = layers[layer].FirstOrDefault(s => s.Start <= pieceStart && s.End >= pieceEnd);
            }

            var piece = new OnCallShift(schedule.Name, covering?.Layer, covering?.User, pieceStart, pieceEnd);
            if (shifts.Count > 0 && shifts[^1] is var last && last.User == piece.User && last.Layer == piece.Layer && last.End == piece.Start)
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

    /// <summary>One layer's shifts between two wall-clock times of the schedule's zone (UTC instants, in order).</summary>
    public static IReadOnlyList<OnCallShift> Layer(OnCallSchedule schedule, ScheduleLayer layer, DateTime from, DateTime to)
    {
        var windowStart = Max(from, layer.Start);
        var windowEnd = layer.End is { } end ? Min(to, end) : to;
        if (windowEnd <= windowStart)
        {
            return [];
        }

        var turn = TimeSpan.FromSeconds(layer.RotationTurnLengthSeconds);
        var coverage = layer.Restrictions.Count == 0
            ? [(windowStart, windowEnd)]
            : Windows(layer.Restrictions, windowStart, windowEnd);
        var shifts = new List<OnCallShift>();
        foreach (var (coverStart, coverEnd) in coverage)
        {
            // The turn that holds coverStart, then every handoff until coverEnd.
            var index = FloorDiv((coverStart - layer.RotationVirtualStart).Ticks, turn.Ticks);
            var cursor = coverStart;
            while (cursor < coverEnd)
            {
                var handoff = Min(coverEnd, layer.RotationVirtualStart + TimeSpan.FromTicks((index + 1) * turn.Ticks));
                var user = layer.Users[(int)Mod(index, layer.Users.Count)];
                var shift = new OnCallShift(schedule.Name, layer.Name, user, ToUtc(schedule.TimeZone, cursor), ToUtc(schedule.TimeZone, handoff));
                if (shift.End > shift.Start)
                {
                    shifts.Add(shift);
                }

                cursor = handoff;
                index++;
            }
        }

        return shifts;
    }

    /// <summary>The union of the restriction windows that fall between two wall-clock times, clipped to them, in order.</summary>
    private static List<(DateTime Start, DateTime End)> Windows(IReadOnlyList<LayerRestriction> restrictions, DateTime from, DateTime to)
    {
        var windows = new List<(DateTime Start, DateTime End)>();
        foreach (var restriction in restrictions)
        {
            var length = TimeSpan.FromSeconds(restriction.DurationSeconds);
            if (restriction.Kind == RestrictionKind.Daily)
            {
                // A window may start the day before and run past midnight.
                for (var day = from.Date.AddDays(-1); day < to; day = day.AddDays(1))
                {
                    windows.Add((day + restriction.StartTimeOfDay, day + restriction.StartTimeOfDay + length));
                }
            }
            else
            {
                var monday = from.Date.AddDays(-(((int)from.DayOfWeek + 6) % 7) - 7);
                for (var week = monday; week < to; week = week.AddDays(7))
                {
                    var opens = week.AddDays(restriction.StartDayOfWeek!.Value - 1) + restriction.StartTimeOfDay;
                    windows.Add((opens, opens + length));
                }
            }
        }

        var merged = new List<(DateTime Start, DateTime End)>();
        foreach (var (start, end) in windows.Select(w => (Start: Max(w.Start, from), End: Min(w.End, to))).Where(w => w.End > w.Start).OrderBy(w => w.Start))
        {
            if (merged.Count > 0 && merged[^1].End >= start)
            {
                merged[^1] = (merged[^1].Start, Max(merged[^1].End, end));
            }
            else
            {
                merged.Add((start, end));
            }
        }

        return merged;
    }

    /// <summary>
    /// A wall-clock time of the zone as UTC. A time skipped by a daylight-saving change (02:30 on the spring
    /// night) moves forward to the first valid minute; a repeated one (02:30 on the autumn night) is read
    /// as standard time, the later of the two.
    /// </summary>
    public static DateTime ToUtc(TimeZoneInfo zone, DateTime local)
    {
        var time = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(time))
        {
            time = time.AddMinutes(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(time, zone);
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long Mod(long a, int n) => ((a % n) + n) % n;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
