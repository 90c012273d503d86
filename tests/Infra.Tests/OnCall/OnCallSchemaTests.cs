using System.Text.Json;
using Infra.Components.OnCall;

namespace Infra.Tests.OnCall;

/// <summary>
/// The on-call model's shape is a JSON Schema (infra/Components/OnCall/OnCallConfig.schema.json): its errors read
/// like the project's other messages (the path of the value and the fix), its limits are <see cref="OnCallLimits"/>,
/// and values as PULUMI_CONFIG gives them (numbers and flags as strings, nulls) mean what they mean in the stack file.
/// </summary>
public sealed class OnCallSchemaTests
{
    [Theory]
    [InlineData("\"existing\": true", "\"existing\": true, \"nickname\": \"b\"",
        "users[1].nickname is not a known key here; the keys are email, name, existing, role, phoneCountryCode, notificationRules")]
    [InlineData("\"services\": [", "\"extra\": 1, \"services\": [", "extra is not a known key here; the keys are users, teams, schedules")]
    [InlineData("\"users\": [\"a@example.com\", \"b@example.com\"]", "\"users\": \"a@example.com\"", "schedules[0].layers[0].users must be a list")]
    [InlineData("\"users\": [\"a@example.com\", \"b@example.com\"]", "\"users\": [\"a@example.com\", 7]", "schedules[0].layers[0].users[1] must be a user's email")]
    [InlineData(", \"users\": [\"a@example.com\", \"b@example.com\"]", "",
        "schedules[0].layers[0].users is required: the users who take turns, in order, as a list of emails")]
    [InlineData("\"rotationTurnLengthSeconds\": 604800", "\"rotationTurnLengthSeconds\": \"a week\"", "schedules[0].layers[0].rotationTurnLengthSeconds must be a whole number")]
    [InlineData("\"existing\": true", "\"existing\": \"yes\"", "users[1].existing must be true or false")]
    [InlineData("{\"name\": \"T\", ", "{\"name\": \"\", ", "teams[0].name must be a non-empty string")]
    [InlineData("{\"name\": \"T\", \"members\": [{\"user\": \"a@example.com\"}]}", "\"T\"", "teams[0] must be a mapping such as {name: Platform, members: [{user: alice@example.com, role: responder}]}")]
    [InlineData("{\"schedule\": \"primary\"}", "{\"schedule\": \"primary\", \"user\": \"a@example.com\"}",
        "escalationPolicies[0].rules[0].targets[0] must name exactly one of schedule (a schedule's name) or user (an email)")]
    [InlineData("\"environment\": \"production\"", "\"environment\": \"Production\"",
        "services[0].environment 'Production' must be an environment label (lower-case letters, digits and '-')")]
    [InlineData("\"calendarStart\": \"2026-11-30\",", "", "calendarStart is required: the calendar's first day as YYYY-MM-DD (e.g. 2026-11-30)")]
    public void ShapeErrorsNameThePathAndTheFix(string from, string to, string expected)
    {
        Assert.Contains(from, OnCallConfigTestsValid, StringComparison.Ordinal);
        var problems = Problems(OnCallConfigTestsValid.Replace(from, to, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void AListOverItsLimitNamesTheLimit()
    {
        var users = string.Join(", ", Enumerable.Range(0, OnCallLimits.MaxLayerUsers + 1).Select(_ => "\"a@example.com\""));
        var problems = Problems(OnCallConfigTestsValid.Replace("\"users\": [\"a@example.com\", \"b@example.com\"]", $"\"users\": [{users}]", StringComparison.Ordinal));
        Assert.Contains($"schedules[0].layers[0].users lists {OnCallLimits.MaxLayerUsers + 1} users; at most {OnCallLimits.MaxLayerUsers} take turns in one layer (split the rotation into layers)", problems);
    }

    /// <summary>PULUMI_CONFIG gives numbers and flags as strings; a null is an absent key (where the schema takes no null).</summary>
    [Fact]
    public void StringNumbersFlagsAndNullsReadAsInTheStackFile()
    {
        var asStrings = OnCallConfigTestsValid
            .Replace("\"rotationTurnLengthSeconds\": 604800", "\"rotationTurnLengthSeconds\": \"604800\"", StringComparison.Ordinal)
            .Replace("\"existing\": true", "\"existing\": \"true\"", StringComparison.Ordinal)
            .Replace("\"durationSeconds\": 28800", "\"durationSeconds\": \"28800\", \"startDayOfWeek\": null", StringComparison.Ordinal);
        Assert.NotEqual(OnCallConfigTestsValid, asStrings);
        Assert.Equal(Parse(OnCallConfigTestsValid), Parse(asStrings));
        Assert.Contains("schedules is required (a list; docs/oncall.md shows an example)", Problems(OnCallConfigTestsValid.Replace("\"schedules\": [", "\"schedules\": null, \"unused\": [", StringComparison.Ordinal)));
    }

    /// <summary>A key given twice in PULUMI_CONFIG's JSON, with a string number, is an error or a model, never an exception.</summary>
    [Fact]
    public void AKeyGivenTwiceIsNoCrash()
    {
        using var document = JsonDocument.Parse(OnCallConfigTestsValid.Replace("\"calendarStart\": \"2026-11-30\",", "\"calendarWeeks\": \"4\", \"calendarWeeks\": \"5\", \"calendarStart\": \"2026-11-30\",", StringComparison.Ordinal));
        var (config, error) = OnCallConfigParser.Parse(document.RootElement);
        Assert.True(config is not null || error!.Contains("calendarWeeks", StringComparison.Ordinal), error);
    }

    /// <summary>The schema's list limits and provider ranges are the ones the rest of the compile (and docs/oncall.md) names.</summary>
    [Fact]
    public void TheSchemasLimitsAreOnCallLimits()
    {
        var schema = OnCallSchema.Document.RootElement;
        JsonElement At(string pointer) => pointer.Split('/').Aggregate(schema, (node, key) => node.GetProperty(key));
        long Number(string pointer) => At(pointer).GetInt64();
        Assert.Equal(OnCallLimits.MaxUsers, Number("properties/users/maxItems"));
        Assert.Equal(OnCallLimits.MaxSchedules, Number("properties/schedules/maxItems"));
        Assert.Equal(OnCallLimits.MaxPolicies, Number("properties/escalationPolicies/maxItems"));
        Assert.Equal(OnCallLimits.MaxPolicies, Number("properties/services/maxItems"));
        Assert.Equal(OnCallLimits.MaxPolicies, Number("properties/teams/maxItems"));
        Assert.Equal(OnCallLimits.MaxMaintenanceWindows, Number("properties/maintenanceWindows/maxItems"));
        Assert.Equal(OnCallConfigParser.MaxCalendarWeeks, Number("properties/calendarWeeks/maximum"));
        Assert.Equal(OnCallLimits.MaxLayers, Number("$defs/schedule/properties/layers/maxItems"));
        Assert.Equal(OnCallLimits.MinTurnSeconds, Number("$defs/layer/properties/rotationTurnLengthSeconds/minimum"));
        Assert.Equal(OnCallLimits.MaxTurnSeconds, Number("$defs/layer/properties/rotationTurnLengthSeconds/maximum"));
        Assert.Equal(OnCallLimits.MaxLayerUsers, Number("$defs/layer/properties/users/maxItems"));
        Assert.Equal(OnCallLimits.MaxRestrictions, Number("$defs/layer/properties/restrictions/maxItems"));
        Assert.Equal(OnCallLimits.MaxNumLoops, Number("$defs/policy/properties/numLoops/maximum"));
        Assert.Equal(OnCallLimits.MaxRules, Number("$defs/policy/properties/rules/maxItems"));
        Assert.Equal(OnCallLimits.MaxRules, Number("$defs/user/properties/notificationRules/maxItems"));
        Assert.Equal(OnCallLimits.MaxNotificationDelayMinutes, Number("$defs/notificationRule/properties/delayMinutes/maximum"));
        Assert.Equal(OnCallLimits.MaxDelayMinutes, Number("$defs/rule/properties/delayMinutes/maximum"));
        Assert.Equal(OnCallLimits.MaxTargets, Number("$defs/rule/properties/targets/maxItems"));
        Assert.Equal(OnCallLimits.MinAcknowledgementTimeoutSeconds, Number("$defs/service/properties/acknowledgementTimeoutSeconds/minimum"));
        Assert.Equal(OnCallLimits.MinAutoResolveTimeoutSeconds, Number("$defs/service/properties/autoResolveTimeoutSeconds/minimum"));
        Assert.Equal(OnCallLimits.MaxTimeoutSeconds, Number("$defs/service/properties/acknowledgementTimeoutSeconds/maximum"));
        Assert.Equal(OnCallLimits.MaxTimeoutSeconds, Number("$defs/service/properties/autoResolveTimeoutSeconds/maximum"));
        Assert.Equal(OnCallLimits.EscalationPolicyNameForbidden.Length, OnCallLimits.EscalationPolicyNameForbidden.Count(c => At("$defs/policy/properties/name/pattern").GetString()!.Contains(c, StringComparison.Ordinal)));
    }

    private static string OnCallConfigTestsValid => """
        {"calendarStart": "2026-11-30",
         "users": [{"email": "a@example.com", "name": "A"}, {"email": "b@example.com", "existing": true}],
         "teams": [{"name": "T", "members": [{"user": "a@example.com"}]}],
         "schedules": [{"name": "primary", "team": "T", "timeZone": "Europe/Berlin", "layers": [
            {"name": "weekly", "start": "2026-11-02T09:00:00", "rotationTurnLengthSeconds": 604800, "users": ["a@example.com", "b@example.com"],
             "restrictions": [{"type": "daily_restriction", "startTimeOfDay": "09:00:00", "durationSeconds": 28800}]}]}],
         "escalationPolicies": [{"name": "p", "rules": [{"delayMinutes": 15, "targets": [{"schedule": "primary"}, {"user": "a@example.com"}]}]}],
         "services": [{"environment": "production", "escalationPolicy": "p"}]}
        """;

    private static List<string> Problems(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (config, error) = OnCallConfigParser.Parse(document.RootElement);
        Assert.Null(config);
        Assert.NotNull(error);
        return error.Split('\n').Skip(1).ToList();
    }

    /// <summary>The parsed model, written out for comparison (records of lists compare by reference).</summary>
    private static string Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (config, error) = OnCallConfigParser.Parse(document.RootElement);
        Assert.Null(error);
        return string.Join("\n", config!.Users.Select(u => $"{u} {string.Join(",", u.NotificationRules)}")
            .Concat(config.Schedules.SelectMany(s => s.Layers).Select(l => $"{l} {string.Join(",", l.Users)} {string.Join(",", l.Restrictions)}")));
    }
}
