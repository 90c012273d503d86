using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Config;
using Infra.Model;

namespace Infra.Components.OnCall;

/// <summary>
/// The on-call stack (<c>observability:role: oncall</c>): from <c>observability:onCall</c>, PagerDuty users
/// (created, or looked up by email), teams and memberships, schedules, escalation policies, and per paging
/// environment a service with an Events API v2 integration whose key is a secret output that the
/// environment's stack reads (<see cref="OnCallStackReference"/>). No cluster: the only provider is an
/// explicit pagerduty provider with the <c>pagerDutyToken</c> secret. Also renders the rotation calendar.
/// </summary>
public static partial class OnCallStack
{
    public const string ComponentName = "OnCall";

    /// <summary>Prefix of the secret outputs holding each environment's Events API v2 integration key.</summary>
    public const string RoutingKeyOutputPrefix = "pagerDutyRoutingKey-";

    public const string CalendarMarkdownPath = "oncall/calendar.md";
    public const string CalendarIcsPath = "oncall/calendar.ics";

    /// <summary>Days of calendar the offline preview prints.</summary>
    public const int PreviewDays = 14;

    public const string GetUserFunction = "pagerduty:index/getUser:getUser";

    public static string RoutingKeyOutput(string environment) => RoutingKeyOutputPrefix + environment;

    public static ResourceGraph Build(StackSettings settings)
    {
        var config = settings.Get(SettingsCatalog.OnCall);
        var graph = new ResourceGraph(settings.Stack, $"Observability platform, on-call stack '{settings.Stack}' (PagerDuty teams, schedules, escalation policies, services)");
        var problems = new List<string>();

        var provider = graph.Add(new Resource("pagerduty-provider", "pulumi:providers:pagerduty", Platform.ComponentName, ObjectValue.Of(
            ("token", graph.SecretConfigReference(SettingsCatalog.PagerDutyToken.Key, SettingsCatalog.PagerDutyToken.Description)))));
        if (!settings.HasSecret(SettingsCatalog.PagerDutyToken))
        {
            graph.AddWarning($"{SettingsCatalog.PagerDutyToken.Key} is not set; 'pulumi up' will stop until you run: pulumi config set --secret {SettingsCatalog.PagerDutyToken.Key} <token> --stack {settings.Stack}");
        }

        Resource Add(string name, string type, ObjectValue properties, params Resource[] dependsOn)
        {
            if (graph.Resources.Any(r => r.Name == name))
            {
                problems.Add($"stack '{settings.Stack}' ({settings.Source}): two entries of {SettingsCatalog.OnCall.Key} make the same resource name '{name}'; rename one of them");
            }

            var resource = new Resource(name, type, ComponentName, properties);
            resource.Options.Provider = provider;
            resource.Options.DependsOn.AddRange(dependsOn);
            return graph.Add(resource);
        }

        // Users: created here, or (existing) looked up by email so that a person who left fails the preview.
        var userIds = new Dictionary<string, Value>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in config.Users)
        {
            userIds[user.Email] = user.Existing
                ? new FunctionValue("invoke", ObjectValue.Of(
                    ("function", GetUserFunction),
                    ("arguments", ObjectValue.Of(("email", user.Email))),
                    ("options", ObjectValue.Of(("provider", new ReferenceValue(provider)))),
                    ("return", "id")))
                : new ReferenceValue(Add($"user-{Slug(user.Email)}", "pagerduty:index/user:User", ObjectValue.Of(
                    ("name", user.Name),
                    ("email", user.Email),
                    ("role", user.Role),
                    ("description", "Managed by the observability on-call stack"))), "id");
        }

