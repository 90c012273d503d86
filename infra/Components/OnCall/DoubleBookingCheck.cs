using System.Globalization;

namespace Infra.Components.OnCall;

/// <summary>
/// Finds, over the rendered calendar window, the people who are on call for two different rules of one
/// escalation policy at the same moment (docs/oncall.md, "Escalation overlaps"). A schedule target is on
/// call as <see cref="RotationCalendar.Final"/> says; a user target is on call all the time. Two user
/// targets are not compared: naming the same person in two rules is explicit, not a rotation accident.
/// </summary>
public static class DoubleBookingCheck
{
    public static IReadOnlyList<DoubleBooking> Find(OnCallConfig config, int days)
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

        return found;
    }

    /// <summary>The warning the compile prints for a double booking: the policy, both targets, the user, the first interval, and the fix.</summary>
    public static string Warning(OnCallConfig config, DoubleBooking booking) =>
        $"escalation policy '{booking.Policy}' pages {CalendarMarkdown.Display(config.User(booking.User))} twice: on call for {booking.First} and {booking.Second} " +
        $"at the same time, first from {CalendarMarkdown.Local(booking.Schedule, booking.Start)} to {CalendarMarkdown.Local(booking.Schedule, booking.End)} " +
        $"({booking.Total.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h in the {config.CalendarWeeks}-week calendar), so the escalation pages the same person again instead of a second responder; " +
        "give the rules' schedules different people at every moment (e.g. keep the business-hours users out of the weekly rotations, or offset the secondary's rotation by one)";

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

    /// <summary>Per user (in order of first overlap), the intervals in which both lists have that user on call.</summary>
    private static IEnumerable<(string User, List<(DateTime Start, DateTime End)> Overlaps)> Overlaps(
        IReadOnlyList<(string User, DateTime Start, DateTime End)> first, IReadOnlyList<(string User, DateTime Start, DateTime End)> second)
    {
        var overlaps = new List<(string User, DateTime Start, DateTime End)>();
        foreach (var a in first)
        {
            foreach (var b in second.Where(b => string.Equals(a.User, b.User, StringComparison.OrdinalIgnoreCase)))
            {
                var (start, end) = (a.Start > b.Start ? a.Start : b.Start, a.End < b.End ? a.End : b.End);
                if (end > start)
                {
                    overlaps.Add((a.User, start, end));
                }
            }
        }

        return overlaps.OrderBy(o => o.Start)
            .GroupBy(o => o.User, StringComparer.OrdinalIgnoreCase)
            .Select(g => (g.Key, g.Select(o => (o.Start, o.End)).ToList()));
    }
}
