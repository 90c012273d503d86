using Infra.Components.OnCall;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.OnCall;

/// <summary>
/// Every bound the pinned pagerduty provider enforces at <c>pulumi up</c>, with its source in
/// terraform-provider-pagerduty (docs/oncall.md, "Provider bounds", gives the tag), a value it refuses and
/// the compile's message for it; the edge values it accepts compile. Then this project's own bounds: no
/// number, however large, makes the compile crash or run away.
/// </summary>
public sealed class ProviderBoundsTests
{
    private const string Schedule = "pagerduty/resource_pagerduty_schedule.go";
    private const string Policy = "pagerduty/resource_pagerduty_escalation_policy.go";
    private const string Util = "util/util.go";

    /// <summary>A valid model that uses every kind of value the bounds apply to.</summary>
    internal const string Valid = """
        {"calendarStart": "2026-11-30",
         "users": [{"email": "a@example.com", "name": "A", "phoneCountryCode": 49, "notificationRules": [{"urgency": "high", "delayMinutes": 0, "via": "phone"}]},
                   {"email": "b@example.com", "name": "B"}],
         "teams": [{"name": "T", "members": [{"user": "a@example.com", "role": "responder"}]}],
         "schedules": [{"name": "primary", "timeZone": "Europe/Berlin", "layers": [
            {"name": "weekly", "start": "2026-11-02T09:00:00", "rotationVirtualStart": "2026-11-02T09:00:00", "rotationTurnLengthSeconds": 604800,
             "users": ["a@example.com", "b@example.com"],
             "restrictions": [{"type": "daily_restriction", "startTimeOfDay": "09:00:00", "durationSeconds": 28800},
                              {"type": "weekly_restriction", "startDayOfWeek": 6, "startTimeOfDay": "00:00:00", "durationSeconds": 172800}]}]}],
         "escalationPolicies": [{"name": "platform", "numLoops": 2, "rules": [
            {"delayMinutes": 15, "assignment": "round_robin", "targets": [{"schedule": "primary"}, {"user": "b@example.com"}]}]}],
         "services": [{"environment": "production", "escalationPolicy": "platform", "name": "Observability production",
            "supportHours": {"timeZone": "Europe/Berlin", "startTime": "09:00:00", "endTime": "17:00:00", "daysOfWeek": [1, 2, 3, 4, 5]}}],
         "maintenanceWindows": [{"description": "upgrade", "services": ["production"], "timeZone": "Europe/Berlin", "start": "2026-12-10T22:00:00", "end": "2026-12-11T02:00:00"}]}
        """;

