using System.Globalization;
using System.Text;

namespace Infra.Components.OnCall;

/// <summary>
/// The rotation calendar as an iCalendar file (RFC 5545) that calendars can import again after a change:
/// one event per turn of each schedule's final rotation, whole (never cut at the window's edges), so its
/// UID (the turn's start and the schedule) is the same whatever <c>calendarStart</c> is. A changed event
/// keeps its UID and gets a higher SEQUENCE and a later DTSTAMP than in the earlier file (render passes its
/// earlier copy); neither comes from the clock, so the same inputs give the same bytes. Written here, not
/// with Ical.Net, whose trim warnings (IL2104) fail the Native AOT build (docs/oncall.md); the tests parse it with Ical.Net.
/// </summary>
public static class CalendarIcs
{
    private const int MaxOctets = 75;
    private const long Day = 86_400;

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
        foreach (var schedule in config.Schedules)
        {
            foreach (var shift in Turns(schedule, config.CalendarStart, days))
            {
                var user = config.User(shift.User!);
                var uid = $"{Utc(shift.Start)}-{Slug(schedule.Name)}@oncall.observability";
                var content = new Event(
                    Utc(shift.End),
                    Escape($"On call: {(user.Name == user.Email ? user.Email : user.Name)} ({schedule.Name})"),
                    Escape($"{CalendarMarkdown.Display(user)} is on call for schedule {schedule.Name}, layer {shift.Layer} ({schedule.TimeZoneId})."),
                    Escape(schedule.Name),
                    0,
                    firstStamp);
                var (sequence, stamp) = previous.TryGetValue(uid, out var before)
                    ? content.SameAs(before) ? (before.Sequence, before.Stamp) : (before.Sequence + 1, Later(before.Stamp, firstStamp))
                    : (0, firstStamp);
                lines.AddRange(
                [
                    "BEGIN:VEVENT",
                    $"UID:{uid}",
                    $"SEQUENCE:{sequence.ToString(CultureInfo.InvariantCulture)}",
                    $"DTSTAMP:{Utc(stamp)}",
                    $"DTSTART:{Utc(shift.Start)}",
                    $"DTEND:{content.End}",
                    $"SUMMARY:{content.Summary}",
                    $"DESCRIPTION:{content.Description}",
                    $"CATEGORIES:{content.Categories}",
                    "TRANSP:TRANSPARENT",
                    "END:VEVENT",
                ]);
            }
        }

        lines.Add("END:VCALENDAR");
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(line, text);
        }

        return text.ToString();
    }

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

    /// <summary>The events of an earlier file by UID (its SEQUENCE, DTSTAMP and content); a file that is not one of ours gives none.</summary>
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
                if (current.TryGetValue("UID", out var uid)
                    && int.TryParse(current.GetValueOrDefault("SEQUENCE", "0"), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                    && DateTime.TryParseExact(current.GetValueOrDefault("DTSTAMP", string.Empty), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var stamp))
                {
                    events[uid] = new Event(current.GetValueOrDefault("DTEND", string.Empty), current.GetValueOrDefault("SUMMARY", string.Empty),
                        current.GetValueOrDefault("DESCRIPTION", string.Empty), current.GetValueOrDefault("CATEGORIES", string.Empty), sequence, stamp);
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

    /// <summary>One event's content as written (escaped), with its SEQUENCE and DTSTAMP.</summary>
    internal sealed record Event(string End, string Summary, string Description, string Categories, int Sequence, DateTime Stamp)
    {
        public bool SameAs(Event other) => End == other.End && Summary == other.Summary && Description == other.Description && Categories == other.Categories;
    }

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
