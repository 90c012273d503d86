using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NodaTime;

namespace Infra.Components.OnCall;

/// <summary>
/// Reads <c>observability:onCall</c> into an <see cref="OnCallConfig"/>, collecting every problem with the
/// path of the value (e.g. <c>schedules[0].layers[1].rotationTurnLengthSeconds</c>) and how to fix it.
/// </summary>
public static partial class OnCallConfigParser
{
    public const int DefaultCalendarWeeks = 4;
    public const int MaxCalendarWeeks = 26;

    private static readonly string[] TeamRoles = ["manager", "responder", "observer"];
    private static readonly string[] UserRoles = ["admin", "limited_user", "observer", "owner", "read_only_user", "read_only_limited_user", "restricted_access", "user"];
    private static readonly System.Buffers.SearchValues<char> ForbiddenInPolicyNames = System.Buffers.SearchValues.Create(OnCallLimits.EscalationPolicyNameForbidden);
    private static readonly string[] Urgencies = ["high", "low"];
    private static readonly string[] NotifyVia = ["email", "phone", "sms"];
    private static readonly string[] Assignments = ["assign_to_everyone", "round_robin"];

    public static (OnCallConfig? Value, string? Error) Parse(JsonElement root)
    {
        var problems = new List<string>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, "must be a mapping with users, teams, schedules, escalationPolicies, services and calendarStart (docs/oncall.md)");
        }

        Unknown(root, string.Empty, problems, "users", "teams", "schedules", "escalationPolicies", "services", "maintenanceWindows", "calendarStart", "calendarWeeks", "publishedCalendar");
        var users = Items(root, "users", problems, required: true, max: OnCallLimits.MaxUsers).Select(u => ParseUser(u.Element, u.Path, problems)).OfType<OnCallUser>().ToList();
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

        var teams = Items(root, "teams", problems, required: false, max: OnCallLimits.MaxPolicies).Select(t => ParseTeam(t.Element, t.Path, problems, CheckUser)).OfType<OnCallTeam>().ToList();
        var teamNames = teams.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        string? CheckTeam(string? team, string path)
        {
            if (team is not null && !teamNames.Contains(team))
            {
                problems.Add($"{path} '{team}' is not a team in teams; add it to teams or fix the name");
            }

            return team;
        }

        var schedules = Items(root, "schedules", problems, required: true, max: OnCallLimits.MaxSchedules).Select(s => ParseSchedule(s.Element, s.Path, problems, CheckUser, CheckTeam)).OfType<OnCallSchedule>().ToList();
        // Every named schedule, valid or not: a schedule with a bad time zone is reported once, not again by each policy naming it.
        var scheduleNames = root.TryGetProperty("schedules", out var scheduleList) && scheduleList.ValueKind == JsonValueKind.Array
            ? scheduleList.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                .Select(s => s.GetProperty("name").GetString()!.Trim()).ToHashSet(StringComparer.Ordinal)
            : [];
        var policies = Items(root, "escalationPolicies", problems, required: true, max: OnCallLimits.MaxPolicies)
            .Select(p => ParsePolicy(p.Element, p.Path, problems, CheckUser, CheckTeam, scheduleNames)).OfType<EscalationPolicy>().ToList();
        // Every named policy, valid or not: a refused policy name is reported once, not again as "not a policy" by each service naming it.
        var policyNames = root.TryGetProperty("escalationPolicies", out var policyList) && policyList.ValueKind == JsonValueKind.Array
            ? policyList.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                .Select(p => p.GetProperty("name").GetString()!.Trim()).ToHashSet(StringComparer.Ordinal)
            : [];
        var services = Items(root, "services", problems, required: true, max: OnCallLimits.MaxPolicies).Select(s => ParseService(s.Element, s.Path, problems, policyNames)).OfType<PagingService>().ToList();
        var environments = services.Select(s => s.Environment).ToHashSet(StringComparer.Ordinal);
        var maintenanceItems = Items(root, "maintenanceWindows", problems, required: false, max: OnCallLimits.MaxMaintenanceWindows)
            .Select(m => (Window: ParseMaintenance(m.Element, m.Path, problems, environments), m.Path)).ToList();
        var maintenance = maintenanceItems.Select(m => m.Window).OfType<MaintenanceWindow>().ToList();

        Duplicates(teams.Select(t => t.Name), "teams", problems);
        Duplicates(schedules.Select(s => s.Name), "schedules", problems);
        Duplicates(policies.Select(p => p.Name), "escalationPolicies", problems);
        Duplicates(services.Select(s => s.Environment), "services (environment)", problems);

        var calendarStart = DateOnly.MinValue;
        if (Text(root, "calendarStart", string.Empty, problems, required: true) is { } start
            && !DateOnly.TryParseExact(start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out calendarStart))
        {
            problems.Add($"calendarStart '{start}' is not a date; write the calendar's first day as YYYY-MM-DD (e.g. 2026-11-30)");
        }
        else if (calendarStart != DateOnly.MinValue && (calendarStart.Year < OnCallTime.MinYear || calendarStart.Year >= OnCallTime.MaxYear))
        {
            problems.Add($"calendarStart '{calendarStart:yyyy-MM-dd}' is outside {OnCallTime.MinYear}-01-01 to {OnCallTime.MaxYear - 1}-12-31 (with its weeks); set the first day of the calendar you want to review, e.g. the coming Monday");
        }

        if (calendarStart != DateOnly.MinValue)
        {
            foreach (var (window, windowPath) in maintenanceItems)
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

        var weeks = Integer(root, "calendarWeeks", string.Empty, problems) ?? DefaultCalendarWeeks;
        if (weeks is < 2 or > MaxCalendarWeeks)
        {
            problems.Add($"calendarWeeks must be between 2 and {MaxCalendarWeeks} (weeks of calendar that render writes), got {weeks}");
        }

        var published = Text(root, "publishedCalendar", string.Empty, problems, required: false);
        if (published is not null && (!published.EndsWith(".ics", StringComparison.Ordinal) || published.Contains('\\')
            || (!Path.IsPathRooted(published) && published.Split('/').Any(part => part is ".." or "."))))
        {
            problems.Add($"publishedCalendar '{published}' must be the path of the published calendar file (.ics) relative to the project folder, with '/' and without '.' or '..' (e.g. stacks/oncall/calendar.ics)");
        }

        if (problems.Count > 0)
        {
            return (null, $"is invalid:\n{string.Join("\n", problems)}");
        }

        var config = new OnCallConfig(users, teams, schedules, policies, services, calendarStart, (int)weeks, maintenance, published);
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

    private static OnCallUser? ParseUser(JsonElement element, string path, List<string> problems)
    {
        if (!IsObject(element, path, problems, "{email: alice@example.com, name: Alice Example}"))
        {
            return null;
        }

        Unknown(element, path, problems, "email", "name", "existing", "role", "phoneCountryCode", "notificationRules");
        var email = Text(element, "email", path, problems, required: true);
        if (email is not null && !EmailPattern().IsMatch(email))
        {
            problems.Add($"{path}.email '{email}' is not an email address (name@domain); fix the address");
            email = null;
        }

        var existing = Flag(element, "existing", path, problems) ?? false;
        var name = Text(element, "name", path, problems, required: !existing);
        var role = Text(element, "role", path, problems, required: false);
        if (role is not null && !UserRoles.Contains(role))
        {
            problems.Add($"{path}.role '{role}' must be one of {string.Join(", ", UserRoles)}");
        }

        if (existing && role is not null)
        {
            problems.Add($"{path}.role is set for an existing user, whose role this stack does not manage; remove role, or remove existing to create the user");
        }

        // The number itself is personal data: a secret (pagerDutyPhoneNumbers), here only the country code.
        var country = Bounded(element, "phoneCountryCode", path, problems, 1, 999, "a country calling code without '+' or '00', e.g. 49 or 1");
        var rules = new List<NotificationRule>();
        foreach (var (rule, rulePath) in Items(element, "notificationRules", problems, required: false, path, max: OnCallLimits.MaxRules))
        {
            if (!IsObject(rule, rulePath, problems, "{urgency: high, delayMinutes: 0, via: phone}"))
            {
                continue;
            }

            Unknown(rule, rulePath, problems, "urgency", "delayMinutes", "via");
            var urgency = OneOf(rule, "urgency", rulePath, problems, Urgencies, required: true);
            var via = OneOf(rule, "via", rulePath, problems, NotifyVia, required: true);
            var delay = Bounded(rule, "delayMinutes", rulePath, problems, 0, OnCallLimits.MaxNotificationDelayMinutes, "minutes after the incident opens", required: true);
            if (via is "phone" or "sms" && country is null && element.TryGetProperty("phoneCountryCode", out _) is false)
            {
                problems.Add($"{rulePath}.via is {via} but {path} has no phone; set {path}.phoneCountryCode and the number in the secret {PhoneNumbersKey}, or notify via email");
            }

            if (urgency is not null && via is not null && delay is not null)
            {
                var parsed = new NotificationRule(urgency, (int)delay, via);
                if (rules.Contains(parsed))
                {
                    problems.Add($"{rulePath} repeats an earlier rule ({urgency} urgency, {via} after {delay} minutes); keep one");
                }
                else
                {
                    rules.Add(parsed);
                }
            }
        }

        if (country is not null && email is not null && !PhoneKeyPattern().IsMatch(email))
        {
            problems.Add($"{path}.email '{email}' names this user's number in the secret {PhoneNumbersKey}, which the program reads by key: use an address of letters, digits and . _ % + - only, or remove phoneCountryCode");
        }

        if (existing && (element.TryGetProperty("phoneCountryCode", out _) || element.TryGetProperty("notificationRules", out _)))
        {
            problems.Add($"{path} is an existing user, whose contact methods and notification rules are their own; remove phoneCountryCode and notificationRules, or remove existing to create the user here");
        }

        return email is null ? null : new OnCallUser(email, name ?? email, existing, role, (int?)country, rules.Count > 0 ? rules : DefaultRules(country is not null));
    }

    private static OnCallTeam? ParseTeam(JsonElement element, string path, List<string> problems, Func<string, string, string> checkUser)
    {
        if (!IsObject(element, path, problems, "{name: Platform, members: [{user: alice@example.com, role: responder}]}"))
        {
            return null;
        }

        Unknown(element, path, problems, "name", "members");
        var name = Text(element, "name", path, problems, required: true);
        var members = new List<TeamMember>();
        foreach (var (member, memberPath) in Items(element, "members", problems, required: false, path, max: OnCallLimits.MaxUsers))
        {
            if (!IsObject(member, memberPath, problems, "{user: alice@example.com, role: responder}"))
            {
                continue;
            }

            Unknown(member, memberPath, problems, "user", "role");
            var role = Text(member, "role", memberPath, problems, required: false) ?? "responder";
            if (!TeamRoles.Contains(role))
            {
                problems.Add($"{memberPath}.role '{role}' must be one of {string.Join(", ", TeamRoles)}");
            }

            if (Text(member, "user", memberPath, problems, required: true) is { } email)
            {
                members.Add(new TeamMember(checkUser(email, $"{memberPath}.user"), role));
            }
        }

        return name is null ? null : new OnCallTeam(name, members);
    }

    private static OnCallSchedule? ParseSchedule(JsonElement element, string path, List<string> problems,
        Func<string, string, string> checkUser, Func<string?, string, string?> checkTeam)
    {
        if (!IsObject(element, path, problems, "{name: platform-primary, timeZone: Europe/Berlin, layers: [...]}"))
        {
            return null;
        }

        Unknown(element, path, problems, "name", "team", "timeZone", "layers");
        var name = Text(element, "name", path, problems, required: true);
        var team = checkTeam(Text(element, "team", path, problems, required: false), $"{path}.team");
        var zoneId = Text(element, "timeZone", path, problems, required: true);
        var zone = Zone(zoneId, $"{path}.timeZone", problems);
        var layers = Items(element, "layers", problems, required: true, path, max: OnCallLimits.MaxLayers)
            .Select(l => ParseLayer(l.Element, l.Path, problems, checkUser)).OfType<ScheduleLayer>().ToList();
        if (element.TryGetProperty("layers", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() == 0)
        {
            problems.Add($"{path}.layers is empty; a schedule needs at least one layer with users");
        }

        return name is null || zone is null ? null : new OnCallSchedule(name, team, zoneId!, zone, layers);
    }

    private static ScheduleLayer? ParseLayer(JsonElement element, string path, List<string> problems, Func<string, string, string> checkUser)
    {
        if (!IsObject(element, path, problems, "{name: weekly, start: 2026-11-02T09:00:00, rotationTurnLengthSeconds: 604800, users: [...]}"))
        {
            return null;
        }

        Unknown(element, path, problems, "name", "start", "rotationVirtualStart", "end", "rotationTurnLengthSeconds", "users", "restrictions");
        var name = Text(element, "name", path, problems, required: true);
        // Whole minutes too: rotationVirtualStart defaults to it, and the provider refuses seconds there (ValidateRFC3339).
        var start = LocalTime(element, "start", path, problems, required: true, wholeMinute: true);
        var virtualStart = LocalTime(element, "rotationVirtualStart", path, problems, required: false, wholeMinute: true) ?? start;
        var end = LocalTime(element, "end", path, problems, required: false, wholeMinute: true);
        if (start is not null && end is not null && end <= start)
        {
            problems.Add($"{path}.end must be after {path}.start; remove end for a layer that does not end");
        }

        // The provider's bound (rotation_turn_length_seconds: IntBetween(3600, 365*24*3600)).
        var turn = Bounded(element, "rotationTurnLengthSeconds", path, problems, OnCallLimits.MinTurnSeconds, OnCallLimits.MaxTurnSeconds,
            "the length of one turn in seconds, from an hour to 365 days (the pagerduty provider's range), e.g. 86400 (a day) or 604800 (a week)", required: true);

        var users = new List<string>();
        if (element.TryGetProperty("users", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > OnCallLimits.MaxLayerUsers)
        {
            problems.Add($"{path}.users lists {list.GetArrayLength()} users; at most {OnCallLimits.MaxLayerUsers} take turns in one layer (split the rotation into layers)");
        }
        else if (element.TryGetProperty("users", out list) && list.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var user in list.EnumerateArray())
            {
                if (user.ValueKind == JsonValueKind.String && user.GetString() is { Length: > 0 } email)
                {
                    users.Add(checkUser(email, $"{path}.users[{i}]"));
                }
                else
                {
                    problems.Add($"{path}.users[{i}] must be a user's email");
                }

                i++;
            }
        }
        else if (!element.TryGetProperty("users", out _) || list.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{path}.users is required: the users who take turns, in order, as a list of emails");
        }

        if (users.Count == 0 && list.ValueKind == JsonValueKind.Array)
        {
            problems.Add($"{path}.users is empty; a layer needs at least one user (emails from users)");
        }

        var restrictions = Items(element, "restrictions", problems, required: false, path, max: OnCallLimits.MaxRestrictions)
            .Select(r => ParseRestriction(r.Element, r.Path, problems)).OfType<LayerRestriction>().ToList();
        return name is null || start is null || turn is null || users.Count == 0
            ? null
            : new ScheduleLayer(name, start.Value, virtualStart!.Value, end, turn.Value, users, restrictions);
    }

    private static LayerRestriction? ParseRestriction(JsonElement element, string path, List<string> problems)
    {
        if (!IsObject(element, path, problems, "{type: weekly_restriction, startDayOfWeek: 1, startTimeOfDay: \"09:00:00\", durationSeconds: 28800}"))
        {
            return null;
        }

        Unknown(element, path, problems, "type", "startDayOfWeek", "startTimeOfDay", "durationSeconds");
        var kind = Text(element, "type", path, problems, required: true) switch
        {
            "daily_restriction" => RestrictionKind.Daily,
            "weekly_restriction" => RestrictionKind.Weekly,
            null => (RestrictionKind?)null,
            var other => Problem<RestrictionKind?>(problems, $"{path}.type '{other}' must be daily_restriction or weekly_restriction"),
        };
        var time = Text(element, "startTimeOfDay", path, problems, required: true);
        TimeSpan? startTime = null;
        if (time is not null)
        {
            if (TimeOfDayPattern().IsMatch(time) && TimeSpan.TryParseExact(time, @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var parsed) && parsed < TimeSpan.FromDays(1))
            {
                startTime = parsed;
            }
            else
            {
                problems.Add($"{path}.startTimeOfDay '{time}' is not a time of day; write HH:mm:ss from 00:00:00 to 23:59:59 (e.g. \"09:00:00\")");
            }
        }

        var day = Integer(element, "startDayOfWeek", path, problems);
        if (kind == RestrictionKind.Weekly && day is null)
        {
            problems.Add($"{path}.startDayOfWeek is required for a weekly_restriction: 1 (Monday) to 7 (Sunday)");
        }
        else if (day is not null and (< 1 or > 7))
        {
            problems.Add($"{path}.startDayOfWeek must be 1 (Monday) to 7 (Sunday), got {day}");
        }
        else if (kind == RestrictionKind.Daily && day is not null)
        {
            problems.Add($"{path}.startDayOfWeek is only for a weekly_restriction; remove it from this daily_restriction");
        }

        // The provider's bounds: shorter than a day (daily) or a week (weekly); a full day or week is no restriction at all.
        var duration = Integer(element, "durationSeconds", path, problems, required: true);
        var weekly = kind == RestrictionKind.Weekly;
        var longest = weekly ? OnCallLimits.MaxWeeklyRestrictionSeconds : OnCallLimits.MaxDailyRestrictionSeconds;
        if (duration is not null && (duration <= 0 || duration > longest))
        {
            problems.Add($"{path}.durationSeconds must be between 1 and {longest} (shorter than {(weekly ? "a week" : "a day")}, the pagerduty provider's bound) for a {(weekly ? "weekly" : "daily")}_restriction, got {duration}; " +
                "for round-the-clock cover remove the restriction");
            duration = null;
        }

        return kind is null || startTime is null || duration is null || (kind == RestrictionKind.Weekly && day is null or < 1 or > 7)
            ? null
            : new LayerRestriction(kind.Value, kind == RestrictionKind.Weekly ? (int?)day : null, startTime.Value, duration.Value);
    }

    private static EscalationPolicy? ParsePolicy(JsonElement element, string path, List<string> problems,
        Func<string, string, string> checkUser, Func<string?, string, string?> checkTeam, HashSet<string> schedules)
    {
        if (!IsObject(element, path, problems, "{name: platform, numLoops: 2, rules: [{delayMinutes: 15, targets: [{schedule: platform-primary}]}]}"))
        {
            return null;
        }

        Unknown(element, path, problems, "name", "team", "numLoops", "rules");
        var name = Text(element, "name", path, problems, required: true);
        if (name is not null && name.AsSpan().ContainsAny(ForbiddenInPolicyNames))
        {
            problems.Add($"{path}.name '{name}' contains one of \\ / & < >, which the pagerduty provider refuses in an escalation policy's name; write e.g. 'platform and data' instead of 'platform & data'");
        }

        var team = checkTeam(Text(element, "team", path, problems, required: false), $"{path}.team");
        var loops = Bounded(element, "numLoops", path, problems, 0, OnCallLimits.MaxNumLoops, "times the policy starts over (the pagerduty provider's range)") ?? 0;

        var rules = new List<EscalationRule>();
        foreach (var (rule, rulePath) in Items(element, "rules", problems, required: true, path, max: OnCallLimits.MaxRules))
        {
            if (!IsObject(rule, rulePath, problems, "{delayMinutes: 15, targets: [{schedule: platform-primary}]}"))
            {
                continue;
            }

            Unknown(rule, rulePath, problems, "delayMinutes", "targets", "assignment");
            var delay = Bounded(rule, "delayMinutes", rulePath, problems, 1, OnCallLimits.MaxDelayMinutes, "minutes before the next rule (at least 1, the pagerduty provider's bound)", required: true);
            var assignment = OneOf(rule, "assignment", rulePath, problems, Assignments, required: false);
            var targets = new List<EscalationTarget>();
            foreach (var (target, targetPath) in Items(rule, "targets", problems, required: true, rulePath, max: OnCallLimits.MaxTargets))
            {
                if (!IsObject(target, targetPath, problems, "{schedule: platform-primary} or {user: alice@example.com}"))
                {
                    continue;
                }

                Unknown(target, targetPath, problems, "schedule", "user");
                var schedule = Text(target, "schedule", targetPath, problems, required: false);
                var user = Text(target, "user", targetPath, problems, required: false);
                if ((schedule is null) == (user is null))
                {
                    problems.Add($"{targetPath} must name exactly one of schedule (a schedule's name) or user (an email)");
                }
                else if (schedule is not null)
                {
                    if (!schedules.Contains(schedule))
                    {
                        problems.Add($"{targetPath}.schedule '{schedule}' is not a schedule in schedules; add it or fix the name (escalation targets must exist)");
                    }

                    targets.Add(new EscalationTarget(true, schedule));
                }
                else
                {
                    targets.Add(new EscalationTarget(false, checkUser(user!, $"{targetPath}.user")));
                }
            }

            if (rule.TryGetProperty("targets", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() == 0)
            {
                problems.Add($"{rulePath}.targets is empty; an escalation rule needs a schedule or a user to notify");
            }

            if (assignment == "round_robin" && targets.Count < 2)
            {
                problems.Add($"{rulePath}.assignment round_robin takes turns between the rule's targets; give it two or more targets, or remove assignment");
            }

            rules.Add(new EscalationRule((int)(delay ?? 1), targets, assignment));
        }

        if (element.TryGetProperty("rules", out var ruleList) && ruleList.ValueKind == JsonValueKind.Array && ruleList.GetArrayLength() == 0)
        {
            problems.Add($"{path}.rules is empty; an escalation policy needs at least one rule");
        }

        return name is null ? null : new EscalationPolicy(name, team, (int)loops, rules);
    }

    private static PagingService? ParseService(JsonElement element, string path, List<string> problems, HashSet<string> policies)
    {
        if (!IsObject(element, path, problems, "{environment: production, escalationPolicy: platform}"))
        {
            return null;
        }

        if (element.TryGetProperty("outsideSupportHoursUrgency", out _))
        {
            // The provider's scheduled urgency change exists only for high inside and low outside support hours.
            problems.Add($"{path}.outsideSupportHoursUrgency cannot be chosen: with supportHours PagerDuty takes only high urgency inside them and low outside, "
                + "with a scheduled change to high when they start (terraform-provider-pagerduty, website/docs/r/service.html.markdown, scheduled_actions); remove it");
        }

        Unknown(element, path, problems, "environment", "escalationPolicy", "name", "acknowledgementTimeoutSeconds", "autoResolveTimeoutSeconds", "supportHours", "outsideSupportHoursUrgency");
        var environment = Text(element, "environment", path, problems, required: true);
        if (environment is not null && !Config.SettingsCatalog.StackNamePattern().IsMatch(environment))
        {
            problems.Add($"{path}.environment '{environment}' must be an environment label (lower-case letters, digits and '-'), the observability:environment of the stack that pages");
            environment = null;
        }

        var policy = Text(element, "escalationPolicy", path, problems, required: true);
        if (policy is not null && !policies.Contains(policy))
        {
            problems.Add($"{path}.escalationPolicy '{policy}' is not a policy in escalationPolicies; add it or fix the name");
        }

        var name = Text(element, "name", path, problems, required: false);
        var acknowledgement = Timeout(element, "acknowledgementTimeoutSeconds", path, problems, OnCallLimits.MinAcknowledgementTimeoutSeconds,
            "seconds before an acknowledged incident that nobody resolved pages again", PagingService.DefaultAcknowledgementTimeoutSeconds);
        var autoResolve = Timeout(element, "autoResolveTimeoutSeconds", path, problems, OnCallLimits.MinAutoResolveTimeoutSeconds,
            "seconds after an incident opens before PagerDuty resolves it, even while its alert still fires (Alertmanager's next repeat then opens and pages a new one); "
            + "a clean-up of forgotten incidents of at least a day, or \"null\" (the default) to let Alertmanager resolve them", null);
        var hours = element.TryGetProperty("supportHours", out var hoursElement) && hoursElement.ValueKind != JsonValueKind.Null
            ? ParseSupportHours(hoursElement, $"{path}.supportHours", problems)
            : null;
        return environment is null || policy is null
            ? null
            : new PagingService(environment, policy, name ?? $"Observability {environment}", acknowledgement, autoResolve, hours);
    }

    private static SupportHours? ParseSupportHours(JsonElement element, string path, List<string> problems)
    {
        if (!IsObject(element, path, problems, "{timeZone: Europe/Berlin, startTime: \"09:00:00\", endTime: \"17:00:00\", daysOfWeek: [1, 2, 3, 4, 5]}"))
        {
            return null;
        }

        Unknown(element, path, problems, "timeZone", "startTime", "endTime", "daysOfWeek");
        var zoneId = Text(element, "timeZone", path, problems, required: true);
        var zone = Zone(zoneId, $"{path}.timeZone", problems);
        var start = TimeOfDay(element, "startTime", path, problems);
        var end = TimeOfDay(element, "endTime", path, problems);
        if (start is not null && end is not null && end <= start)
        {
            problems.Add($"{path}.endTime must be after {path}.startTime (support hours lie within one day)");
        }

        var days = new List<int>();
        foreach (var (day, dayPath) in Items(element, "daysOfWeek", problems, required: true, path, max: 7))
        {
            if (day.ValueKind == JsonValueKind.Number && day.TryGetInt32(out var number) && number is >= 1 and <= 7 && !days.Contains(number))
            {
                days.Add(number);
            }
            else
            {
                problems.Add($"{dayPath} must be a day 1 (Monday) to 7 (Sunday), each once");
            }
        }

        return zone is null || start is null || end is null || days.Count == 0 ? null : new SupportHours(zoneId!, start.Value, end.Value, days.Order().ToList());
    }

    private static MaintenanceWindow? ParseMaintenance(JsonElement element, string path, List<string> problems, HashSet<string> environments)
    {
        if (!IsObject(element, path, problems, "{description: database upgrade, services: [production], timeZone: Europe/Berlin, start: 2026-12-10T22:00:00, end: 2026-12-11T02:00:00}"))
        {
            return null;
        }

        Unknown(element, path, problems, "description", "services", "timeZone", "start", "end");
        var description = Text(element, "description", path, problems, required: true);
        var services = new List<string>();
        foreach (var (service, servicePath) in Items(element, "services", problems, required: true, path, max: OnCallLimits.MaxPolicies))
        {
            if (service.ValueKind == JsonValueKind.String && service.GetString() is { } environment && environments.Contains(environment))
            {
                services.Add(environment);
            }
            else
            {
                problems.Add($"{servicePath} must be the environment of a service in services ({string.Join(", ", environments.Order(StringComparer.Ordinal))})");
            }
        }

        var zoneId = Text(element, "timeZone", path, problems, required: true);
        var before = problems.Count;
        var zone = Zone(zoneId, $"{path}.timeZone", problems);
        if (problems.Count > before)
        {
            // The window resource has no time zone (start and end carry offsets): the list is the schedules', taken for one vocabulary.
            problems[^1] = problems[^1].Replace("is not a time zone the pagerduty provider accepts",
                "is not in the time-zone list this project takes (the provider's list for schedules; a maintenance window has no time zone of its own, this one only gives start and end their offset)", StringComparison.Ordinal);
        }

        var start = LocalTime(element, "start", path, problems, required: true, wholeMinute: true);
        var end = LocalTime(element, "end", path, problems, required: true, wholeMinute: true);
        if (start is not null && end is not null && zone is not null)
        {
            var length = (OnCallTime.Resolve(zone, end.Value) - OnCallTime.Resolve(zone, start.Value)).TotalSeconds;
            if (length <= 0 || length > OnCallLimits.MaxMaintenanceSeconds)
            {
                problems.Add($"{path}.end must be after {path}.start and at most {OnCallLimits.MaxMaintenanceSeconds / 86_400} days later (a longer quiet period is a service to remove, not maintenance)");
            }
        }

        return description is null || zone is null || start is null || end is null || services.Count == 0
            ? null
            : new MaintenanceWindow(description, services, zoneId!, zone, start.Value, end.Value);
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

    private static DateTimeZone? Zone(string? id, string path, List<string> problems)
    {
        if (id is null)
        {
            return null;
        }

        var (zone, problem) = PagerDutyTimeZones.Find(id);
        if (problem is not null)
        {
            problems.Add($"{path} {problem}");
        }

        return zone;
    }

    /// <summary>A whole number within bounds, or null (reported) when missing or out of them.</summary>
    private static long? Bounded(JsonElement element, string key, string path, List<string> problems, long min, long max, string what, bool required = false)
    {
        var value = Integer(element, key, path, problems, required);
        if (value is not null && (value < min || value > max))
        {
            problems.Add($"{Join(path, key)} must be between {min} and {max}, got {value}: {what}");
            return null;
        }

        return value;
    }

    /// <summary>A service timeout in seconds, or the string "null" (PagerDuty's way to disable it): null.</summary>
    private static long? Timeout(JsonElement element, string key, string path, List<string> problems, long min, string what, long? fallback)
    {
        if (element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() == "null")
        {
            return null;
        }

        return element.TryGetProperty(key, out _)
            ? Bounded(element, key, path, problems, min, OnCallLimits.MaxTimeoutSeconds, what + "; or \"null\" to disable it")
            : fallback;
    }

    private static string? OneOf(JsonElement element, string key, string path, List<string> problems, string[] allowed, bool required)
    {
        var value = Text(element, key, path, problems, required);
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            problems.Add($"{Join(path, key)} '{value}' must be one of {string.Join(", ", allowed)}");
            return null;
        }

        return value;
    }

    private static TimeSpan? TimeOfDay(JsonElement element, string key, string path, List<string> problems)
    {
        var time = Text(element, key, path, problems, required: true);
        if (time is not null && TimeOfDayPattern().IsMatch(time) && TimeSpan.TryParseExact(time, @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var parsed) && parsed < TimeSpan.FromDays(1))
        {
            return parsed;
        }

        if (time is not null)
        {
            problems.Add($"{Join(path, key)} '{time}' is not a time of day; write HH:mm:ss from 00:00:00 to 23:59:59 (e.g. \"09:00:00\")");
        }

        return null;
    }

    private static List<(JsonElement Element, string Path)> Items(JsonElement parent, string key, List<string> problems, bool required, string path = "", int max = int.MaxValue)
    {
        var full = Join(path, key);
        if (!parent.TryGetProperty(key, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problems.Add($"{full} is required (a list; docs/oncall.md shows an example)");
            }

            return [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{full} must be a list");
            return [];
        }

        if (list.GetArrayLength() > max)
        {
            problems.Add($"{full} has {list.GetArrayLength()} entries; at most {max} (docs/oncall.md, Limits)");
            return [];
        }

        return list.EnumerateArray().Select((e, i) => (Element: e, Path: $"{full}[{i}]")).ToList();
    }

    private static bool IsObject(JsonElement element, string path, List<string> problems, string example)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        problems.Add($"{path} must be a mapping such as {example}");
        return false;
    }

    private static void Unknown(JsonElement element, string path, List<string> problems, params string[] known)
    {
        foreach (var property in element.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
        {
            problems.Add($"{Join(path, property.Name)} is not a known key here; the keys are {string.Join(", ", known)}");
        }
    }

    private static string? Text(JsonElement element, string key, string path, List<string> problems, bool required)
    {
        if (element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            // PagerDuty refuses non-printable characters in names, and the calendar would carry them raw.
            foreach (var rune in text.EnumerateRunes().Where(r => !IsPrintable(r)).Take(1))
            {
                problems.Add($"{Join(path, key)} contains the non-printable character U+{rune.Value:X4}; remove it (control characters and non-printable spaces are refused by PagerDuty and would break the calendar file)");
                return null;
            }

            if (text.Trim().Length > 0)
            {
                return text.Trim();
            }
        }

        if (element.TryGetProperty(key, out value) && value.ValueKind != JsonValueKind.Null)
        {
            problems.Add($"{Join(path, key)} must be a non-empty string");
        }
        else if (required)
        {
            problems.Add($"{Join(path, key)} is required");
        }

        return null;
    }

    private static long? Integer(JsonElement element, string key, string path, List<string> problems, bool required = false)
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problems.Add($"{Join(path, key)} is required");
            }

            return null;
        }

        // YAML stack files give numbers as strings in PULUMI_CONFIG, and as numbers when read from the file.
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        problems.Add($"{Join(path, key)} must be a whole number");
        return null;
    }

    private static bool? Flag(JsonElement element, string key, string path, List<string> problems)
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String when value.GetString() is "true" or "false":
                return value.GetString() == "true";
            default:
                problems.Add($"{Join(path, key)} must be true or false");
                return null;
        }
    }

    /// <summary>
    /// A wall-clock time of the schedule's time zone, written without an offset (2026-11-02T09:00:00), between
    /// the years the model allows. <paramref name="wholeMinute"/>: the provider refuses seconds (ValidateRFC3339).
    /// </summary>
    private static LocalDateTime? LocalTime(JsonElement element, string key, string path, List<string> problems, bool required, bool wholeMinute)
    {
        var text = Text(element, key, path, problems, required);
        if (text is null)
        {
            return null;
        }

        if (!DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            problems.Add($"{Join(path, key)} '{text}' is not a local date and time; write YYYY-MM-DDTHH:mm:ss without an offset (the timeZone applies), e.g. 2026-11-02T09:00:00");
            return null;
        }

        if (time.Year < OnCallTime.MinYear || time.Year >= OnCallTime.MaxYear)
        {
            problems.Add($"{Join(path, key)} '{text}' is outside the years {OnCallTime.MinYear} to {OnCallTime.MaxYear - 1}; write a date in them");
            return null;
        }

        if (wholeMinute && time.Second != 0)
        {
            problems.Add($"{Join(path, key)} '{text}' has seconds, which the pagerduty provider refuses here{(key == "start" && path.Contains(".layers[", StringComparison.Ordinal) ? " (start is sent as rotationVirtualStart too when that is not given)" : "")}; set it to a full minute, e.g. {time:yyyy-MM-dd'T'HH:mm}:00");
            return null;
        }

        return LocalDateTime.FromDateTime(time);
    }

    /// <summary>Go's unicode.IsPrint, which the provider applies to names: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    internal static bool IsPrintable(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };

    private static T Problem<T>(List<string> problems, string problem)
    {
        problems.Add(problem);
        return default!;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    [GeneratedRegex("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$")]
    private static partial Regex PhoneKeyPattern();

    [GeneratedRegex("^[0-9]{2}:[0-9]{2}:[0-9]{2}$")]
    private static partial Regex TimeOfDayPattern();
}
