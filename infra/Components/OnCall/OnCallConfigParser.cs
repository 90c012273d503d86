using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NodaTime;

namespace Infra.Components.OnCall;

/// <summary>
/// Reads <c>observability:onCall</c> into an <see cref="OnCallConfig"/>. The shape (types, keys, enums, ranges) is
/// <see cref="OnCallSchema"/>'s; here only what a schema cannot say: names that refer to other entries, dates and
/// times, time zones, and bounds that depend on another value. Every problem names the path of the value
/// (e.g. <c>schedules[0].layers[1].start</c>) and how to fix it.
/// </summary>
public static partial class OnCallConfigParser
{
    public const int DefaultCalendarWeeks = 4;
    public const int MaxCalendarWeeks = 26;

    public static (OnCallConfig? Value, string? Error) Parse(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return (null, "must be a mapping with users, teams, schedules, escalationPolicies, services and calendarStart (docs/oncall.md)");
        }

        var (document, problems) = OnCallSchema.Check(value);
        using (document)
        {
            // The references and dates are read only from a model of the right shape.
            var config = problems.Count == 0 ? Read(document.RootElement, problems) : null;
            if (problems.Count > 0 || config is null)
            {
                return (null, $"is invalid:\n{string.Join("\n", problems)}");
            }

            var days = Math.Max(config.CalendarWeeks * 7, DoubleBookingCheck.Horizon(config).Days);
            var turns = config.Schedules.SelectMany((schedule, s) => schedule.Layers.Select((layer, l) => (Path: $"schedules[{s}].layers[{l}]", Turns: EstimatedTurns(layer, days)))).ToList();
            var total = turns.Sum(t => t.Turns);
            if (total > OnCallLimits.MaxTotalTurns)
            {
                var largest = turns.OrderByDescending(t => t.Turns).ThenBy(t => t.Path, StringComparer.Ordinal).First();
                return (null, $"is invalid:\nschedules have {total} turns and restriction windows over the {days} days the calendar and the double-booking check cover, more than the "
                    + $"{OnCallLimits.MaxTotalTurns} the compile works through (the largest: {largest.Path}, {largest.Turns}); lengthen rotationTurnLengthSeconds, merge or remove layers, or lower calendarWeeks");
            }

            return (config, null);
        }
    }

    /// <summary>
    /// At most how many pieces a layer's turns make over <paramref name="days"/> from calendarStart: one per turn
    /// and per restriction window (each can cut a turn once more), and one for the partial turn at each end.
    /// </summary>
    internal static long EstimatedTurns(ScheduleLayer layer, int days)
    {
        var seconds = days * 86_400L;
        var windows = layer.Restrictions.Sum(r => r.Kind == RestrictionKind.Daily ? days + 1L : (days / 7) + 2L);
        return (seconds / layer.RotationTurnLengthSeconds) + 2 + windows;
    }

    /// <summary>Go's unicode.IsPrint, which the provider applies to names: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    internal static bool IsPrintable(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };

    /// <summary>The model from a value the schema accepted, with the problems between its parts.</summary>
    private static OnCallConfig? Read(JsonElement root, List<string> problems)
    {
        var users = Items(root, "users").Select(u => ReadUser(u.Element, u.Path, problems)).ToList();
        foreach (var twice in users.GroupBy(u => u.Email, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"users lists '{twice.Key}' {twice.Count()} times; keep one entry per email");
        }

        var emails = users.Select(u => u.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string CheckUser(string email, string path)
        {
            if (!emails.Contains(email))
            {
                problems.Add($"{path} '{email}' is not in users; add {{email: {email}, name: ...}} to users, or fix the email");
            }

            return email;
        }

        var teams = Items(root, "teams").Select(t => new OnCallTeam(Text(t.Element, "name")!,
            Items(t.Element, "members", t.Path).Select(m => new TeamMember(CheckUser(Text(m.Element, "user")!, $"{m.Path}.user"), Text(m.Element, "role") ?? "responder")).ToList())).ToList();
        var teamNames = teams.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        string? CheckTeam(string? team, string path)
        {
            if (team is not null && !teamNames.Contains(team))
            {
                problems.Add($"{path} '{team}' is not a team in teams; add it to teams or fix the name");
            }

            return team;
        }

        var schedules = Items(root, "schedules").Select(s => ReadSchedule(s.Element, s.Path, problems, CheckUser, CheckTeam)).ToList();
        // Every named schedule, also one with a bad time zone: that is reported once, not again by each policy naming it.
        var scheduleNames = Items(root, "schedules").Select(s => Text(s.Element, "name")!).ToHashSet(StringComparer.Ordinal);
        var policies = Items(root, "escalationPolicies").Select(p => ReadPolicy(p.Element, p.Path, problems, CheckUser, CheckTeam, scheduleNames)).ToList();
        var policyNames = policies.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var services = Items(root, "services").Select(s => ReadService(s.Element, s.Path, problems, policyNames)).ToList();
        var environments = services.Select(s => s.Environment).ToHashSet(StringComparer.Ordinal);
        var maintenance = Items(root, "maintenanceWindows").Select(m => (Window: ReadMaintenance(m.Element, m.Path, problems, environments), m.Path)).ToList();

        Duplicates(teams.Select(t => t.Name), "teams", problems);
        Duplicates(schedules.Select(s => s?.Name).OfType<string>(), "schedules", problems);
        Duplicates(policies.Select(p => p.Name), "escalationPolicies", problems);
        Duplicates(services.Select(s => s.Environment), "services (environment)", problems);

        var start = Text(root, "calendarStart")!;
        if (!DateOnly.TryParseExact(start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var calendarStart))
        {
            problems.Add($"calendarStart '{start}' is not a date; write the calendar's first day as YYYY-MM-DD (e.g. 2026-11-30)");
        }
        else if (calendarStart.Year < OnCallTime.MinYear || calendarStart.Year >= OnCallTime.MaxYear)
        {
            problems.Add($"calendarStart '{calendarStart:yyyy-MM-dd}' is outside {OnCallTime.MinYear}-01-01 to {OnCallTime.MaxYear - 1}-12-31 (with its weeks); set the first day of the calendar you want to review, e.g. the coming Monday");
        }
        else
        {
            foreach (var (window, windowPath) in maintenance)
            {
                // PagerDuty refuses a window whose end is not in the future; the compile has no clock, so calendarStart stands for today.
                if (window is not null && OnCallTime.Resolve(window.Zone, window.End) <= OnCallTime.Resolve(window.Zone, LocalDate.FromDateOnly(calendarStart).AtMidnight()))
                {
                    problems.Add($"{windowPath}.end {window.End:uuuu-MM-dd'T'HH:mm} is not after calendarStart {calendarStart:yyyy-MM-dd} (midnight, {window.TimeZoneId}): PagerDuty "
                        + "refuses a maintenance window that has already ended (end_time must be in the future: terraform-provider-pagerduty, website/docs/r/maintenance_window.html.markdown); "
                        + "remove the window once the work is done (deleting an ended window is harmless: the provider takes PagerDuty's 405 as deleted), or fix its dates");
                }
            }
        }

        var published = Text(root, "publishedCalendar");
        if (published is not null && (!published.EndsWith(".ics", StringComparison.Ordinal) || published.Contains('\\')
            || (!Path.IsPathRooted(published) && published.Split('/').Any(part => part is ".." or "."))))
        {
            problems.Add($"publishedCalendar '{published}' must be the path of the published calendar file (.ics) relative to the project folder, with '/' and without '.' or '..' (e.g. stacks/oncall/calendar.ics)");
        }

        return problems.Count > 0 || schedules.Any(s => s is null) || maintenance.Any(m => m.Window is null)
            ? null
            : new OnCallConfig(users, teams, schedules!, policies, services, calendarStart, (int)(Integer(root, "calendarWeeks") ?? DefaultCalendarWeeks),
                maintenance.Select(m => m.Window!).ToList(), published);
    }

    private static OnCallUser ReadUser(JsonElement element, string path, List<string> problems)
    {
        var email = Text(element, "email")!;
        var existing = element.TryGetProperty("existing", out var flag) && flag.ValueKind == JsonValueKind.True;
        var name = Text(element, "name");
        var role = Text(element, "role");
        if (name is null && !existing)
        {
            problems.Add($"{path}.name is required (the name PagerDuty shows), unless the user exists already (existing: true)");
        }

        if (existing && role is not null)
        {
            problems.Add($"{path}.role is set for an existing user, whose role this stack does not manage; remove role, or remove existing to create the user");
        }

        // The number itself is personal data: a secret (pagerDutyPhoneNumbers), here only the country code.
        var country = Integer(element, "phoneCountryCode");
        var rules = new List<NotificationRule>();
        foreach (var (rule, rulePath) in Items(element, "notificationRules", path))
        {
            var parsed = new NotificationRule(Text(rule, "urgency")!, (int)Integer(rule, "delayMinutes")!, Text(rule, "via")!);
            if (parsed.Via is "phone" or "sms" && country is null)
            {
                problems.Add($"{rulePath}.via is {parsed.Via} but {path} has no phone; set {path}.phoneCountryCode and the number in the secret {PhoneNumbersKey}, or notify via email");
            }

            if (rules.Contains(parsed))
            {
                problems.Add($"{rulePath} repeats an earlier rule ({parsed.Urgency} urgency, {parsed.Via} after {parsed.DelayMinutes} minutes); keep one");
            }
            else
            {
                rules.Add(parsed);
            }
        }

        if (country is not null && !PhoneKeyPattern().IsMatch(email))
        {
            problems.Add($"{path}.email '{email}' names this user's number in the secret {PhoneNumbersKey}, which the program reads by key: use an address of letters, digits and . _ % + - only, or remove phoneCountryCode");
        }

        if (existing && (element.TryGetProperty("phoneCountryCode", out _) || element.TryGetProperty("notificationRules", out _)))
        {
            problems.Add($"{path} is an existing user, whose contact methods and notification rules are their own; remove phoneCountryCode and notificationRules, or remove existing to create the user here");
        }

        return new OnCallUser(email, name ?? email, existing, role, (int?)country, rules.Count > 0 ? rules : DefaultRules(country is not null));
    }

    private static OnCallSchedule? ReadSchedule(JsonElement element, string path, List<string> problems,
        Func<string, string, string> checkUser, Func<string?, string, string?> checkTeam)
    {
        var team = checkTeam(Text(element, "team"), $"{path}.team");
        var zoneId = Text(element, "timeZone")!;
        var zone = Zone(zoneId, $"{path}.timeZone", problems);
        var layers = Items(element, "layers", path).Select(l => ReadLayer(l.Element, l.Path, problems, checkUser)).ToList();
        return zone is null || layers.Any(l => l is null) ? null : new OnCallSchedule(Text(element, "name")!, team, zoneId, zone, layers!);
    }

    private static ScheduleLayer? ReadLayer(JsonElement element, string path, List<string> problems, Func<string, string, string> checkUser)
    {
        // Whole minutes too: rotationVirtualStart defaults to it, and the provider refuses seconds there (ValidateRFC3339).
        var start = LocalTime(element, "start", path, problems);
        var virtualStart = LocalTime(element, "rotationVirtualStart", path, problems) ?? start;
        var end = LocalTime(element, "end", path, problems);
        if (start is not null && end is not null && end <= start)
        {
            problems.Add($"{path}.end must be after {path}.start; remove end for a layer that does not end");
        }

        var users = Items(element, "users", path).Select(u => checkUser(u.Element.GetString()!.Trim(), u.Path)).ToList();
        var restrictions = Items(element, "restrictions", path).Select(r => ReadRestriction(r.Element, r.Path, problems)).ToList();
        return start is null || virtualStart is null || restrictions.Any(r => r is null)
            ? null
            : new ScheduleLayer(Text(element, "name")!, start.Value, virtualStart.Value, end, Integer(element, "rotationTurnLengthSeconds")!.Value, users, restrictions!);
    }

    private static LayerRestriction? ReadRestriction(JsonElement element, string path, List<string> problems)
    {
        var kind = Text(element, "type") == "weekly_restriction" ? RestrictionKind.Weekly : RestrictionKind.Daily;
        var weekly = kind == RestrictionKind.Weekly;
        var day = Integer(element, "startDayOfWeek");
        if (weekly && day is null)
        {
            problems.Add($"{path}.startDayOfWeek is required for a weekly_restriction: 1 (Monday) to 7 (Sunday)");
        }
        else if (!weekly && day is not null)
        {
            problems.Add($"{path}.startDayOfWeek is only for a weekly_restriction; remove it from this daily_restriction");
        }

        // The provider's bounds: shorter than a day (daily) or a week (weekly); a full day or week is no restriction at all.
        var duration = Integer(element, "durationSeconds");
        var longest = weekly ? OnCallLimits.MaxWeeklyRestrictionSeconds : OnCallLimits.MaxDailyRestrictionSeconds;
        if (duration is null or <= 0 || duration > longest)
        {
            problems.Add($"{path}.durationSeconds must be between 1 and {longest} (shorter than {(weekly ? "a week" : "a day")}, the pagerduty provider's bound) for a {(weekly ? "weekly" : "daily")}_restriction, "
                + $"got {element.GetProperty("durationSeconds").GetRawText()}; for round-the-clock cover remove the restriction");
            return null;
        }

        var startTime = TimeSpan.ParseExact(Text(element, "startTimeOfDay")!, @"hh\:mm\:ss", CultureInfo.InvariantCulture);
        return weekly && day is null ? null : new LayerRestriction(kind, weekly ? (int?)day : null, startTime, duration.Value);
    }

    private static EscalationPolicy ReadPolicy(JsonElement element, string path, List<string> problems,
        Func<string, string, string> checkUser, Func<string?, string, string?> checkTeam, HashSet<string> schedules)
    {
        var team = checkTeam(Text(element, "team"), $"{path}.team");
        var rules = new List<EscalationRule>();
        foreach (var (rule, rulePath) in Items(element, "rules", path))
        {
            var targets = new List<EscalationTarget>();
            foreach (var (target, targetPath) in Items(rule, "targets", rulePath))
            {
                if (Text(target, "schedule") is { } schedule)
                {
                    if (!schedules.Contains(schedule))
                    {
                        problems.Add($"{targetPath}.schedule '{schedule}' is not a schedule in schedules; add it or fix the name (escalation targets must exist)");
                    }

                    targets.Add(new EscalationTarget(true, schedule));
                }
                else
                {
                    targets.Add(new EscalationTarget(false, checkUser(Text(target, "user")!, $"{targetPath}.user")));
                }
            }

            var assignment = Text(rule, "assignment");
            if (assignment == "round_robin" && targets.Count < 2)
            {
                problems.Add($"{rulePath}.assignment round_robin takes turns between the rule's targets; give it two or more targets, or remove assignment");
            }

            rules.Add(new EscalationRule((int)Integer(rule, "delayMinutes")!, targets, assignment));
        }

        return new EscalationPolicy(Text(element, "name")!, team, (int)(Integer(element, "numLoops") ?? 0), rules);
    }

    private static PagingService ReadService(JsonElement element, string path, List<string> problems, HashSet<string> policies)
    {
        var environment = Text(element, "environment")!;
        if (element.TryGetProperty("outsideSupportHoursUrgency", out _))
        {
            // The provider's scheduled urgency change exists only for high inside and low outside support hours.
            problems.Add($"{path}.outsideSupportHoursUrgency cannot be chosen: with supportHours PagerDuty takes only high urgency inside them and low outside, "
                + "with a scheduled change to high when they start (terraform-provider-pagerduty, website/docs/r/service.html.markdown, scheduled_actions); remove it");
        }

        var policy = Text(element, "escalationPolicy")!;
        if (!policies.Contains(policy))
        {
            problems.Add($"{path}.escalationPolicy '{policy}' is not a policy in escalationPolicies; add it or fix the name");
        }

        // Absent: the default; null or "null": PagerDuty's timeout turned off.
        long? Timeout(string key, long? fallback) => !element.TryGetProperty(key, out _) ? fallback : Integer(element, key);
        var hours = element.TryGetProperty("supportHours", out var hoursElement) ? ReadSupportHours(hoursElement, $"{path}.supportHours", problems) : null;
        return new PagingService(environment, policy, Text(element, "name") ?? $"Observability {environment}",
            Timeout("acknowledgementTimeoutSeconds", PagingService.DefaultAcknowledgementTimeoutSeconds), Timeout("autoResolveTimeoutSeconds", null), hours);
    }

    private static SupportHours? ReadSupportHours(JsonElement element, string path, List<string> problems)
    {
        var zoneId = Text(element, "timeZone")!;
        var zone = Zone(zoneId, $"{path}.timeZone", problems);
        var start = TimeSpan.ParseExact(Text(element, "startTime")!, @"hh\:mm\:ss", CultureInfo.InvariantCulture);
        var end = TimeSpan.ParseExact(Text(element, "endTime")!, @"hh\:mm\:ss", CultureInfo.InvariantCulture);
        if (end <= start)
        {
            problems.Add($"{path}.endTime must be after {path}.startTime (support hours lie within one day)");
        }

        var days = Items(element, "daysOfWeek", path).Select(d => (int)Whole(d.Element)!).Order().ToList();
        return zone is null ? null : new SupportHours(zoneId, start, end, days);
    }

    private static MaintenanceWindow? ReadMaintenance(JsonElement element, string path, List<string> problems, HashSet<string> environments)
    {
        var services = new List<string>();
        foreach (var (service, servicePath) in Items(element, "services", path))
        {
            if (environments.Contains(service.GetString()!.Trim()))
            {
                services.Add(service.GetString()!.Trim());
            }
            else
            {
                problems.Add($"{servicePath} must be the environment of a service in services ({string.Join(", ", environments.Order(StringComparer.Ordinal))})");
            }
        }

        var zoneId = Text(element, "timeZone")!;
        var before = problems.Count;
        var zone = Zone(zoneId, $"{path}.timeZone", problems);
        if (problems.Count > before)
        {
            // The window resource has no time zone (start and end carry offsets): the list is the schedules', taken for one vocabulary.
            problems[^1] = problems[^1].Replace("is not a time zone the pagerduty provider accepts",
                "is not in the time-zone list this project takes (the provider's list for schedules; a maintenance window has no time zone of its own, this one only gives start and end their offset)", StringComparison.Ordinal);
        }

        var start = LocalTime(element, "start", path, problems);
        var end = LocalTime(element, "end", path, problems);
        if (start is not null && end is not null && zone is not null)
        {
            var length = (OnCallTime.Resolve(zone, end.Value) - OnCallTime.Resolve(zone, start.Value)).TotalSeconds;
            if (length <= 0 || length > OnCallLimits.MaxMaintenanceSeconds)
            {
                problems.Add($"{path}.end must be after {path}.start and at most {OnCallLimits.MaxMaintenanceSeconds / 86_400} days later (a longer quiet period is a service to remove, not maintenance)");
            }
        }

        return zone is null || start is null || end is null
            ? null
            : new MaintenanceWindow(Text(element, "description")!, services, zoneId, zone, start.Value, end.Value);
    }

    private static void Duplicates(IEnumerable<string> names, string what, List<string> problems) =>
        problems.AddRange(names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{what} has '{g.Key}' {g.Count()} times; names must be unique"));

    /// <summary>The default notification rules of a created user: high urgency by every contact method at once, low urgency by email.</summary>
    private static List<NotificationRule> DefaultRules(bool phone) => phone
        ? [new("high", 0, "phone"), new("high", 0, "sms"), new("high", 0, "email"), new("low", 0, "email")]
        : [new("high", 0, "email"), new("low", 0, "email")];

    /// <summary>The secret holding users' phone numbers (personal data: never in the stack file in clear).</summary>
    private static string PhoneNumbersKey => Config.SettingsCatalog.PagerDutyPhoneNumbers.Key;

    /// <summary>An email the phone-number secret can use as its key.</summary>
    [GeneratedRegex("^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$")]
    private static partial Regex PhoneKeyPattern();

    private static DateTimeZone? Zone(string id, string path, List<string> problems)
    {
        var (zone, problem) = PagerDutyTimeZones.Find(id);
        if (problem is not null)
        {
            problems.Add($"{path} {problem}");
        }

        return zone;
    }

    /// <summary>The entries of a list the schema accepted (none when the key is absent), with their paths.</summary>
    private static List<(JsonElement Element, string Path)> Items(JsonElement parent, string key, string path = "")
    {
        var full = path.Length == 0 ? key : $"{path}.{key}";
        return parent.TryGetProperty(key, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select((e, i) => (Element: e, Path: $"{full}[{i}]")).ToList()
            : [];
    }

    /// <summary>A string the schema accepted (non-empty, printable), trimmed; null when absent.</summary>
    private static string? Text(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;

    /// <summary>A whole number the schema accepted; null when absent or beyond 64 bits (a bound the schema does not give).</summary>
    private static long? Integer(JsonElement element, string key) => element.TryGetProperty(key, out var value) ? Whole(value) : null;

    private static long? Whole(JsonElement value) =>
        value.ValueKind != JsonValueKind.Number ? null
        : value.TryGetInt64(out var whole) ? whole
        : value.TryGetDecimal(out var number) && number is >= long.MinValue and <= long.MaxValue ? (long)number : null;

    /// <summary>
    /// A wall-clock time of the schedule's time zone, written without an offset (2026-11-02T09:00:00), between
    /// the years the model allows, in whole minutes: the provider refuses seconds (ValidateRFC3339).
    /// </summary>
    private static LocalDateTime? LocalTime(JsonElement element, string key, string path, List<string> problems)
    {
        if (Text(element, key) is not { } text)
        {
            return null;
        }

        if (!DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            problems.Add($"{path}.{key} '{text}' is not a local date and time; write YYYY-MM-DDTHH:mm:ss without an offset (the timeZone applies), e.g. 2026-11-02T09:00:00");
            return null;
        }

        if (time.Year < OnCallTime.MinYear || time.Year >= OnCallTime.MaxYear)
        {
            problems.Add($"{path}.{key} '{text}' is outside the years {OnCallTime.MinYear} to {OnCallTime.MaxYear - 1}; write a date in them");
            return null;
        }

        if (time.Second != 0)
        {
            problems.Add($"{path}.{key} '{text}' has seconds, which the pagerduty provider refuses here{(key == "start" && path.Contains(".layers[", StringComparison.Ordinal) ? " (start is sent as rotationVirtualStart too when that is not given)" : "")}; set it to a full minute, e.g. {time:yyyy-MM-dd'T'HH:mm}:00");
            return null;
        }

        return LocalDateTime.FromDateTime(time);
    }
}
