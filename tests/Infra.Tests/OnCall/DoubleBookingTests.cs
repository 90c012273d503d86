using Infra.Components.OnCall;
using Infra.Config;
using Infra.Tests.Support;

namespace Infra.Tests.OnCall;

/// <summary>
/// The escalation overlap check: a person on call for two rules of one escalation policy at the same
/// moment is found over the rendered window (hand-worked example in Europe/Berlin, CET = UTC+1 all week)
/// and printed as a warning; the example on-call stacks have none.
/// </summary>
public sealed class DoubleBookingTests
{
    // Worked for the week of Monday 2026-11-30 (the check is given 7 days). primary: weekly [b, a] from Monday 2026-11-23 09:00 (so a from 11-30 09:00),
    // overridden 09:00-17:00 every day by daily turns [y, b] from 11-30 09:00 (y Mon, b Tue, y Wed, b Thu,
    // y Fri, b Sat, y Sun). secondary: weekly [a, b] from the same start (a until 11-30 09:00, then b).
    // Rule 3 pages a directly; policy 'one-step' has both schedules in one rule.
    private const string DoubleBooked = """
        {"calendarStart": "2026-11-30", "calendarWeeks": 2,
         "users": [{"email": "a@example.com", "name": "A"}, {"email": "b@example.com", "name": "B"},
                   {"email": "y@example.com", "name": "Y"}, {"email": "m@example.com", "name": "M"}],
         "schedules": [
           {"name": "primary", "timeZone": "Europe/Berlin", "layers": [
             {"name": "weekly", "start": "2026-11-23T09:00:00", "rotationTurnLengthSeconds": 604800, "users": ["b@example.com", "a@example.com"]},
             {"name": "day", "start": "2026-11-30T09:00:00", "rotationTurnLengthSeconds": 86400, "users": ["y@example.com", "b@example.com"],
              "restrictions": [{"type": "daily_restriction", "startTimeOfDay": "09:00:00", "durationSeconds": 28800}]}]},
           {"name": "secondary", "timeZone": "Europe/Berlin", "layers": [
             {"name": "weekly", "start": "2026-11-23T09:00:00", "rotationTurnLengthSeconds": 604800, "users": ["a@example.com", "b@example.com"]}]}],
         "escalationPolicies": [
           {"name": "p", "rules": [
             {"delayMinutes": 15, "targets": [{"schedule": "primary"}]},
             {"delayMinutes": 15, "targets": [{"schedule": "secondary"}]},
             {"delayMinutes": 30, "targets": [{"user": "a@example.com"}]},
             {"delayMinutes": 30, "targets": [{"user": "a@example.com"}, {"user": "m@example.com"}]}]},
           {"name": "one-step", "rules": [
             {"delayMinutes": 15, "targets": [{"schedule": "primary"}, {"schedule": "secondary"}]},
             {"delayMinutes": 30, "targets": [{"user": "m@example.com"}]}]}],
         "services": [{"environment": "production", "escalationPolicy": "p"}]}
        """;

