using Infra.Components.OnCall;
using NodaTime;
using NodaTime.Text;

namespace Infra.Tests.OnCall;

/// <summary>
/// The rotation calendar against hand-worked examples in Europe/Berlin (CEST is UTC+2 until Sunday
/// 2026-10-25 03:00, then CET is UTC+1). Expected instants are written in UTC, worked out by hand.
/// </summary>
public sealed class RotationCalendarTests
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    private static LocalDateTime Local(string text) => LocalDateTimePattern.ExtendedIso.Parse(text).Value;

    private static DateTime Utc(string text) => DateTime.SpecifyKind(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    private static ScheduleLayer Layer(string name, string start, long turn, string[] users, params LayerRestriction[] restrictions) =>
        new(name, Local(start), Local(start), null, turn, users, restrictions);

    private static OnCallSchedule Schedule(params ScheduleLayer[] layers) => new("s", null, "Europe/Berlin", Berlin, layers);

    private static (string? User, DateTime Start, DateTime End)[] Shifts(IEnumerable<OnCallShift> shifts) => [.. shifts.Select(s => (s.User, s.Start, s.End))];

    [Fact]
    public void AWeeklyMonday0900HandoffStaysAt0900LocalAcrossTheEndOfDaylightSavingTime()
    {
        // Turns from Monday 2026-10-12 09:00: a until 10-19 09:00, b until 10-26 09:00, then a again.
        var schedule = Schedule(Layer("weekly", "2026-10-12T09:00:00", 604_800, ["a", "b"]));

        var shifts = RotationCalendar.Final(schedule, new DateOnly(2026, 10, 19), 14);

        Assert.Equal(
        [
            ("a", Utc("2026-10-18T22:00:00"), Utc("2026-10-19T07:00:00")), // midnight and 09:00 CEST
            ("b", Utc("2026-10-19T07:00:00"), Utc("2026-10-26T08:00:00")), // 09:00 CEST to 09:00 CET
            ("a", Utc("2026-10-26T08:00:00"), Utc("2026-11-01T23:00:00")), // 09:00 CET to midnight CET
        ], Shifts(shifts));

        // The turn that spans the change lasts a week and an hour of real time.
        Assert.Equal(TimeSpan.FromHours(169), shifts[1].End - shifts[1].Start);
    }

    [Fact]
    public void AWeeklyHandoffAcrossTheStartOfDaylightSavingTimeLastsAnHourLess()
    {
        // Summer time starts Sunday 2026-03-29 02:00 CET (to 03:00 CEST). Turns from Monday 2026-03-16 09:00: a, b, a.
        var schedule = Schedule(Layer("weekly", "2026-03-16T09:00:00", 604_800, ["a", "b"]));

        var shifts = RotationCalendar.Final(schedule, new DateOnly(2026, 3, 23), 14);

        Assert.Equal(
        [
            ("a", Utc("2026-03-22T23:00:00"), Utc("2026-03-23T08:00:00")), // midnight and 09:00 CET
            ("b", Utc("2026-03-23T08:00:00"), Utc("2026-03-30T07:00:00")), // 09:00 CET to 09:00 CEST
            ("a", Utc("2026-03-30T07:00:00"), Utc("2026-04-05T22:00:00")), // 09:00 CEST to midnight CEST
        ], Shifts(shifts));
        Assert.Equal(TimeSpan.FromHours(167), shifts[1].End - shifts[1].Start);
    }

    [Fact]
    public void ABusinessHoursRestrictionLeavesNobodyOnCallOutsideItsWindows()
    {
        // Daily turns from Monday 2026-11-30 09:00 (a, then b), covering only 09:00-17:00 local (CET, UTC+1).
        var businessHours = new LayerRestriction(RestrictionKind.Daily, null, TimeSpan.FromHours(9), 8 * 3600);
        var schedule = Schedule(Layer("business-hours", "2026-11-30T09:00:00", 86_400, ["a", "b"], businessHours));

        var shifts = RotationCalendar.Final(schedule, new DateOnly(2026, 11, 30), 2);

        Assert.Equal(
        [
            (null, Utc("2026-11-29T23:00:00"), Utc("2026-11-30T08:00:00")),
            ("a", Utc("2026-11-30T08:00:00"), Utc("2026-11-30T16:00:00")),
            (null, Utc("2026-11-30T16:00:00"), Utc("2026-12-01T08:00:00")),
            ("b", Utc("2026-12-01T08:00:00"), Utc("2026-12-01T16:00:00")),
            (null, Utc("2026-12-01T16:00:00"), Utc("2026-12-01T23:00:00")),
        ], Shifts(shifts));
    }

    [Fact]
    public void AWeeklyRestrictionCoversTheWeekendOnly()
    {
        // Saturday 00:00 for two days; one user, weekly turns.
        var weekend = new LayerRestriction(RestrictionKind.Weekly, 6, TimeSpan.Zero, 2 * 86_400);
        var schedule = Schedule(Layer("weekend", "2026-11-30T00:00:00", 604_800, ["w"], weekend));

        var shifts = RotationCalendar.Final(schedule, new DateOnly(2026, 11, 30), 7).Where(s => s.User is not null);

        Assert.Equal([("w", Utc("2026-12-04T23:00:00"), Utc("2026-12-06T23:00:00"))], Shifts(shifts));
    }

    [Fact]
    public void AnUpperLayerOverridesTheLowerOneOnlyWhereItHasSomeoneOnCall()
    {
        // Layer 1: x all week. Layer 2: y every day 09:00-17:00 local. Final: x at night, y by day.
        var daytime = new LayerRestriction(RestrictionKind.Daily, null, TimeSpan.FromHours(9), 8 * 3600);
        var schedule = Schedule(
            Layer("base", "2026-11-30T00:00:00", 604_800, ["x"]),
            Layer("day", "2026-11-30T00:00:00", 86_400, ["y"], daytime));

        var shifts = RotationCalendar.Final(schedule, new DateOnly(2026, 11, 30), 2);

        Assert.Equal(
        [
            ("x", Utc("2026-11-29T23:00:00"), Utc("2026-11-30T08:00:00")),
            ("y", Utc("2026-11-30T08:00:00"), Utc("2026-11-30T16:00:00")),
            ("x", Utc("2026-11-30T16:00:00"), Utc("2026-12-01T08:00:00")),
            ("y", Utc("2026-12-01T08:00:00"), Utc("2026-12-01T16:00:00")),
            ("x", Utc("2026-12-01T16:00:00"), Utc("2026-12-01T23:00:00")),
        ], Shifts(shifts));
        Assert.Equal(["base", "day", "base", "day", "base"], shifts.Select(s => s.Layer));
    }

    [Fact]
    public void TheRotationVirtualStartFixesTheOrderBeforeTheLayerStarts()
    {
        // Daily turns counted from Monday 2026-11-30 09:00 (a, b, c), but the layer starts Wednesday 09:00: c first.
        var layer = new ScheduleLayer("daily", Local("2026-12-02T09:00:00"), Local("2026-11-30T09:00:00"), null, 86_400, ["a", "b", "c"], []);
        var schedule = Schedule(layer);

        var shifts = RotationCalendar.Final(schedule, new DateOnly(2026, 12, 2), 2);

        Assert.Equal(
        [
            (null, Utc("2026-12-01T23:00:00"), Utc("2026-12-02T08:00:00")),
            ("c", Utc("2026-12-02T08:00:00"), Utc("2026-12-03T08:00:00")),
            ("a", Utc("2026-12-03T08:00:00"), Utc("2026-12-03T23:00:00")),
        ], Shifts(shifts));
    }
}
