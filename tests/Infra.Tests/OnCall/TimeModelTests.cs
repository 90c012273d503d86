using System.Globalization;
using Infra.Components.OnCall;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;
using NodaTime;

namespace Infra.Tests.OnCall;

/// <summary>
/// One time model for the program and the calendar (docs/oncall.md, "Time model"). For a layer that starts
/// in a DST gap, in a DST overlap, or right at a transition, in zones of three hemispheres (north: Berlin;
/// south: Sydney; west and south, with changes at midnight: Santiago; and Chatham's 45-minute offsets), the
/// layer start the compiled program sends PagerDuty and the first handoff the rendered calendar shows are
/// the same instant; and that instant follows the documented rule (a skipped time moves forward by the
/// gap, a repeated time is the earlier one).
/// </summary>
public sealed class TimeModelTests
{
    public enum Kind
    {
        /// <summary>A wall-clock time the spring change skips.</summary>
        InsideGap,

        /// <summary>A wall-clock time the autumn change repeats.</summary>
        InsideOverlap,

        /// <summary>The first wall-clock time after the skipped ones.</summary>
        GapEnd,

        /// <summary>The first repeated wall-clock time.</summary>
        OverlapStart,
    }

    public static TheoryData<string, Kind> Scenarios()
    {
        var data = new TheoryData<string, Kind>();
        foreach (var zone in new[] { "Europe/Berlin", "Australia/Sydney", "America/Santiago", "Pacific/Chatham" })
        {
            foreach (var kind in Enum.GetValues<Kind>())
            {
                data.Add(zone, kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void TheLayerStartTheProgramSendsIsTheFirstHandoffTheCalendarShows(string zoneId, Kind kind)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var local = LocalTimeOf(zone, kind);

        var compiled = Compile(zoneId, local);
        var config = compiled.Settings.Get(SettingsCatalog.OnCall);
        var schedule = Assert.Single(config.Schedules);

        // What the program sends: the layer's start as RFC 3339 with an offset.
        var layer = (ObjectValue)((ListValue)compiled.Graph.Resources.Single(r => r.Type == "pagerduty:index/schedule:Schedule").Properties["layers"]!).Items[0];
        var sent = DateTimeOffset.ParseExact(((StringValue)layer["start"]!).Text, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

        // What the calendar shows: the first shift of the layer, in the rendered Markdown and in the model.
        var first = RotationCalendar.Final(schedule, config.CalendarStart, config.CalendarWeeks * 7).First(s => s.User is not null);
        Assert.Equal(sent.UtcDateTime, first.Start);
        var markdown = compiled.Graph.Documents.Single(d => d.Path == OnCallStack.CalendarMarkdownPath).Content;
        Assert.Contains($"| {CalendarMarkdown.Local(schedule, first.Start)} |", markdown, StringComparison.Ordinal);
        Assert.Contains($"DTSTART:{first.Start:yyyyMMdd'T'HHmmss'Z'}", compiled.Graph.Documents.Single(d => d.Path == OnCallStack.CalendarIcsPath).Content, StringComparison.Ordinal);

        // And it is the documented rule: java.time's, Temporal's "compatible", Python's fold=0.
        var mapping = zone.MapLocal(local);
        var expected = mapping.Count switch
        {
            0 => (local.PlusTicks((mapping.LateInterval.WallOffset - mapping.EarlyInterval.WallOffset).Ticks)).InZoneStrictly(zone).ToInstant(),
            1 => mapping.Single().ToInstant(),
            _ => mapping.First().ToInstant(),
        };
        Assert.Equal(expected.ToDateTimeUtc(), first.Start);
        Assert.Equal(kind switch { Kind.InsideGap => 0, Kind.GapEnd => 1, _ => 2 }, mapping.Count);

        // Later turns count from the start the program sent (a time in the gap is sent resolved), not from the
        // wall-clock time that was written: the next handoff is one turn of wall-clock time after the sent start.
        var shifts = RotationCalendar.Final(schedule, config.CalendarStart, config.CalendarWeeks * 7).Where(s => s.User is not null).ToList();
        var sentLocal = LocalDateTime.FromDateTime(sent.DateTime);
        var nextLocal = Instant.FromDateTimeUtc(DateTime.SpecifyKind(shifts[1].Start, DateTimeKind.Utc)).InZone(zone).LocalDateTime;
        Assert.Equal(sentLocal.PlusSeconds(schedule.Layers[0].RotationTurnLengthSeconds), nextLocal);
    }

    [Fact]
    public void TheRuleByHandInBerlin()
    {
        var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        // Spring: 02:30 does not exist on 2026-03-29 (02:00 CET becomes 03:00 CEST): sent and shown as 03:30+02:00.
        Assert.Equal("2026-03-29T03:30:00+02:00", OnCallTime.Rfc3339(berlin, new LocalDateTime(2026, 3, 29, 2, 30)));
        // Autumn: 02:30 happens twice on 2026-10-25: the first, still summer time.
        Assert.Equal("2026-10-25T02:30:00+02:00", OnCallTime.Rfc3339(berlin, new LocalDateTime(2026, 10, 25, 2, 30)));
    }

    [Fact]
    public void TheCalendarWindowStartsAtTheFirstValidInstantOfADayWhoseMidnightIsSkipped()
    {
        // Santiago skips 00:00-01:00 on 2026-09-06: the calendar day begins at 01:00 -03:00.
        var santiago = DateTimeZoneProviders.Tzdb["America/Santiago"];
        Assert.Equal(0, santiago.MapLocal(new LocalDateTime(2026, 9, 6, 0, 0)).Count);
        var compiled = Compile("America/Santiago", new LocalDateTime(2026, 9, 1, 9, 0), calendarStart: "2026-09-06");
        var schedule = Assert.Single(compiled.Settings.Get(SettingsCatalog.OnCall).Schedules);
        var first = RotationCalendar.Final(schedule, new DateOnly(2026, 9, 6), 1)[0];
        Assert.Equal("Sun 2026-09-06 01:00 -03:00", CalendarMarkdown.Local(schedule, first.Start));
    }

    /// <summary>The first transition of 2026 of a kind in the zone, and a wall-clock time at or inside it.</summary>
    private static LocalDateTime LocalTimeOf(DateTimeZone zone, Kind kind)
    {
        var intervals = zone.GetZoneIntervals(Instant.FromUtc(2026, 1, 1, 0, 0), Instant.FromUtc(2027, 1, 1, 0, 0)).ToList();
        for (var i = 1; i < intervals.Count; i++)
        {
            var (before, after) = (intervals[i - 1], intervals[i]);
            var change = after.WallOffset - before.WallOffset;
            var transition = after.Start;
            if (change > Offset.Zero && kind is Kind.InsideGap or Kind.GapEnd)
            {
                // The gap: the wall clock jumps from transition+before to transition+after.
                var gapStart = transition.WithOffset(before.WallOffset).LocalDateTime;
                return kind == Kind.GapEnd ? transition.WithOffset(after.WallOffset).LocalDateTime : gapStart.PlusTicks(change.Ticks / 2);
            }

            if (change < Offset.Zero && kind is Kind.InsideOverlap or Kind.OverlapStart)
            {
                // The overlap: the wall clock repeats from transition+after to transition+before.
                var overlapStart = transition.WithOffset(after.WallOffset).LocalDateTime;
                return kind == Kind.OverlapStart ? overlapStart : overlapStart.PlusTicks(-change.Ticks / 2);
            }
        }

        throw new InvalidOperationException($"{zone.Id} has no such transition in 2026");
    }

    private static CompiledStack Compile(string zone, LocalDateTime start, string? calendarStart = null)
    {
        var text = start.ToString("uuuu-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var onCall = $$"""
            {"calendarStart": "{{calendarStart ?? start.Date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)}}", "calendarWeeks": 2,
             "users": [{"email": "a@example.com", "name": "A"}, {"email": "b@example.com", "name": "B"}],
             "schedules": [{"name": "s", "timeZone": "{{zone}}", "layers": [
                {"name": "daily", "start": "{{text}}", "rotationTurnLengthSeconds": 86400, "users": ["a@example.com", "b@example.com"]}]}],
             "escalationPolicies": [{"name": "p", "rules": [{"delayMinutes": 15, "targets": [{"schedule": "s"}]}]}],
             "services": [{"environment": "production", "escalationPolicy": "p"}]}
            """;
        return Stacks.CompileWith(Stacks.First(StackRole.OnCall), new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = onCall });
    }
}