    private static DateTime Utc(string text) => DateTime.SpecifyKind(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    private static OnCallConfig Parse(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var (config, error) = OnCallConfigParser.Parse(document.RootElement);
        Assert.Null(error);
        return config!;
    }

    [Fact]
    public void APersonOnCallForTwoRulesAtOnceIsFoundWithTheFirstIntervalAndTheTotal()
    {
        var found = DoubleBookingCheck.Check(Parse(DoubleBooked), 7).Bookings;

        Assert.Equal(
        [
            // b by day on Tue, Thu and Sat in primary while secondary all week: first Tue 09:00-17:00 CET.
            ("p", "schedule 'primary' (rule 1)", "schedule 'secondary' (rule 2)", "b@example.com", Utc("2026-12-01T08:00:00"), Utc("2026-12-01T16:00:00"), TimeSpan.FromHours(24)),
            // a in primary from Mon 17:00 (after y's day) to the end of the window, less the seven 8-hour days: 159 - 56 hours.
            ("p", "schedule 'primary' (rule 1)", "the user target of rule 3", "a@example.com", Utc("2026-11-30T16:00:00"), Utc("2026-12-01T08:00:00"), TimeSpan.FromHours(103)),
            // Rule 4 names a again (with m, who is on call nowhere); rules 3 and 4, both user targets, are not compared.
            ("p", "schedule 'primary' (rule 1)", "the user target of rule 4", "a@example.com", Utc("2026-11-30T16:00:00"), Utc("2026-12-01T08:00:00"), TimeSpan.FromHours(103)),
            // a in secondary from midnight to Mon 09:00.
            ("p", "schedule 'secondary' (rule 2)", "the user target of rule 3", "a@example.com", Utc("2026-11-29T23:00:00"), Utc("2026-11-30T08:00:00"), TimeSpan.FromHours(9)),
            ("p", "schedule 'secondary' (rule 2)", "the user target of rule 4", "a@example.com", Utc("2026-11-29T23:00:00"), Utc("2026-11-30T08:00:00"), TimeSpan.FromHours(9)),
        ], found.Select(f => (f.Policy, f.First, f.Second, f.User, f.Start, f.End, f.Total)));
    }

    [Fact]
    public void TheCompilePrintsADoubleBookingAsAWarningNamingThePolicySchedulesUserIntervalAndFix()
    {
        // The cycle: both weekly layers repeat every 2 weeks, the daily one every 2 days, from the last layer
        // start (Mon 09:00): 15 days. b overlaps only in the first week (Tue, Thu, Sat): secondary is a in the second.
        var compiled = Stacks.CompileWith(Stacks.First(StackRole.OnCall), new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = DoubleBooked });

        var warning = Assert.Single(compiled.Graph.Warnings, w => w.StartsWith("escalation policy 'p' pages B <b@example.com>", StringComparison.Ordinal));
        Assert.Equal(
            "escalation policy 'p' pages B <b@example.com> twice: on call for schedule 'primary' (rule 1) and schedule 'secondary' (rule 2) at the same time, " +
            "first from Tue 2026-12-01 09:00 +01:00 to Tue 2026-12-01 17:00 +01:00 (24 h in the 15 days checked from 2026-11-30, the rotations' whole cycle), so the escalation pages the same person again " +
            "instead of a second responder; give the rules' schedules different people at every moment (e.g. keep the business-hours users out of the weekly " +
            "rotations, or offset the secondary's rotation by one)",
            warning);
        Assert.Equal(4, compiled.Graph.Warnings.Count(w => w.StartsWith("escalation policy 'p' pages A <a@example.com> twice", StringComparison.Ordinal)));
        Assert.DoesNotContain(compiled.Graph.Warnings, w => w.StartsWith("escalation policy 'one-step'", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(OnCallConfigTests.OnCallStacks), MemberType = typeof(OnCallConfigTests))]
    public void TheOnCallStacksPageADifferentPersonAtEveryStep(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var config = compiled.Settings.Get(SettingsCatalog.OnCall);

        var check = DoubleBookingCheck.Check(config);
        Assert.Empty(check.Bookings);
        Assert.False(check.Truncated);
        Assert.True(check.Days >= config.CalendarWeeks * 7);
        Assert.DoesNotContain(compiled.Graph.Warnings, w => w.StartsWith("escalation policy ", StringComparison.Ordinal));
    }

    // Primary: weekly [a, b, c]; secondary: weekly [c, a]; both from Monday 2026-11-30 09:00, a 2-week calendar.
    // Weeks: (a, c), (b, a), (c, c), (a, a), (b, c), (c, a), then again: c overlaps in week 3 and a in week 4,
    // both outside the calendar but inside the 6-week common cycle.
    private const string LaterInTheCycle = """
        {"calendarStart": "2026-11-30", "calendarWeeks": 2,
         "users": [{"email": "a@example.com", "name": "A"}, {"email": "b@example.com", "name": "B"}, {"email": "c@example.com", "name": "C"}],
         "schedules": [
           {"name": "primary", "timeZone": "Europe/Berlin", "layers": [
             {"name": "weekly", "start": "2026-11-30T09:00:00", "rotationTurnLengthSeconds": 604800, "users": ["a@example.com", "b@example.com", "c@example.com"]}]},
           {"name": "secondary", "timeZone": "Europe/Berlin", "layers": [
             {"name": "weekly", "start": "2026-11-30T09:00:00", "rotationTurnLengthSeconds": 604800, "users": ["c@example.com", "a@example.com"]}]}],
         "escalationPolicies": [{"name": "p", "rules": [
             {"delayMinutes": 15, "targets": [{"schedule": "primary"}]}, {"delayMinutes": 15, "targets": [{"schedule": "secondary"}]}]}],
         "services": [{"environment": "production", "escalationPolicy": "p"}]}
        """;

    [Fact]
    public void TheCheckCoversTheRotationsWholeCycleNotOnlyTheCalendar()
    {
        var config = Parse(LaterInTheCycle);
        Assert.Empty(DoubleBookingCheck.Check(config, config.CalendarWeeks * 7).Bookings);

        var check = DoubleBookingCheck.Check(config);

        // lcm(3 weeks, 2 weeks) = 42 days, after the layers' start at 09:00 of the first day: 43 days.
        Assert.Equal(42, check.CycleDays);
        Assert.Equal(43, check.Days);
        Assert.False(check.Truncated);
        Assert.Equal(
        [
            ("c@example.com", Utc("2026-12-14T08:00:00"), Utc("2026-12-21T08:00:00"), TimeSpan.FromDays(7)),
            ("a@example.com", Utc("2026-12-21T08:00:00"), Utc("2026-12-28T08:00:00"), TimeSpan.FromDays(7)),
        ], check.Bookings.Select(b => (b.User, b.Start, b.End, b.Total)));
    }

    [Fact]
    public void ACycleLongerThanTheLimitIsCheckedUpToTheLimitAndSaysSo()
    {
        // Turns of 3601 s with two people and of a day with one: the cycle is 3601 days.
        var config = LaterInTheCycle
            .Replace("\"rotationTurnLengthSeconds\": 604800, \"users\": [\"a@example.com\", \"b@example.com\", \"c@example.com\"]", "\"rotationTurnLengthSeconds\": 3601, \"users\": [\"a@example.com\", \"b@example.com\"]", StringComparison.Ordinal)
            .Replace("\"rotationTurnLengthSeconds\": 604800, \"users\": [\"c@example.com\", \"a@example.com\"]", "\"rotationTurnLengthSeconds\": 86400, \"users\": [\"c@example.com\"]", StringComparison.Ordinal);
        var check = DoubleBookingCheck.Check(Parse(config));
        Assert.True(check.Truncated);
        Assert.Equal(Components.OnCall.OnCallLimits.MaxCycleCheckDays, check.Days);

        var compiled = Stacks.CompileWith(Stacks.First(StackRole.OnCall), new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = config });
        Assert.Contains(compiled.Graph.Warnings, w => w.StartsWith($"the double-booking check covered {Components.OnCall.OnCallLimits.MaxCycleCheckDays} days from 2026-11-30, less than the rotations' whole cycle", StringComparison.Ordinal));
    }
}