        var teamIds = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var team in config.Teams)
        {
            var resource = Add($"team-{Slug(team.Name)}", "pagerduty:index/team:Team", ObjectValue.Of(
                ("name", team.Name),
                ("description", "Managed by the observability on-call stack")));
            teamIds[team.Name] = new ReferenceValue(resource, "id");
            foreach (var member in team.Members)
            {
                Add($"team-{Slug(team.Name)}-{Slug(member.Email)}", "pagerduty:index/teamMembership:TeamMembership", ObjectValue.Of(
                    ("teamId", teamIds[team.Name]),
                    ("userId", userIds[member.Email]),
                    ("role", member.Role)));
            }
        }

        var scheduleIds = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var schedule in config.Schedules)
        {
            var resource = Add($"schedule-{Slug(schedule.Name)}", "pagerduty:index/schedule:Schedule", ObjectValue.Of(
                ("name", schedule.Name),
                ("timeZone", schedule.TimeZoneId),
                ("description", "Managed by the observability on-call stack; the calendar is rendered to oncall/calendar.md"),
                ("teams", schedule.Team is null ? null : ListValue.Of(teamIds[schedule.Team])),
                ("layers", ListValue.Of(schedule.Layers.Select(layer => (Value)Layer(schedule, layer, userIds))))));
            scheduleIds[schedule.Name] = new ReferenceValue(resource, "id");
        }

        var policyIds = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var policy in config.EscalationPolicies)
        {
            var resource = Add($"escalation-{Slug(policy.Name)}", "pagerduty:index/escalationPolicy:EscalationPolicy", ObjectValue.Of(
                ("name", policy.Name),
                ("description", "Managed by the observability on-call stack"),
                ("numLoops", policy.NumLoops),
                ("teams", policy.Team is null ? null : teamIds[policy.Team]),
                ("rules", ListValue.Of(policy.Rules.Select(rule => (Value)ObjectValue.Of(
                    ("escalationDelayInMinutes", rule.DelayMinutes),
                    ("targets", ListValue.Of(rule.Targets.Select(target => (Value)ObjectValue.Of(
                        ("type", target.IsSchedule ? "schedule_reference" : "user_reference"),
                        ("id", target.IsSchedule ? scheduleIds[target.Name] : userIds[target.Name])))))))))));
            policyIds[policy.Name] = new ReferenceValue(resource, "id");
        }

        foreach (var service in config.Services)
        {
            var resource = Add($"service-{service.Environment}", "pagerduty:index/service:Service", ObjectValue.Of(
                ("name", service.Name),
                ("description", $"Alerts of the '{service.Environment}' environment's Alertmanager (managed by the observability on-call stack)"),
                ("escalationPolicy", policyIds[service.EscalationPolicy]),
                // Urgency from the event's severity: critical and error page (high), warning and info notify (low).
                ("incidentUrgencyRule", ObjectValue.Of(("type", "constant"), ("urgency", "severity_based")))));
            var integration = Add($"service-{service.Environment}-events-v2", "pagerduty:index/serviceIntegration:ServiceIntegration", ObjectValue.Of(
                ("name", "Alertmanager (Events API v2)"),
                ("type", "events_api_v2_inbound_integration"),
                ("service", new ReferenceValue(resource, "id"))));

            // The provider does not mark the key secret; the state and the output do.
            integration.Options.AdditionalSecretOutputs.Add("integrationKey");
            graph.AddOutput(new StackOutput(RoutingKeyOutput(service.Environment), new ReferenceValue(integration, "integrationKey"), true,
                $"Events API v2 routing key of the '{service.Environment}' environment (read by its stack through pagerDutyOnCallStack)"));
        }

        // A warning, not an error: a small team may accept that one person covers two steps (docs/oncall.md).
        foreach (var booking in DoubleBookingCheck.Find(config, config.CalendarWeeks * 7))
        {
            graph.AddWarning(DoubleBookingCheck.Warning(config, booking));
        }

        graph.AddDocument(new RenderedDocument(CalendarMarkdownPath, () => CalendarMarkdown.Write(config, config.CalendarWeeks * 7), ComponentName));
        graph.AddDocument(new RenderedDocument(CalendarIcsPath, () => CalendarIcs.Write(config, config.CalendarWeeks * 7), ComponentName));
        if (problems.Count > 0)
        {
            throw new CompilationException(problems);
        }

        return graph;
    }

    private static ObjectValue Layer(OnCallSchedule schedule, ScheduleLayer layer, Dictionary<string, Value> userIds) => ObjectValue.Of(
        ("name", layer.Name),
        ("start", Timestamp(schedule, layer.Start)),
        ("rotationVirtualStart", Timestamp(schedule, layer.RotationVirtualStart)),
        ("end", layer.End is { } end ? Timestamp(schedule, end) : null),
        ("rotationTurnLengthSeconds", layer.RotationTurnLengthSeconds),
        ("users", ListValue.Of(layer.Users.Select(u => userIds[u]))),
        ("restrictions", layer.Restrictions.Count == 0 ? null : ListValue.Of(layer.Restrictions.Select(r => (Value)Restriction(r)))));

    private static ObjectValue Restriction(LayerRestriction restriction) => ObjectValue.Of(
        ("type", restriction.TypeName),
        ("startDayOfWeek", restriction.StartDayOfWeek is { } day ? day : null),
        ("startTimeOfDay", restriction.StartTimeOfDay.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)),
        ("durationSeconds", restriction.DurationSeconds));

    /// <summary>A wall-clock time of the schedule's zone as RFC 3339 with that moment's offset (what PagerDuty stores).</summary>
    public static string Timestamp(OnCallSchedule schedule, DateTime local)
    {
        var utc = RotationCalendar.ToUtc(schedule.TimeZone, local);
        var offset = schedule.TimeZone.GetUtcOffset(utc);
        return new DateTimeOffset(DateTime.SpecifyKind(utc + offset, DateTimeKind.Unspecified), offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    /// <summary>A logical-name part from a name or an email: lower-case letters, digits and '-'.</summary>
    public static string Slug(string name) => NonNameCharacters().Replace(name.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonNameCharacters();
}
