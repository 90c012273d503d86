using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Infra.Components.OnCall;

/// <summary>
/// Reads <c>observability:onCall</c> into an <see cref="OnCallConfig"/>, collecting every problem with the
/// path of the value (e.g. <c>schedules[0].layers[1].rotationTurnLengthSeconds</c>) and how to fix it.
/// </summary>
public static partial class OnCallConfigParser
{
    public const int DefaultCalendarWeeks = 4;
    public const int MaxCalendarWeeks = 26;
    private const long Day = 86_400;
    private const long Week = 7 * Day;

    private static readonly string[] TeamRoles = ["manager", "responder", "observer"];
    private static readonly string[] UserRoles = ["admin", "limited_user", "observer", "owner", "read_only_user", "read_only_limited_user", "restricted_access", "user"];

    public static (OnCallConfig? Value, string? Error) Parse(JsonElement root)
    {
        var problems = new List<string>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, "must be a mapping with users, teams, schedules, escalationPolicies, services and calendarStart (docs/oncall.md)");
        }

        Unknown(root, string.Empty, problems, "users", "teams", "schedules", "escalationPolicies", "services", "calendarStart", "calendarWeeks");
        var users = Items(root, "users", problems, required: true).Select(u => ParseUser(u.Element, u.Path, problems)).OfType<OnCallUser>().ToList();
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

        var teams = Items(root, "teams", problems, required: false).Select(t => ParseTeam(t.Element, t.Path, problems, CheckUser)).OfType<OnCallTeam>().ToList();
        var teamNames = teams.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        string? CheckTeam(string? team, string path)
        {
            if (team is not null && !teamNames.Contains(team))
            {
                problems.Add($"{path} '{team}' is not a team in teams; add it to teams or fix the name");
            }

            return team;
        }

        var schedules = Items(root, "schedules", problems, required: true).Select(s => ParseSchedule(s.Element, s.Path, problems, CheckUser, CheckTeam)).OfType<OnCallSchedule>().ToList();
        // Every named schedule, valid or not: a schedule with a bad time zone is reported once, not again by each policy naming it.
        var scheduleNames = root.TryGetProperty("schedules", out var scheduleList) && scheduleList.ValueKind == JsonValueKind.Array
            ? scheduleList.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                .Select(s => s.GetProperty("name").GetString()!.Trim()).ToHashSet(StringComparer.Ordinal)
            : [];
        var policies = Items(root, "escalationPolicies", problems, required: true)
            .Select(p => ParsePolicy(p.Element, p.Path, problems, CheckUser, CheckTeam, scheduleNames)).OfType<EscalationPolicy>().ToList();
        var policyNames = policies.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var services = Items(root, "services", problems, required: true).Select(s => ParseService(s.Element, s.Path, problems, policyNames)).OfType<PagingService>().ToList();

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

        var weeks = Integer(root, "calendarWeeks", string.Empty, problems) ?? DefaultCalendarWeeks;
        if (weeks is < 2 or > MaxCalendarWeeks)
        {
            problems.Add($"calendarWeeks must be between 2 and {MaxCalendarWeeks} (weeks of calendar that render writes), got {weeks}");
        }

        return problems.Count > 0
            ? (null, $"is invalid:\n{string.Join("\n", problems)}")
            : (new OnCallConfig(users, teams, schedules, policies, services, calendarStart, (int)weeks), null);
    }

    private static OnCallUser? ParseUser(JsonElement element, string path, List<string> problems)
    {
        if (!IsObject(element, path, problems, "{email: alice@example.com, name: Alice Example}"))
        {
            return null;
        }

        Unknown(element, path, problems, "email", "name", "existing", "role");
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

        return email is null ? null : new OnCallUser(email, name ?? email, existing, role);
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
        foreach (var (member, memberPath) in Items(element, "members", problems, required: false, path))
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
        TimeZoneInfo? zone = null;
        if (zoneId is not null)
        {
            // IANA ids only (what PagerDuty accepts); .NET would also take Windows ids on some systems.
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone) || !zone.HasIanaId)
            {
                problems.Add($"{path}.timeZone '{zoneId}' is not an IANA time zone; use a name such as Europe/Berlin or America/New_York");
                zone = null;
            }
        }

        var layers = Items(element, "layers", problems, required: true, path)
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
        var start = LocalTime(element, "start", path, problems, required: true);
        var virtualStart = LocalTime(element, "rotationVirtualStart", path, problems, required: false) ?? start;
        var end = LocalTime(element, "end", path, problems, required: false);
        if (start is not null && end is not null && end <= start)
        {
            problems.Add($"{path}.end must be after {path}.start; remove end for a layer that does not end");
        }

        var turn = Integer(element, "rotationTurnLengthSeconds", path, problems, required: true);
        if (turn is <= 0)
        {
            problems.Add($"{path}.rotationTurnLengthSeconds must be greater than 0, got {turn}; the length of one turn in seconds, e.g. 86400 (a day) or 604800 (a week)");
            turn = null;
        }

        var users = new List<string>();
        if (element.TryGetProperty("users", out var list) && list.ValueKind == JsonValueKind.Array)
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
        else
        {
            problems.Add($"{path}.users is required: the users who take turns, in order, as a list of emails");
        }

        if (users.Count == 0 && list.ValueKind == JsonValueKind.Array)
        {
            problems.Add($"{path}.users is empty; a layer needs at least one user (emails from users)");
        }

        var restrictions = Items(element, "restrictions", problems, required: false, path)
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

        var duration = Integer(element, "durationSeconds", path, problems, required: true);
        var longest = kind == RestrictionKind.Weekly ? Week : Day;
        if (duration is not null && (duration <= 0 || duration > longest))
        {
            problems.Add($"{path}.durationSeconds must be between 1 and {longest} ({(kind == RestrictionKind.Weekly ? "a week" : "a day")}) for a {(kind == RestrictionKind.Weekly ? "weekly" : "daily")}_restriction, got {duration}");
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
        var team = checkTeam(Text(element, "team", path, problems, required: false), $"{path}.team");
        var loops = Integer(element, "numLoops", path, problems) ?? 0;
        if (loops is < 0 or > 9)
        {
            problems.Add($"{path}.numLoops must be between 0 and 9 (times the policy starts over), got {loops}");
        }

        var rules = new List<EscalationRule>();
        foreach (var (rule, rulePath) in Items(element, "rules", problems, required: true, path))
        {
            if (!IsObject(rule, rulePath, problems, "{delayMinutes: 15, targets: [{schedule: platform-primary}]}"))
            {
                continue;
            }

            Unknown(rule, rulePath, problems, "delayMinutes", "targets");
            var delay = Integer(rule, "delayMinutes", rulePath, problems, required: true);
            if (delay is not null and < 1)
            {
                problems.Add($"{rulePath}.delayMinutes must be at least 1, got {delay}");
            }

            var targets = new List<EscalationTarget>();
            foreach (var (target, targetPath) in Items(rule, "targets", problems, required: true, rulePath))
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

            rules.Add(new EscalationRule((int)(delay ?? 1), targets));
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

        Unknown(element, path, problems, "environment", "escalationPolicy", "name");
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
        return environment is null || policy is null ? null : new PagingService(environment, policy, name ?? $"Observability {environment}");
    }

    private static void Duplicates(IEnumerable<string> names, string what, List<string> problems) =>
        problems.AddRange(names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{what} has '{g.Key}' {g.Count()} times; names must be unique"));

    private static List<(JsonElement Element, string Path)> Items(JsonElement parent, string key, List<string> problems, bool required, string path = "")
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
            return text.Trim();
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

    /// <summary>A wall-clock time of the schedule's time zone, written without an offset (2026-11-02T09:00:00).</summary>
    private static DateTime? LocalTime(JsonElement element, string key, string path, List<string> problems, bool required)
    {
        var text = Text(element, key, path, problems, required);
        if (text is null)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return DateTime.SpecifyKind(time, DateTimeKind.Unspecified);
        }

        problems.Add($"{Join(path, key)} '{text}' is not a local date and time; write YYYY-MM-DDTHH:mm:ss without an offset (the schedule's timeZone applies), e.g. 2026-11-02T09:00:00");
        return null;
    }

    private static T Problem<T>(List<string> problems, string problem)
    {
        problems.Add(problem);
        return default!;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    [GeneratedRegex("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[0-9]{2}:[0-9]{2}:[0-9]{2}$")]
    private static partial Regex TimeOfDayPattern();
}
