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

    /// <param name="settings">The on-call stack's settings.</param>
    /// <param name="root">The project folder, where the published calendar is (null: the working directory).</param>
    public static ResourceGraph Build(StackSettings settings, string? root = null)
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

        // The numbers' form, where Pulumi passed the secret: what the provider would refuse, named by key, never shown.
        if (settings.SecretShape(SettingsCatalog.PagerDutyPhoneNumbers) is PhoneNumberShapes numbers)
        {
            problems.AddRange(numbers.Problems(config, SettingsCatalog.PagerDutyPhoneNumbers.Key).Select(p => $"stack '{settings.Stack}' ({settings.Source}): {p}"));
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
            if (!user.Existing)
            {
                Contacts(user, userIds[user.Email], provider, graph, Add);
            }
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
                    ("escalationRuleAssignmentStrategy", rule.Assignment is null ? null : ObjectValue.Of(("type", rule.Assignment))),
                    ("targets", ListValue.Of(rule.Targets.Select(target => (Value)ObjectValue.Of(
                        ("type", target.IsSchedule ? "schedule_reference" : "user_reference"),
                        ("id", target.IsSchedule ? scheduleIds[target.Name] : userIds[target.Name])))))))))));
            policyIds[policy.Name] = new ReferenceValue(resource, "id");
        }

        var serviceIds = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var service in config.Services)
        {
            var resource = Add($"service-{service.Environment}", "pagerduty:index/service:Service", ObjectValue.Of(
                ("name", service.Name),
                ("description", $"Alerts of the '{service.Environment}' environment's Alertmanager (managed by the observability on-call stack)"),
                ("escalationPolicy", policyIds[service.EscalationPolicy]),
                // Set, not left to the provider's defaults (docs/oncall.md, "Service timeouts"): an acknowledged
                // incident pages again after Alertmanager's repeat interval; Alertmanager resolves incidents.
                ("acknowledgementTimeout", Seconds(service.AcknowledgementTimeoutSeconds)),
                ("autoResolveTimeout", Seconds(service.AutoResolveTimeoutSeconds)),
                ("incidentUrgencyRule", UrgencyRule(service)),
                ("supportHours", service.SupportHours is not { } hours ? null : ObjectValue.Of(
                    ("type", "fixed_time_per_day"),
                    ("timeZone", hours.TimeZoneId),
                    ("startTime", hours.Start.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)),
                    ("endTime", hours.End.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)),
                    ("daysOfWeeks", ListValue.Of(hours.DaysOfWeek.Select(d => (Value)new NumberValue(d)))))),
                // Required with use_support_hours: without it the provider sends an empty action that PagerDuty refuses, and
                // low-urgency incidents opened at night would stay low (not escalate) all day (docs/oncall.md, "Support hours").
                ("scheduledActions", service.SupportHours is null ? null : ListValue.Of(ObjectValue.Of(
                    ("type", "urgency_change"),
                    ("toUrgency", "high"),
                    ("ats", ListValue.Of(ObjectValue.Of(("type", "named_time"), ("name", "support_hours_start")))))))));
            serviceIds[service.Environment] = new ReferenceValue(resource, "id");
            var integration = Add($"service-{service.Environment}-events-v2", "pagerduty:index/serviceIntegration:ServiceIntegration", ObjectValue.Of(
                ("name", "Alertmanager (Events API v2)"),
                ("type", "events_api_v2_inbound_integration"),
                ("service", new ReferenceValue(resource, "id"))));

            // The provider does not mark the key secret; the state and the output do.
            integration.Options.AdditionalSecretOutputs.Add("integrationKey");
            graph.AddOutput(new StackOutput(RoutingKeyOutput(service.Environment), new ReferenceValue(integration, "integrationKey"), true,
                $"Events API v2 routing key of the '{service.Environment}' environment (read by its stack through pagerDutyOnCallStack)"));
        }

        // Teams bring their applications: their own services (Components/Teams).
        Teams.TeamServices.Add(settings, config, graph, Add, policyIds, problems);
        problems.AddRange(Teams.TeamEnvironments.Problems(settings, settings.Get(SettingsCatalog.Teams), Teams.TeamEnvironments.Known(settings, config, root)));

        foreach (var window in config.Maintenance)
        {
            Add($"maintenance-{window.Start:uuuuMMdd'T'HHmm}-{Slug(window.Description)}", "pagerduty:index/maintenanceWindow:MaintenanceWindow", ObjectValue.Of(
                ("description", window.Description),
                ("startTime", OnCallTime.Rfc3339(window.Zone, window.Start)),
                ("endTime", OnCallTime.Rfc3339(window.Zone, window.End)),
                ("services", ListValue.Of(window.Environments.Select(e => serviceIds[e])))));
        }

        // A warning, not an error: a small team may accept that one person covers two steps (docs/oncall.md).
        var check = DoubleBookingCheck.Check(config);
        foreach (var booking in check.Bookings)
        {
            graph.AddWarning(DoubleBookingCheck.Warning(config, booking, check));
        }

        if (check.Truncated)
        {
            graph.AddWarning(DoubleBookingCheck.TruncatedWarning(check));
        }

        // A warning, not an error: a service of a team that is only paged by day may choose it, but Alertmanager sends PagerDuty
        // only critical alerts, and this platform's criticals include data loss (docs/failure-modes.md).
        for (var i = 0; i < config.Services.Count; i++)
        {
            if (config.Services[i].SupportHours is not null)
            {
                graph.AddWarning(SupportHoursWarning(config.Services[i], i));
            }
        }

        // A warning, not an error: email-only may be a choice (a team that is never paged at night), but it is the
        // classic reason nobody answers a page.
        foreach (var warning in EmailOnlyWarnings(config))
        {
            graph.AddWarning(warning);
        }

        graph.AddDocument(new RenderedDocument(CalendarMarkdownPath, () => CalendarMarkdown.Write(config, config.CalendarWeeks * 7), ComponentName));
        // Revised against the published copy when the project keeps one (a fresh clone or CI then raises SEQUENCE
        // above what was published), else against the folder's earlier render (docs/oncall.md).
        graph.AddDocument(new RenderedDocument(CalendarIcsPath, () => CalendarIcs.Write(config, config.CalendarWeeks * 7, Published(config, root, settings)), ComponentName,
            earlier => CalendarIcs.Write(config, config.CalendarWeeks * 7, Published(config, root, settings) ?? earlier)));
        if (problems.Count > 0)
        {
            throw new CompilationException(problems);
        }

        return graph;
    }

    /// <summary>
    /// Users this stack creates who are on call (in a layer, or a policy's user target) but whose high-urgency
    /// notification rules only send email: nothing rings or buzzes when they are paged. Existing users keep their
    /// own contact methods, which the stack cannot see, so they are not judged.
    /// </summary>
    internal static IEnumerable<string> EmailOnlyWarnings(OnCallConfig config)
    {
        var onCall = new Dictionary<string, SortedSet<string>>(StringComparer.OrdinalIgnoreCase);
        void Add(string email, string where)
        {
            if (!onCall.TryGetValue(email, out var places))
            {
                onCall[email] = places = new SortedSet<string>(StringComparer.Ordinal);
            }

            places.Add(where);
        }

        foreach (var schedule in config.Schedules)
        {
            foreach (var user in schedule.Layers.SelectMany(l => l.Users))
            {
                Add(user, $"schedule '{schedule.Name}'");
            }
        }

        foreach (var policy in config.EscalationPolicies)
        {
            foreach (var target in policy.Rules.SelectMany(r => r.Targets).Where(t => !t.IsSchedule))
            {
                Add(target.Name, $"escalation policy '{policy.Name}'");
            }
        }

        for (var i = 0; i < config.Users.Count; i++)
        {
            var user = config.Users[i];
            if (!user.Existing && onCall.TryGetValue(user.Email, out var places) && !user.NotificationRules.Any(r => r.Urgency == "high" && r.Via is "phone" or "sms"))
            {
                var how = user.NotificationRules.Any(r => r.Urgency == "high")
                    ? "a high-urgency incident reaches them only by email"
                    : "they have no high-urgency notification rule of their own, so a high-urgency incident reaches them only by PagerDuty's default email rule";
                yield return $"{CalendarMarkdown.Display(user)} (users[{i}]) is on call ({string.Join(", ", places)}) but {how}: "
                    + $"no call or text wakes them at night; set users[{i}].phoneCountryCode and their number in the secret {SettingsCatalog.PagerDutyPhoneNumbers.Key} "
                    + "(the default rules then call and text them), or give them a high-urgency notification rule via phone or sms (push notifications belong to each person's PagerDuty app; this stack cannot count on them)";
            }
        }
    }

    /// <summary>What a service with support hours costs: criticals outside them (data loss among them) wake nobody until they start.</summary>
    internal static string SupportHoursWarning(PagingService service, int index) =>
        $"services[{index}] ('{service.Environment}') has supportHours: a critical alert outside them (data loss among them: dead-letter queue dropping, "
        + "Logstash stalled, Elasticsearch red, docs/failure-modes.md) opens a low-urgency incident that calls and texts nobody and escalates only when support hours start; "
        + $"remove services[{index}].supportHours unless nobody is meant to be woken for this environment";

    /// <summary>The published calendar's text, read only when the calendar is rendered (never by the compile Pulumi runs).</summary>
    private static string? Published(OnCallConfig config, string? root, StackSettings settings)
    {
        if (config.PublishedCalendar is not { } relative)
        {
            return null;
        }

        var path = Path.Combine(root ?? Directory.GetCurrentDirectory(), relative);
        if (!File.Exists(path))
        {
            throw new CompilationException($"stack '{settings.Stack}': {SettingsCatalog.OnCall.Key}.publishedCalendar {relative} does not exist (under {root ?? "the working directory"}); "
                + "for the first publication create it empty (nothing published yet), else fix the path: without it a fresh checkout would publish every event at SEQUENCE 0 again");
        }

        return File.ReadAllText(path);
    }

    /// <summary>
    /// A created user's contact methods and notification rules. PagerDuty creates the login-email contact method
    /// (label "Default") and email rules for every new user itself, and the pinned provider's Create does not adopt
    /// an identical one ("User Contact method must be unique"), so the email method is read, not created, and the
    /// email rules without delay are left to PagerDuty (docs/oncall.md, "People ready to be paged").
    /// </summary>
    private static void Contacts(OnCallUser user, Value userId, Resource provider, ResourceGraph graph, Func<string, string, ObjectValue, Resource[], Resource> add)
    {
        var slug = $"user-{Slug(user.Email)}";
        var methods = new Dictionary<string, (Value Id, string Type)>(StringComparer.Ordinal)
        {
            // userId is the created user's output, so the lookup runs once PagerDuty has made the user (and its default method).
            ["email"] = (LoginEmailContactMethod(userId, provider), "email_contact_method"),
        };
        if (user.PhoneCountryCode is { } country)
        {
            // Personal data: the number stays in the secret mapping, read by Pulumi (the compiler never sees it).
            graph.SecretConfigReference(SettingsCatalog.PagerDutyPhoneNumbers.Key, SettingsCatalog.PagerDutyPhoneNumbers.Description, "object");
            Value number = FunctionValue.Secret(new ConfigReferenceValue($"{SettingsCatalog.PagerDutyPhoneNumbers.Key}[\"{user.Email}\"]"));
            foreach (var (via, type, label) in new[] { ("phone", "phone_contact_method", "Mobile (calls)"), ("sms", "sms_contact_method", "Mobile (SMS)") })
            {
                var method = add($"{slug}-{via}", "pagerduty:index/userContactMethod:UserContactMethod", ObjectValue.Of(
                    ("userId", userId),
                    ("type", type),
                    ("countryCode", country),
                    ("address", number),
                    ("label", label)), []);
                methods[via] = (new ReferenceValue(method, "id"), type);
            }
        }

        foreach (var rule in user.NotificationRules.Where(r => !IsPagerDutyDefaultRule(r)))
        {
            var (id, type) = methods[rule.Via];
            add($"{slug}-notify-{rule.Urgency}-{rule.Via}-{rule.DelayMinutes}", "pagerduty:index/userNotificationRule:UserNotificationRule", ObjectValue.Of(
                ("userId", userId),
                ("startDelayInMinutes", rule.DelayMinutes),
                ("urgency", rule.Urgency),
                ("contactMethod", ObjectValue.Of(("id", id), ("type", type)))), []);
        }
    }

    public const string GetUserContactMethodFunction = "pagerduty:index/getUserContactMethod:getUserContactMethod";

    /// <summary>The label PagerDuty gives the contact method it creates from a new user's login email.</summary>
    public const string LoginEmailLabel = "Default";

    /// <summary>The id of the login-email contact method PagerDuty made for a created user.</summary>
    internal static FunctionValue LoginEmailContactMethod(Value userId, Resource provider) => new("invoke", ObjectValue.Of(
        ("function", GetUserContactMethodFunction),
        ("arguments", ObjectValue.Of(("userId", userId), ("type", "email_contact_method"), ("label", LoginEmailLabel))),
        ("options", ObjectValue.Of(("provider", new ReferenceValue(provider)))),
        ("return", "id")));

    /// <summary>
    /// A rule PagerDuty already gives every new user (high and low urgency, by the login email, at once): creating it
    /// again would be a duplicate PagerDuty refuses.
    /// </summary>
    internal static bool IsPagerDutyDefaultRule(NotificationRule rule) => rule.Via == "email" && rule.DelayMinutes == 0;

    /// <summary>
    /// Severity-based urgency (critical and error page, warning and info notify); with support hours, high inside and low
    /// outside them, the only pairing the provider's scheduled urgency change takes (docs/oncall.md, "Support hours").
    /// </summary>
    private static ObjectValue UrgencyRule(PagingService service) => service.SupportHours is null
        ? ObjectValue.Of(("type", "constant"), ("urgency", "severity_based"))
        : ObjectValue.Of(
            ("type", "use_support_hours"),
            ("duringSupportHours", ObjectValue.Of(("type", "constant"), ("urgency", "high"))),
            ("outsideSupportHours", ObjectValue.Of(("type", "constant"), ("urgency", "low"))));

    /// <summary>A timeout as the provider takes it: seconds as a string, or the string "null" to disable it.</summary>
    private static string Seconds(long? seconds) => seconds?.ToString(CultureInfo.InvariantCulture) ?? "null";

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

    /// <summary>A wall-clock time of the schedule's zone as RFC 3339 with the offset <see cref="OnCallTime"/> resolves (what PagerDuty is sent).</summary>
    public static string Timestamp(OnCallSchedule schedule, NodaTime.LocalDateTime local) => OnCallTime.Rfc3339(schedule.Zone, local);

    /// <summary>A logical-name part from a name or an email: lower-case letters, digits and '-'.</summary>
    /// <summary>
    /// A resource-name part: lower-case ASCII letters and digits; a name without any (e.g. only non-Latin letters)
    /// gets a short hash of itself instead, so that it neither makes an empty part nor collides with another such name.
    /// </summary>
    public static string Slug(string name)
    {
        var slug = NonNameCharacters().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return slug.Length > 0
            ? slug
            : "h" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..12];
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonNameCharacters();
}
