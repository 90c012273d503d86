using System.Globalization;
using System.Text;

namespace Infra.Components.OnCall;

/// <summary>
/// The rotation calendar as an iCalendar file (RFC 5545) that calendars can import again after a change:
/// one event per turn of each schedule's final rotation, whole (never cut at the window's edges), so its
/// UID (the turn's start and the schedule) is the same whatever <c>calendarStart</c> is. Revised against the
/// last published copy (the project's <c>publishedCalendar</c>, else an earlier render): a changed event
/// keeps its UID and gets a higher SEQUENCE and a later DTSTAMP, a turn that no longer exists is written
/// as STATUS:CANCELLED with a higher SEQUENCE, so an importer removes it. Nothing comes from the clock, so
/// the same inputs give the same bytes. Written here, not with Ical.Net, whose trim warnings (IL2104) fail
/// the Native AOT build (docs/oncall.md); the tests parse it with Ical.Net.
/// </summary>
public static class CalendarIcs
{
    private const int MaxOctets = 75;
    private const long Day = 86_400;
    private const string UidSuffix = "@oncall.observability";

    public static string Write(OnCallConfig config, int days, string? earlier = null)
    {
        var previous = earlier is null ? new Dictionary<string, Event>(StringComparer.Ordinal) : Read(earlier);
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//observability//on-call calendar//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:On call",
        };
        var firstStamp = config.CalendarStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var written = new HashSet<string>(StringComparer.Ordinal);
        var windows = new Dictionary<string, (DateTime Start, DateTime Reach)>(StringComparer.Ordinal);
        foreach (var schedule in config.Schedules)
        {
            var slug = Slug(schedule.Name);
            var windowStart = OnCallTime.ResolveUtc(schedule.Zone, RotationCalendar.Midnight(config.CalendarStart));

            // Turns the published copy has past the window (it was longer) are revised too, never left stale: look as
            // far as its last event, within the longest window a stack may have.
            var published = previous.Where(e => SlugOf(e.Key) == slug).Select(e => e.Value.EndUtc).DefaultIfEmpty(windowStart).Max();
            var reachDays = Math.Clamp((int)Math.Ceiling((published - windowStart).TotalDays) + 1, days, (OnCallConfigParser.MaxCalendarWeeks + 1) * 7);
            windows[slug] = (windowStart, windowStart.AddDays(reachDays));
            var windowEnd = OnCallTime.ResolveUtc(schedule.Zone, RotationCalendar.Midnight(config.CalendarStart) + (days * Day));
            foreach (var shift in Turns(schedule, config.CalendarStart, reachDays))
            {
                var uid = $"{Utc(shift.Start)}-{slug}{UidSuffix}";
                if (!(shift.End > windowStart && shift.Start < windowEnd) && !previous.ContainsKey(uid))
                {
                    continue;
                }

                var user = config.User(shift.User!);
                var content = new Event(
                    Utc(shift.Start),
                    Utc(shift.End),
                    Escape($"On call: {(user.Name == user.Email ? user.Email : user.Name)} ({schedule.Name})"),
                    Escape($"{CalendarMarkdown.Display(user)} is on call for schedule {schedule.Name}, layer {shift.Layer} ({schedule.TimeZoneId})."),
                    Escape(schedule.Name),
                    Cancelled: false,
                    0,
                    firstStamp);
                written.Add(uid);
                lines.AddRange(Lines(uid, Revised(content, previous.GetValueOrDefault(uid), firstStamp)));
            }
        }

        // Published events of turns that no longer exist (a shorter rotation, a user removed, a schedule renamed):
        // cancelled, so that a calendar that imported them removes them. Past ones are dropped; one beyond the
        // reach of the revision (a window moved back by more than its length) is kept as published.
        foreach (var (uid, before) in previous.Where(e => !written.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var window = windows.GetValueOrDefault(SlugOf(uid));
            var windowStart = window == default ? firstStamp : window.Start;
            if (before.EndUtc <= windowStart)
            {
                continue;
            }

            lines.AddRange(Lines(uid, window != default && before.StartUtc >= window.Reach ? before : Revised(before with { Cancelled = true }, before, firstStamp)));
        }

        lines.Add("END:VCALENDAR");
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(line, text);
        }

