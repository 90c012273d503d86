using System.Globalization;

namespace Infra.Components.OnCall;

/// <summary>
/// Finds the people who are on call for two different rules of one escalation policy at the same moment
/// (docs/oncall.md, "Escalation overlaps"), over the rotations' whole cycle: from <c>calendarStart</c> past
/// the last layer start or end, for the least common multiple of every layer's cycle (turn × users, and the
/// day or week of its restrictions), at least the calendar window and at most
/// <see cref="OnCallLimits.MaxCycleCheckDays"/>. A schedule target is on call as
/// <see cref="RotationCalendar.Final"/> says; a user target is on call all the time. Two user targets are
/// not compared: naming the same person in two rules is explicit, not a rotation accident.
/// </summary>
public static class DoubleBookingCheck
{
    private const long Day = 86_400;

    public static DoubleBookingResult Check(OnCallConfig config)
    {
        var (days, cycleDays, truncated) = Horizon(config);
        return Check(config, days) with { CycleDays = cycleDays, Truncated = truncated };
    }

    /// <summary>The check over a given number of days from calendarStart (the hand-worked tests use it).</summary>
    internal static DoubleBookingResult Check(OnCallConfig config, int days)
    {
        var schedules = config.Schedules.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var calendars = config.Schedules.ToDictionary(s => s.Name, s => OnCallIntervals(RotationCalendar.Final(s, config.CalendarStart, days)), StringComparer.Ordinal);
        var found = new List<DoubleBooking>();
        foreach (var policy in config.EscalationPolicies)
        {
            // Each (rule, target) once; the same target twice in one rule notifies once, so only pairs across rules count.
            var targets = policy.Rules.SelectMany((rule, index) => rule.Targets.Distinct().Select(target => (Rule: index + 1, Target: target))).ToList();
            for (var i = 0; i < targets.Count; i++)
            {
                for (var j = i + 1; j < targets.Count; j++)
                {
                    var (a, b) = (targets[i], targets[j]);
                    if (a.Rule == b.Rule || (!a.Target.IsSchedule && !b.Target.IsSchedule))
                    {
                        continue;
                    }

                    // Report in the zone of the first schedule among the two.
                    var schedule = schedules[a.Target.IsSchedule ? a.Target.Name : b.Target.Name];
                    foreach (var (user, overlaps) in Overlaps(Intervals(a.Target, calendars), Intervals(b.Target, calendars)))
                    {
                        var total = overlaps.Aggregate(TimeSpan.Zero, (sum, o) => sum + (o.End - o.Start));
                        found.Add(new DoubleBooking(policy.Name, Describe(a.Target, a.Rule), Describe(b.Target, b.Rule), user, schedule, overlaps[0].Start, overlaps[0].End, total));
                    }
                }
            }
        }

        return new DoubleBookingResult(found, config.CalendarStart, days, null, false);
    }

    /// <summary>
    /// Days to check: from calendarStart to the last layer boundary after it, plus one common cycle, in whole
    /// days; at least the calendar window, at most the limit (then truncated). The cycle is counted in local
    /// time, as the turns are, so it is exact for schedules of one zone.
    /// </summary>
    internal static (int Days, long? CycleDays, bool Truncated) Horizon(OnCallConfig config)
    {
        var cap = OnCallLimits.MaxCycleCheckDays * Day;
        var cycle = 1L;
        var from = RotationCalendar.Midnight(config.CalendarStart);
        var offset = 0L;
        foreach (var layer in config.Schedules.SelectMany(s => s.Layers))
        {
            cycle = Lcm(cycle, layer.RotationTurnLengthSeconds * layer.Users.Count, cap);
            foreach (var restriction in layer.Restrictions)
            {
                cycle = Lcm(cycle, restriction.Kind == RestrictionKind.Daily ? Day : 7 * Day, cap);
            }

            foreach (var boundary in new[] { layer.Start, layer.End ?? layer.Start })
            {
                offset = Math.Max(offset, OnCallTime.LocalSeconds(boundary) - from);
            }
        }

        var window = config.CalendarWeeks * 7;
        if (cycle > cap || offset + cycle > cap)
        {
            return (OnCallLimits.MaxCycleCheckDays, cycle > cap ? null : (cycle + Day - 1) / Day, true);
        }

        var days = (int)((offset + cycle + Day - 1) / Day);
        return (Math.Max(window, days), (cycle + Day - 1) / Day, false);
    }

