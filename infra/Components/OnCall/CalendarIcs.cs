using System.Globalization;
using System.Text;

namespace Infra.Components.OnCall;

/// <summary>
/// The rotation calendar as an iCalendar file (RFC 5545), one event per shift of each schedule's final
/// rotation. Written by hand (Ical.Net needs NodaTime, which the package registry here does not serve):
/// CRLF line ends, lines folded at 75 octets, times in UTC, and for reproducible output a UID made of the
/// schedule and the shift's start, and DTSTAMP set to the calendar's first day rather than the clock.
/// </summary>
public static class CalendarIcs
{
    private const int MaxOctets = 75;

    public static string Write(OnCallConfig config, int days)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//observability//on-call calendar//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:On call",
        };
        var stamp = Utc(config.CalendarStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        foreach (var schedule in config.Schedules)
        {
            foreach (var shift in RotationCalendar.Final(schedule, config.CalendarStart, days).Where(s => s.User is not null))
            {
                var user = config.User(shift.User!);
                lines.AddRange(
                [
                    "BEGIN:VEVENT",
                    $"UID:{Utc(shift.Start)}-{Slug(schedule.Name)}@oncall.observability",
                    $"DTSTAMP:{stamp}",
                    $"DTSTART:{Utc(shift.Start)}",
                    $"DTEND:{Utc(shift.End)}",
                    $"SUMMARY:{Escape($"On call: {(user.Name == user.Email ? user.Email : user.Name)} ({schedule.Name})")}",
                    $"DESCRIPTION:{Escape($"{CalendarMarkdown.Display(user)} is on call for schedule {schedule.Name}, layer {shift.Layer} ({schedule.TimeZoneId}).")}",
                    $"CATEGORIES:{Escape(schedule.Name)}",
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

    /// <summary>RFC 5545 3.3.11 TEXT: backslash, semicolon, comma and newline escaped.</summary>
    internal static string Escape(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Utc(DateTime utc) => utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    internal static string Slug(string name) => OnCallStack.Slug(name);
}