        return text.ToString();
    }

    /// <summary>The event with the SEQUENCE and DTSTAMP of its earlier copy if unchanged, else one higher and one second later.</summary>
    private static Event Revised(Event content, Event? before, DateTime firstStamp) => before is null
        ? content with { Sequence = 0, Stamp = firstStamp }
        : content.SameAs(before)
            ? content with { Sequence = before.Sequence, Stamp = before.Stamp }
            : content with { Sequence = before.Sequence + 1, Stamp = Later(before.Stamp, firstStamp) };

    private static string[] Lines(string uid, Event e) =>
    [
        "BEGIN:VEVENT",
        $"UID:{uid}",
        $"SEQUENCE:{e.Sequence.ToString(CultureInfo.InvariantCulture)}",
        $"DTSTAMP:{Utc(e.Stamp)}",
        $"DTSTART:{e.Start}",
        $"DTEND:{e.End}",
        $"SUMMARY:{e.Summary}",
        $"DESCRIPTION:{e.Description}",
        $"CATEGORIES:{e.Categories}",
        .. e.Cancelled ? new[] { "STATUS:CANCELLED" } : [],
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ];

    /// <summary>
    /// The turns with someone on call that overlap the window, whole: computed from one longest turn (and a
    /// day, for DST) before the window to one after it, so neither edge cuts an event.
    /// </summary>
    internal static IEnumerable<OnCallShift> Turns(OnCallSchedule schedule, DateOnly from, int days)
    {
        var margin = schedule.Layers.Max(l => l.RotationTurnLengthSeconds) + Day;
        var start = RotationCalendar.Midnight(from);
        var end = start + (days * Day);
        var (windowStart, windowEnd) = (OnCallTime.ResolveUtc(schedule.Zone, start), OnCallTime.ResolveUtc(schedule.Zone, end));
        return RotationCalendar.Final(schedule, start - margin, end + margin, splitTurns: true)
            .Where(s => s.User is not null && s.End > windowStart && s.Start < windowEnd);
    }

    /// <summary>
    /// The events of an earlier file by UID (times, content as written, status, SEQUENCE, DTSTAMP). An event
    /// that is not one of ours (no UID of this writer, unreadable times, a control character) is ignored.
    /// </summary>
    internal static Dictionary<string, Event> Read(string earlier)
    {
        var events = new Dictionary<string, Event>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        foreach (var line in Unfold(earlier))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = colon < 0 ? (line, string.Empty) : (line[..colon], line[(colon + 1)..]);
            if (line == "BEGIN:VEVENT")
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            else if (line == "END:VEVENT" && current is not null)
            {
                if (current.TryGetValue("UID", out var uid) && uid.EndsWith(UidSuffix, StringComparison.Ordinal)
                    && int.TryParse(current.GetValueOrDefault("SEQUENCE", "0"), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                    && Time(current.GetValueOrDefault("DTSTAMP")) is { } stamp
                    && Time(current.GetValueOrDefault("DTSTART")) is not null
                    && Time(current.GetValueOrDefault("DTEND")) is not null
                    && !current.Values.Any(v => v.Any(char.IsControl)))
                {
                    events[uid] = new Event(current["DTSTART"], current["DTEND"], current.GetValueOrDefault("SUMMARY", string.Empty),
                        current.GetValueOrDefault("DESCRIPTION", string.Empty), current.GetValueOrDefault("CATEGORIES", string.Empty),
                        current.GetValueOrDefault("STATUS") == "CANCELLED", sequence, stamp);
                }

                current = null;
            }
            else if (current is not null)
            {
                current[name] = value;
            }
        }

        return events;
    }

    /// <summary>One event as written (UTC times, escaped text), whether cancelled, with its SEQUENCE and DTSTAMP.</summary>
    internal sealed record Event(string Start, string End, string Summary, string Description, string Categories, bool Cancelled, int Sequence, DateTime Stamp)
    {
        public DateTime StartUtc => Time(Start) ?? DateTime.MinValue;

        public DateTime EndUtc => Time(End) ?? DateTime.MinValue;

        public bool SameAs(Event other) => Start == other.Start && End == other.End && Summary == other.Summary && Description == other.Description
            && Categories == other.Categories && Cancelled == other.Cancelled;
    }

    /// <summary>The schedule part of a UID: after the start (16 characters and '-'), before the suffix.</summary>
    private static string SlugOf(string uid) => uid.Length > 17 + UidSuffix.Length ? uid[17..^UidSuffix.Length] : string.Empty;

    private static DateTime? Time(string? value) =>
        DateTime.TryParseExact(value ?? string.Empty, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    /// <summary>A DTSTAMP later than the earlier one (by a second) and never before the calendar's first day.</summary>
    private static DateTime Later(DateTime earlier, DateTime first) => earlier.AddSeconds(1) > first ? earlier.AddSeconds(1) : first;

    private static IEnumerable<string> Unfold(string text)
    {
        var current = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                current.Append(line, 1, line.Length - 1);
                continue;
            }

            if (current.Length > 0)
            {
                yield return current.ToString();
            }

            current.Clear().Append(line);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    /// <summary>RFC 5545 3.1: a line longer than 75 octets continues on the next line after CRLF and one space; never inside a UTF-8 character.</summary>
    internal static void Fold(string line, StringBuilder text)
    {
        var octets = 0;
        var limit = MaxOctets;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                text.Append("\r\n ");
                octets = 0;
                limit = MaxOctets - 1; // the leading space counts
            }

            text.Append(rune.ToString());
            octets += size;
        }

        text.Append("\r\n");
    }

    /// <summary>
    /// RFC 5545 3.3.11 TEXT: backslash, semicolon, comma and newline escaped. Control characters cannot be
    /// written in TEXT at all; the config parser refuses them, so meeting one here is a bug.
    /// </summary>
    internal static string Escape(string value)
    {
        if (value.Any(c => char.IsControl(c) && c != '\n'))
        {
            throw new InvalidOperationException("a control character reached the calendar file; OnCallConfigParser must refuse it");
        }

        return value
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    private static string Utc(DateTime utc) => utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    internal static string Slug(string name) => OnCallStack.Slug(name);
}