    /// <summary>The least common multiple, or <paramref name="cap"/> + 1 once it passes the cap (never overflows).</summary>
    private static long Lcm(long a, long b, long cap)
    {
        if (a > cap || b > cap)
        {
            return cap + 1;
        }

        var gcd = Gcd(a, b);
        return a / gcd > cap / b ? cap + 1 : a / gcd * b;
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

    /// <summary>The warning the compile prints for a double booking: the policy, both targets, the user, the first interval, and the fix.</summary>
    public static string Warning(OnCallConfig config, DoubleBooking booking, DoubleBookingResult check) =>
        $"escalation policy '{booking.Policy}' pages {CalendarMarkdown.Display(config.User(booking.User))} twice: on call for {booking.First} and {booking.Second} " +
        $"at the same time, first from {CalendarMarkdown.Local(booking.Schedule, booking.Start)} to {CalendarMarkdown.Local(booking.Schedule, booking.End)} " +
        $"({booking.Total.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h in the {check.Days} days checked from {check.From:yyyy-MM-dd}, the rotations' whole cycle), so the escalation pages the same person again instead of a second responder; " +
        "give the rules' schedules different people at every moment (e.g. keep the business-hours users out of the weekly rotations, or offset the secondary's rotation by one)";

    /// <summary>The warning when the rotations' common cycle is longer than the check may run.</summary>
    public static string TruncatedWarning(DoubleBookingResult check) =>
        $"the double-booking check covered {check.Days} days from {check.From:yyyy-MM-dd}, less than the rotations' whole cycle " +
        $"({(check.CycleDays is { } cycle ? $"{cycle} days after the last layer start" : $"more than {OnCallLimits.MaxCycleCheckDays} days")}: the least common multiple of each layer's turn × users and its restriction day or week), " +
        "so an overlap later in the cycle would not be reported; give the layers turn lengths and user counts with common factors (e.g. weekly turns of 2, 3 or 4 people), or move calendarStart to check a later stretch";

    private static string Describe(EscalationTarget target, int rule) => target.IsSchedule ? $"schedule '{target.Name}' (rule {rule})" : $"the user target of rule {rule}";

    /// <summary>Who a target has on call when: a schedule's merged shifts, or the user for all time.</summary>
    private static List<(string User, DateTime Start, DateTime End)> Intervals(EscalationTarget target, Dictionary<string, List<(string User, DateTime Start, DateTime End)>> calendars) =>
        target.IsSchedule ? calendars[target.Name] : [(target.Name, DateTime.MinValue, DateTime.MaxValue)];

    /// <summary>A schedule's shifts with gaps dropped and adjacent shifts of one user (from different layers) merged.</summary>
    private static List<(string User, DateTime Start, DateTime End)> OnCallIntervals(IEnumerable<OnCallShift> shifts)
    {
        var intervals = new List<(string User, DateTime Start, DateTime End)>();
        foreach (var shift in shifts.Where(s => s.User is not null))
        {
            if (intervals.Count > 0 && intervals[^1] is var last && string.Equals(last.User, shift.User, StringComparison.OrdinalIgnoreCase) && last.End == shift.Start)
            {
                intervals[^1] = (last.User, last.Start, shift.End);
            }
            else
            {
                intervals.Add((shift.User!, shift.Start, shift.End));
            }
        }

        return intervals;
    }

    /// <summary>
    /// Per user (in order of first overlap), the intervals in which both lists have that user on call. Each
    /// list is in order and does not overlap itself, so one pass over both finds every overlap.
    /// </summary>
    private static IEnumerable<(string User, List<(DateTime Start, DateTime End)> Overlaps)> Overlaps(
        List<(string User, DateTime Start, DateTime End)> first, List<(string User, DateTime Start, DateTime End)> second)
    {
        var overlaps = new List<(string User, DateTime Start, DateTime End)>();
        for (int i = 0, j = 0; i < first.Count && j < second.Count;)
        {
            var (a, b) = (first[i], second[j]);
            var (start, end) = (a.Start > b.Start ? a.Start : b.Start, a.End < b.End ? a.End : b.End);
            if (end > start && string.Equals(a.User, b.User, StringComparison.OrdinalIgnoreCase))
            {
                overlaps.Add((a.User, start, end));
            }

            if (a.End <= b.End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return overlaps.OrderBy(o => o.Start)
            .GroupBy(o => o.User, StringComparer.OrdinalIgnoreCase)
            .Select(g => (g.Key, g.Select(o => (o.Start, o.End)).ToList()));
    }
}
