using System.Globalization;
using NodaTime;
using NodaTime.TimeZones;

namespace Infra.Components.OnCall;

/// <summary>
/// The one time model of the on-call stack: the program's layer times and every handoff of the rotation
/// calendar go through <see cref="Resolve"/>, so what PagerDuty is sent and what the calendar shows are
/// the same instants. Rotation arithmetic runs on "local seconds" (a wall-clock time of the schedule's
/// zone counted as if it were UTC), which is how turns keep their local handoff time across DST.
/// </summary>
public static class OnCallTime
{
    /// <summary>Earliest and latest year of any on-call date: keeps every sum of seconds far from overflow.</summary>
    public const int MinYear = 2000;

    public const int MaxYear = 2100;

    /// <summary>
    /// A wall-clock time skipped by a DST change moves forward by the length of the gap (02:30 on the spring
    /// night is 03:30 of the new offset); a repeated one is the earlier of the two (the first 02:30 in
    /// autumn). NodaTime's lenient resolver; the same rule as java.time, Temporal's "compatible" and
    /// Python's fold=0 (docs/oncall.md cites each).
    /// </summary>
    public static readonly ZoneLocalMappingResolver Resolver = Resolvers.LenientResolver;

    public static Instant Resolve(DateTimeZone zone, LocalDateTime local) => zone.ResolveLocal(local, Resolver).ToInstant();

    /// <summary>
    /// The wall-clock time a layer really starts at: a skipped time becomes the resolved one (02:30 in the spring
    /// gap is 03:30), what the program sends; later turns count from it, as PagerDuty counts from the start it got.
    /// </summary>
    public static LocalDateTime Normalize(DateTimeZone zone, LocalDateTime local) => zone.ResolveLocal(local, Resolver).LocalDateTime;

    /// <summary>A local-seconds value (see the class) resolved to a UTC <see cref="DateTime"/>.</summary>
    public static DateTime ResolveUtc(DateTimeZone zone, long localSeconds) =>
        Resolve(zone, FromLocalSeconds(localSeconds)).ToDateTimeUtc();

    public static long LocalSeconds(LocalDateTime local) => local.InUtc().ToInstant().ToUnixTimeSeconds();

    public static LocalDateTime FromLocalSeconds(long seconds) => Instant.FromUnixTimeSeconds(seconds).InUtc().LocalDateTime;

    /// <summary>A wall-clock time of the zone as RFC 3339 with the offset the resolver picks (what the program sends).</summary>
    public static string Rfc3339(DateTimeZone zone, LocalDateTime local)
    {
        var zoned = zone.ResolveLocal(local, Resolver);
        return zoned.LocalDateTime.ToString("uuuu-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + Offset(zoned.Offset);
    }

    /// <summary>A UTC instant as the zone's wall-clock time with its offset, e.g. <c>Mon 2026-11-30 09:00 +01:00</c>.</summary>
    public static string Display(DateTimeZone zone, DateTime utc)
    {
        var zoned = Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(zone);
        return zoned.LocalDateTime.ToString("ddd uuuu-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + Offset(zoned.Offset);
    }

    private static string Offset(Offset offset)
    {
        var seconds = offset.Seconds;
        var sign = seconds < 0 ? "-" : "+";
        seconds = Math.Abs(seconds);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{seconds / 3600:00}:{seconds / 60 % 60:00}");
    }
}