    /// <summary>Bound, its source, the valid text, the refused replacement, and what the compile says.</summary>
    public static TheoryData<string, string, string, string, string> Bounds() => new()
    {
        { "rotation_turn_length_seconds >= 3600", $"{Schedule}: validation.IntBetween(3600, 365*24*3600)", "\"rotationTurnLengthSeconds\": 604800", "\"rotationTurnLengthSeconds\": 3599",
            "schedules[0].layers[0].rotationTurnLengthSeconds must be between 3600 and 31536000, got 3599" },
        { "rotation_turn_length_seconds <= 365 days", $"{Schedule}: validation.IntBetween(3600, 365*24*3600)", "\"rotationTurnLengthSeconds\": 604800", "\"rotationTurnLengthSeconds\": 31536001",
            "schedules[0].layers[0].rotationTurnLengthSeconds must be between 3600 and 31536000, got 31536001" },
        { "daily_restriction shorter than a day", $"{Schedule}: CustomizeDiff (ds >= 3600*24 refused)", "\"durationSeconds\": 28800", "\"durationSeconds\": 86400",
            "schedules[0].layers[0].restrictions[0].durationSeconds must be between 1 and 86399 (shorter than a day" },
        { "weekly_restriction shorter than a week", $"{Schedule}: duration_seconds validation.IntBetween(1, 7*24*3600-1)", "\"durationSeconds\": 172800", "\"durationSeconds\": 604800",
            "schedules[0].layers[0].restrictions[1].durationSeconds must be between 1 and 604799 (shorter than a week" },
        { "duration_seconds >= 1", $"{Schedule}: duration_seconds validation.IntBetween(1, 7*24*3600-1)", "\"durationSeconds\": 28800", "\"durationSeconds\": 0",
            "schedules[0].layers[0].restrictions[0].durationSeconds must be between 1 and 86399" },
        { "start_day_of_week required for weekly_restriction", $"{Schedule}: CustomizeDiff", "\"startDayOfWeek\": 6, ", "",
            "schedules[0].layers[0].restrictions[1].startDayOfWeek is required for a weekly_restriction" },
        { "start_day_of_week only for weekly_restriction", $"{Schedule}: CustomizeDiff", "\"type\": \"daily_restriction\", ", "\"type\": \"daily_restriction\", \"startDayOfWeek\": 3, ",
            "schedules[0].layers[0].restrictions[0].startDayOfWeek is only for a weekly_restriction" },
        { "start_day_of_week 0 to 7 (0: unset)", $"{Schedule}: validation.IntBetween(0, 7)", "\"startDayOfWeek\": 6", "\"startDayOfWeek\": 8",
            "schedules[0].layers[0].restrictions[1].startDayOfWeek must be 1 (Monday) to 7 (Sunday), got 8" },
        { "start_time_of_day HH:mm:ss", $"{Schedule}: validation.StringMatch(([0-1][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9])", "\"startTimeOfDay\": \"09:00:00\"", "\"startTimeOfDay\": \"24:30:00\"",
            "schedules[0].layers[0].restrictions[0].startTimeOfDay '24:30:00' is not a time of day" },
        { "layer users MinItems 1", $"{Schedule}: users MinItems: 1", "\"users\": [\"a@example.com\", \"b@example.com\"]", "\"users\": []",
            "schedules[0].layers[0].users is empty" },
        { "rotation_virtual_start a full minute", $"{Util}: ValidateRFC3339 (seconds refused)", "\"rotationVirtualStart\": \"2026-11-02T09:00:00\"", "\"rotationVirtualStart\": \"2026-11-02T09:00:30\"",
            "schedules[0].layers[0].rotationVirtualStart '2026-11-02T09:00:30' has seconds, which the pagerduty provider refuses here; set it to a full minute, e.g. 2026-11-02T09:00:00" },
        { "rotation_virtual_start a full minute (defaulting to start)", $"{Util}: ValidateRFC3339 (seconds refused)", "\"start\": \"2026-11-02T09:00:00\", \"rotationVirtualStart\": \"2026-11-02T09:00:00\", ", "\"start\": \"2026-11-02T09:00:30\", ",
            "schedules[0].layers[0].start '2026-11-02T09:00:30' has seconds, which the pagerduty provider refuses here (start is sent as rotationVirtualStart too when that is not given); set it to a full minute, e.g. 2026-11-02T09:00:00" },
        { "maintenance window start a full minute", $"pagerduty/resource_pagerduty_maintenance_window.go: validateRFC3339", "\"start\": \"2026-12-10T22:00:00\"", "\"start\": \"2026-12-10T22:00:01\"",
            "maintenanceWindows[0].start '2026-12-10T22:00:01' has seconds" },
        { "time_zone in ValidTZ: UTC", $"{Util}: ValidTZ, ValidateTZValueDiagFunc", "\"timeZone\": \"Europe/Berlin\", \"layers\"", "\"timeZone\": \"UTC\", \"layers\"",
            "schedules[0].timeZone 'UTC' is not a time zone the pagerduty provider accepts; use Etc/UTC, the provider's name for the same zone" },
        { "time_zone in ValidTZ: US/Eastern", $"{Util}: ValidTZ", "\"timeZone\": \"Europe/Berlin\", \"layers\"", "\"timeZone\": \"US/Eastern\", \"layers\"",
            "schedules[0].timeZone 'US/Eastern' is not a time zone the pagerduty provider accepts; use America/New_York, the provider's name for the same zone" },
        { "time_zone in ValidTZ: Europe/Kyiv", $"{Util}: ValidTZ", "\"timeZone\": \"Europe/Berlin\", \"layers\"", "\"timeZone\": \"Europe/Kyiv\", \"layers\"",
            "schedules[0].timeZone 'Europe/Kyiv' is not a time zone the pagerduty provider accepts; use Europe/Kiev, the provider's name for the same zone" },
        { "time_zone in ValidTZ: Asia/Calcutta", $"{Util}: ValidTZ", "\"timeZone\": \"Europe/Berlin\", \"layers\"", "\"timeZone\": \"Asia/Calcutta\", \"layers\"",
            "schedules[0].timeZone 'Asia/Calcutta' is not a time zone the pagerduty provider accepts; use Asia/Kolkata, the provider's name for the same zone" },
        { "support_hours time_zone in ValidTZ", $"pagerduty/resource_pagerduty_service.go: support_hours.time_zone ValidateTZValueDiagFunc", "{\"timeZone\": \"Europe/Berlin\", \"startTime\"", "{\"timeZone\": \"Europe/Oslo\", \"startTime\"",
            "services[0].supportHours.timeZone 'Europe/Oslo' is not a time zone the pagerduty provider accepts" },
        { "escalation policy name without \\", $"{Policy}: validateIsAllowedString(NoNonPrintableCharsOrSpecialChars)", "\"name\": \"platform\"", "\"name\": \"plat\\\\form\"",
            "escalationPolicies[0].name 'plat\\form' contains one of \\ / & < >" },
        { "escalation policy name without /", $"{Policy}: validateIsAllowedString(NoNonPrintableCharsOrSpecialChars)", "\"name\": \"platform\"", "\"name\": \"plat/form\"",
            "escalationPolicies[0].name 'plat/form' contains one of" },
        { "escalation policy name without &", $"{Policy}: validateIsAllowedString(NoNonPrintableCharsOrSpecialChars)", "\"name\": \"platform\"", "\"name\": \"platform & data\"",
            "escalationPolicies[0].name 'platform & data' contains one of" },
        { "escalation policy name without <", $"{Policy}: validateIsAllowedString(NoNonPrintableCharsOrSpecialChars)", "\"name\": \"platform\"", "\"name\": \"<platform\"",
            "escalationPolicies[0].name '<platform' contains one of" },
        { "escalation policy name without >", $"{Policy}: validateIsAllowedString(NoNonPrintableCharsOrSpecialChars)", "\"name\": \"platform\"", "\"name\": \"platform>\"",
            "escalationPolicies[0].name 'platform>' contains one of" },
        { "service name printable", "pagerduty/resource_pagerduty_service.go: validateIsAllowedString(NoNonPrintableChars)", "\"name\": \"Observability production\"", "\"name\": \"Observability\\u0007production\"",
            "services[0].name contains the non-printable character U+0007" },
        { "num_loops 0 to 9", $"{Policy}: validation.IntBetween(0, 9)", "\"numLoops\": 2", "\"numLoops\": 10",
            "escalationPolicies[0].numLoops must be between 0 and 9, got 10" },
        { "escalation_delay_in_minutes >= 1", $"{Policy}: validation.IntAtLeast(1)", "\"delayMinutes\": 15", "\"delayMinutes\": 0",
            "escalationPolicies[0].rules[0].delayMinutes must be between 1 and 10080, got 0" },
        { "escalation_rule_assignment_strategy type", $"{Policy}: validateValueDiagFunc(assign_to_everyone, round_robin)", "\"assignment\": \"round_robin\"", "\"assignment\": \"random\"",
            "escalationPolicies[0].rules[0].assignment 'random' must be one of assign_to_everyone, round_robin" },
        { "user role", "pagerduty/resource_pagerduty_user.go: validateValueDiagFunc(admin, ...)", "\"name\": \"B\"", "\"name\": \"B\", \"role\": \"superuser\"",
            "users[1].role 'superuser' must be one of" },
        { "team membership role", "pagerdutyplugin/resource_pagerduty_team_membership.go: stringvalidator.OneOf(observer, responder, manager)", "\"role\": \"responder\"", "\"role\": \"owner\"",
            "teams[0].members[0].role 'owner' must be one of manager, responder, observer" },
        { "maintenance window end_time in the future (calendarStart stands for today)",
            "pagerduty/resource_pagerduty_maintenance_window.go: end_time, sent to the API as is; website/docs/r/maintenance_window.html.markdown: end_time must be in the future",
            "\"start\": \"2026-12-10T22:00:00\", \"end\": \"2026-12-11T02:00:00\"", "\"start\": \"2026-11-29T22:00:00\", \"end\": \"2026-11-30T00:00:00\"",
            "maintenanceWindows[0].end 2026-11-30T00:00 is not after calendarStart 2026-11-30 (midnight, Europe/Berlin): PagerDuty refuses a maintenance window that has already ended" },
        { "support hours: high urgency inside, low outside, for the scheduled urgency change",
            "pagerduty/resource_pagerduty_service.go: scheduled_actions; website/docs/r/service.html.markdown: only high during_support_hours and low outside_support_hours",
            "\"supportHours\": {", "\"outsideSupportHoursUrgency\": \"high\", \"supportHours\": {",
            "services[0].outsideSupportHoursUrgency cannot be chosen" },
        { "notification rule urgency", "pagerdutyplugin/resource_pagerduty_user_notification_rule.go: stringvalidator.OneOf(high, low)", "\"urgency\": \"high\"", "\"urgency\": \"medium\"",
            "users[0].notificationRules[0].urgency 'medium' must be one of high, low" },
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public void EveryProviderBoundIsEnforcedAtCompileTimeWithThePathAndTheFix(string bound, string source, string from, string to, string expected)
    {
        Assert.False(string.IsNullOrWhiteSpace(bound));
        Assert.Contains(".go", source, StringComparison.Ordinal);
        Assert.Contains(from, Valid, StringComparison.Ordinal);
        var error = Refused(Valid.Replace(from, to, StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    /// <summary>The edges the provider accepts compile: the bounds are exactly the provider's, not stricter.</summary>
    [Theory]
    [InlineData("\"rotationTurnLengthSeconds\": 604800", "\"rotationTurnLengthSeconds\": 3600")]
    [InlineData("\"rotationTurnLengthSeconds\": 604800", "\"rotationTurnLengthSeconds\": 31536000")]
    [InlineData("\"durationSeconds\": 28800", "\"durationSeconds\": 86399")]
    [InlineData("\"durationSeconds\": 172800", "\"durationSeconds\": 604799")]
    [InlineData("\"timeZone\": \"Europe/Berlin\", \"layers\"", "\"timeZone\": \"Etc/UTC\", \"layers\"")]
    [InlineData("\"timeZone\": \"Europe/Berlin\", \"layers\"", "\"timeZone\": \"Europe/Kiev\", \"layers\"")]
    [InlineData("\"numLoops\": 2", "\"numLoops\": 9")]
    [InlineData("\"delayMinutes\": 15", "\"delayMinutes\": 1")]
    [InlineData("\"platform\"", "\"platform and data (24-7)\"")]
    [InlineData("\"start\": \"2026-12-10T22:00:00\", \"end\": \"2026-12-11T02:00:00\"", "\"start\": \"2026-11-29T22:00:00\", \"end\": \"2026-11-30T00:01:00\"")]
    public void TheProvidersEdgeValuesCompile(string from, string to)
    {
        Assert.Contains(from, Valid, StringComparison.Ordinal);
        Compile(Valid.Replace(from, to, StringComparison.Ordinal));
    }

    [Fact]
    public void EveryZoneOfTheProvidersListIsInTheTzDatabaseTheCalendarUses()
    {
        Assert.Equal(PagerDutyTimeZones.All.Order(StringComparer.Ordinal), PagerDutyTimeZones.All);
        Assert.Equal(PagerDutyTimeZones.All.Count, PagerDutyTimeZones.All.Distinct().Count());
        Assert.All(PagerDutyTimeZones.All, id => Assert.NotNull(PagerDutyTimeZones.Find(id).Zone));
    }

    /// <summary>
    /// Numbers far out of range, dates at the end of time, a one-second turn: refused, never a crash, and refused by the
    /// parser itself, before any turn is listed (the calendar and the double-booking check, whose work grows with
    /// these numbers, never see the value).
    /// </summary>
    [Theory]
    [InlineData("\"rotationTurnLengthSeconds\": 604800", "\"rotationTurnLengthSeconds\": 1000000000000", "rotationTurnLengthSeconds must be between 3600 and 31536000")]
    [InlineData("\"rotationTurnLengthSeconds\": 604800", "\"rotationTurnLengthSeconds\": 1", "rotationTurnLengthSeconds must be between 3600 and 31536000, got 1")]
    [InlineData("\"rotationTurnLengthSeconds\": 604800", "\"rotationTurnLengthSeconds\": 1e30", "rotationTurnLengthSeconds must be between 3600 and 31536000, got 1e30")]
    [InlineData("\"calendarStart\": \"2026-11-30\"", "\"calendarStart\": \"9999-12-20\"", "calendarStart '9999-12-20' is outside 2000-01-01 to 2099-12-31")]
    [InlineData("\"calendarStart\": \"2026-11-30\"", "\"calendarStart\": \"2026-11-30\", \"calendarWeeks\": 1000000000000", "calendarWeeks must be between 2 and 26")]
    [InlineData("\"start\": \"2026-11-02T09:00:00\"", "\"start\": \"9999-12-31T23:59:00\"", "start '9999-12-31T23:59:00' is outside the years 2000 to 2099")]
    [InlineData("\"delayMinutes\": 15", "\"delayMinutes\": 9223372036854775807", "delayMinutes must be between 1 and 10080")]
    [InlineData("\"numLoops\": 2", "\"numLoops\": -9223372036854775808", "numLoops must be between 0 and 9")]
    [InlineData("\"startDayOfWeek\": 6", "\"startDayOfWeek\": 1000000000000000", "startDayOfWeek must be 1 (Monday) to 7 (Sunday)")]
    [InlineData("\"durationSeconds\": 172800", "\"durationSeconds\": 9000000000000000000", "durationSeconds must be between 1 and 604799")]
    [InlineData("\"phoneCountryCode\": 49", "\"phoneCountryCode\": 4900000000", "phoneCountryCode must be between 1 and 999")]
    [InlineData("\"delayMinutes\": 0, \"via\"", "\"delayMinutes\": 100000000, \"via\"", "notificationRules[0].delayMinutes must be between 0 and 1440")]
    [InlineData("\"end\": \"2026-12-11T02:00:00\"", "\"end\": \"2099-12-11T02:00:00\"", "maintenanceWindows[0].end must be after maintenanceWindows[0].start and at most 31 days later")]
    [InlineData("\"escalationPolicy\": \"platform\", \"name\"", "\"escalationPolicy\": \"platform\", \"acknowledgementTimeoutSeconds\": 100000000000, \"name\"", "acknowledgementTimeoutSeconds must be between 60 and 604800")]
    public void NoInputCrashesOrRunsAway(string from, string to, string expected)
    {
        Assert.Contains(from, Valid, StringComparison.Ordinal);
        var config = Valid.Replace(from, to, StringComparison.Ordinal);
        var error = Refused(config);
        Assert.Contains(error.Problems, p => p.Contains(expected, StringComparison.Ordinal));
        Assert.Contains(expected, RefusedByTheParser(config), StringComparison.Ordinal);
    }

    /// <summary>
    /// At every list limit with the shortest turns over the longest calendar, the compile's work stays bounded: the
    /// turns of every layer over the days the calendar and the double-booking check cover are no more than the
    /// parser's estimate, which is within the cap, and the calendar lists no more events than that.
    /// </summary>
    [Fact]
    public void TheCalendarsWorkIsBoundedAtTheLimits()
    {
        var layers = string.Join(", ", Enumerable.Range(0, OnCallLimits.MaxLayers).Select(i =>
            $"{{\"name\": \"l{i}\", \"start\": \"2026-11-30T00:{i:00}:00\", \"rotationTurnLengthSeconds\": 3600, \"users\": [\"a@example.com\", \"b@example.com\"]}}"));
        var config = $$"""
            {"calendarStart": "2026-11-30", "calendarWeeks": {{OnCallConfigParser.MaxCalendarWeeks}},
             "users": [{"email": "a@example.com", "name": "A"}, {"email": "b@example.com", "name": "B"}],
             "schedules": [{"name": "s1", "timeZone": "Europe/Berlin", "layers": [{{layers}}]}, {"name": "s2", "timeZone": "Australia/Sydney", "layers": [{{layers}}]}],
             "escalationPolicies": [{"name": "p", "rules": [{"delayMinutes": 5, "targets": [{"schedule": "s1"}]}, {"delayMinutes": 5, "targets": [{"schedule": "s2"}]}]}],
             "services": [{"environment": "production", "escalationPolicy": "p"}]}
            """;
        var compiled = Compile(config);
        Assert.All(compiled.Graph.Documents.Where(d => d.Path.StartsWith("oncall/", StringComparison.Ordinal)), d => Assert.NotEmpty(d.Content));

        // The amount of work, counted: each layer's turns over the covered days, against the estimate and the cap.
        using var document = System.Text.Json.JsonDocument.Parse(config);
        var (model, problem) = OnCallConfigParser.Parse(document.RootElement);
        Assert.True(model is not null, problem);
        var days = Math.Max(model.CalendarWeeks * 7, DoubleBookingCheck.Horizon(model).Days);
        var from = RotationCalendar.Midnight(model.CalendarStart);
        var all = model.Schedules.SelectMany(s => s.Layers.Select(l => (Schedule: s, Layer: l))).ToList();
        Assert.Equal(2 * OnCallLimits.MaxLayers, all.Count);
        var turns = all.Sum(x => (long)RotationCalendar.Layer(x.Schedule, x.Layer, from, from + (days * 86_400L)).Count);
        var estimate = all.Sum(x => OnCallConfigParser.EstimatedTurns(x.Layer, days));
        Assert.InRange(turns, days * 24L, estimate);
        Assert.True(estimate <= OnCallLimits.MaxTotalTurns, $"the limits' estimate {estimate} passes the cap {OnCallLimits.MaxTotalTurns}");
        var events = compiled.Graph.Documents.Single(d => d.Path == OnCallStack.CalendarIcsPath).Content.Split("BEGIN:VEVENT").Length - 1;
        Assert.InRange(events, 1, estimate);
    }

    [Fact]
    public void ListsLongerThanTheLimitsAreRefused()
    {
        var users = string.Join(", ", Enumerable.Range(0, OnCallLimits.MaxUsers + 1).Select(i => $"{{\"email\": \"u{i}@example.com\", \"name\": \"U\"}}"));
        var error = Refused(Valid.Replace("\"users\": [{\"email\": \"a@example.com\"", $"\"users\": [{users}, {{\"email\": \"a@example.com\"", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains($"users has {OnCallLimits.MaxUsers + 3} entries; at most {OnCallLimits.MaxUsers}", StringComparison.Ordinal));
    }

    /// <summary>Layers of hourly turns: exactly as many as the total-work cap allows compile, one more is refused with the largest layer's path.</summary>
    [Fact]
    public void TheTotalWorkOfAllSchedulesIsBoundedAtTheCap()
    {
        static string Config(int layers, int weeks) =>
            $$"""{"calendarStart": "2026-11-30", "calendarWeeks": {{weeks}}, "users": [{"email": "a@example.com", "name": "A"}], "schedules": [""" + string.Join(", ", Enumerable.Range(0, (layers + 19) / 20).Select(s =>
                $$"""{"name": "s{{s}}", "timeZone": "Europe/Berlin", "layers": [""" + string.Join(", ", Enumerable.Range(0, Math.Min(20, layers - (s * 20))).Select(l =>
                    $$"""{"name": "l{{l}}", "start": "2026-11-02T09:00:00", "rotationTurnLengthSeconds": 3600, "users": ["a@example.com"]}""")) + "]}"))
            + """], "escalationPolicies": [{"name": "p", "rules": [{"delayMinutes": 5, "targets": [{"schedule": "s0"}]}]}], "services": [{"environment": "production", "escalationPolicy": "p"}]}""";

        // What one such layer costs, from the parsed model, so the test holds whatever the estimate's details.
        using var one = System.Text.Json.JsonDocument.Parse(Config(1, 2));
        var (config, problem) = OnCallConfigParser.Parse(one.RootElement);
        Assert.True(config is not null, problem);
        var days = Math.Max(config.CalendarWeeks * 7, DoubleBookingCheck.Horizon(config).Days);
        var perLayer = OnCallConfigParser.EstimatedTurns(config.Schedules[0].Layers[0], days);
        Assert.True(perLayer >= days * 24, "the estimate counts every hourly turn");
        var atCap = (int)(OnCallLimits.MaxTotalTurns / perLayer);

        Compile(Config(atCap, 2));
        var refused = Assert.Single(Refused(Config(atCap + 1, 2)).Problems);
        Assert.Contains($"more than the {OnCallLimits.MaxTotalTurns}", refused, StringComparison.Ordinal);
        Assert.Contains("(the largest: schedules[0].layers[0]", refused, StringComparison.Ordinal);
        Assert.Contains("lower calendarWeeks", refused, StringComparison.Ordinal);

        // The review's case: within every per-layer limit, 100 schedules of 20 hourly layers over 26 weeks: refused at
        // once, by the parser's estimate (arithmetic per layer), before any turn is listed.
        var largest = Config(OnCallLimits.MaxSchedules * OnCallLimits.MaxLayers, 26);
        Assert.Contains("more than the", Assert.Single(Refused(largest).Problems), StringComparison.Ordinal);
        Assert.Contains($"more than the {OnCallLimits.MaxTotalTurns}", RefusedByTheParser(largest), StringComparison.Ordinal);
    }

    /// <summary>The estimate bounds what the calendar really lists (a config with restrictions, several layers and users).</summary>
    [Fact]
    public void TheWorkEstimateIsAnUpperBoundOfTheCalendarsTurns()
    {
        using var document = System.Text.Json.JsonDocument.Parse(Valid);
        var (config, problem) = OnCallConfigParser.Parse(document.RootElement);
        Assert.True(config is not null, problem);
        var days = config.CalendarWeeks * 7;
        var estimate = config.Schedules.SelectMany(s => s.Layers).Sum(l => OnCallConfigParser.EstimatedTurns(l, days));
        var events = CalendarIcs.Write(config, days, null).Split("BEGIN:VEVENT").Length - 1;
        Assert.InRange(events, 1, estimate);
    }

    private static CompiledStack Compile(string onCall) =>
        Stacks.CompileWith(Stacks.First(StackRole.OnCall), new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = onCall });

    /// <summary>The parser's own refusal of a value: the model is never built, so no turn is listed for it.</summary>
    private static string RefusedByTheParser(string onCall)
    {
        using var document = System.Text.Json.JsonDocument.Parse(onCall);
        var (config, problem) = OnCallConfigParser.Parse(document.RootElement);
        Assert.Null(config);
        return Assert.IsType<string>(problem);
    }

    private static CompilationException Refused(string onCall)
    {
        var error = Assert.Throws<CompilationException>(() => Compile(onCall));
        Assert.All(error.Problems, p => Assert.Contains($"{SettingsCatalog.OnCall.Key} is invalid: ", p, StringComparison.Ordinal));
        return error;
    }
}
