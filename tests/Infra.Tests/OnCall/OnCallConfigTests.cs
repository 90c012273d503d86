using Infra.Components;
using Infra.Components.OnCall;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.OnCall;

/// <summary>
/// The on-call model: bad input is refused with the key's path and how to fix it; the on-call stack's
/// program exports every paging environment's integration key as a secret; cluster stacks take their
/// routing key from the on-call stack through a StackReference when configured, never in clear.
/// </summary>
public sealed class OnCallConfigTests
{
    private const string Valid = """
        {"calendarStart": "2026-11-30",
         "users": [{"email": "a@example.com", "name": "A"}, {"email": "b@example.com", "existing": true}],
         "teams": [{"name": "T", "members": [{"user": "a@example.com"}]}],
         "schedules": [{"name": "primary", "team": "T", "timeZone": "Europe/Berlin", "layers": [
            {"name": "weekly", "start": "2026-11-02T09:00:00", "rotationTurnLengthSeconds": 604800, "users": ["a@example.com", "b@example.com"],
             "restrictions": [{"type": "daily_restriction", "startTimeOfDay": "09:00:00", "durationSeconds": 28800}]}]}],
         "escalationPolicies": [{"name": "p", "rules": [{"delayMinutes": 15, "targets": [{"schedule": "primary"}, {"user": "a@example.com"}]}]}],
         "services": [{"environment": "production", "escalationPolicy": "p"}]}
        """;

    private static string OnCallStack => Stacks.First(StackRole.OnCall);

    public static TheoryData<string> OnCallStacks() => Stacks.Data(Stacks.Of(StackRole.OnCall));

    [Fact]
    public void TheValidExampleCompiles()
    {
        var compiled = Stacks.CompileWith(OnCallStack, new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = Valid });
        Assert.Contains(compiled.Graph.Resources, r => r.Type == "pagerduty:index/schedule:Schedule");
    }

    [Theory]
    [InlineData("\"Europe/Berlin\"", "\"Europe/Berln\"", "schedules[0].timeZone 'Europe/Berln' is not a time zone the pagerduty provider accepts; use a zone from the provider's list")]
    [InlineData("\"email\": \"a@example.com\", \"name\"", "\"email\": \"a.example.com\", \"name\"", "users[0].email 'a.example.com' is not an email address")]
    [InlineData("\"layers\": [\n", "\"layers\": [], \"x\": [\n", "schedules[0].layers is empty; a schedule needs at least one layer")]
    [InlineData("\"rotationTurnLengthSeconds\": 604800", "\"rotationTurnLengthSeconds\": 0", "schedules[0].layers[0].rotationTurnLengthSeconds must be between 3600 and 31536000")]
    [InlineData("\"rotationTurnLengthSeconds\": 604800", "\"rotationTurnLengthSeconds\": -3600", "schedules[0].layers[0].rotationTurnLengthSeconds must be between 3600 and 31536000")]
    [InlineData("\"startTimeOfDay\": \"09:00:00\"", "\"startTimeOfDay\": \"24:30:00\"", "schedules[0].layers[0].restrictions[0].startTimeOfDay '24:30:00' is not a time of day")]
    [InlineData("\"durationSeconds\": 28800", "\"durationSeconds\": 90000", "schedules[0].layers[0].restrictions[0].durationSeconds must be between 1 and 86399")]
    [InlineData("{\"schedule\": \"primary\"}", "{\"schedule\": \"secondary\"}", "escalationPolicies[0].rules[0].targets[0].schedule 'secondary' is not a schedule in schedules")]
    [InlineData("{\"user\": \"a@example.com\"}]", "{\"user\": \"z@example.com\"}]", "escalationPolicies[0].rules[0].targets[1].user 'z@example.com' is not in users")]
    [InlineData("\"escalationPolicy\": \"p\"", "\"escalationPolicy\": \"q\"", "services[0].escalationPolicy 'q' is not a policy in escalationPolicies")]
    [InlineData("\"users\": [\"a@example.com\", \"b@example.com\"]", "\"users\": []", "schedules[0].layers[0].users is empty")]
    public void BadInputIsRefusedWithThePathAndTheFix(string from, string to, string expected)
    {
        Assert.Contains(from, Valid, StringComparison.Ordinal);
        var error = Assert.Throws<CompilationException>(() =>
            Stacks.CompileWith(OnCallStack, new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = Valid.Replace(from, to, StringComparison.Ordinal) }));
        // One problem per line, each naming the key and the path (a broken name may also break what refers to it).
        Assert.All(error.Problems, p => Assert.Contains($"{SettingsCatalog.OnCall.Key} is invalid: ", p, StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void ASchedulesBadTimeZoneIsReportedOnceNotAgainByThePolicyThatNamesIt()
    {
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(OnCallStack,
            new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = Valid.Replace("Europe/Berlin", "Mars/Olympus", StringComparison.Ordinal) }));
        Assert.Contains("schedules[0].timeZone 'Mars/Olympus' is not a time zone the pagerduty provider accepts", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void ClusterKeysAreRefusedOnTheOnCallStackAndOnCallKeysOnClusterStacks()
    {
        var onCall = Assert.Throws<CompilationException>(() =>
            Stacks.CompileWith(OnCallStack, new Dictionary<string, string> { [SettingsCatalog.KubeContext.Key] = "some-cluster" }));
        Assert.Contains($"{SettingsCatalog.KubeContext.Key} applies only to cluster stacks", Assert.Single(onCall.Problems), StringComparison.Ordinal);

        var cluster = Assert.Throws<CompilationException>(() =>
            Stacks.CompileWith(Stacks.First(StackRole.Environment), new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = Valid }));
        Assert.Contains($"{SettingsCatalog.OnCall.Key} applies only to the on-call stack", Assert.Single(cluster.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OnCallStacks))]
    public void EveryServiceExportsItsIntegrationKeyAsASecretOutput(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var services = compiled.Settings.Get(SettingsCatalog.OnCall).Services;
        Assert.NotEmpty(services);
        foreach (var service in services)
        {
            var output = Assert.Single(compiled.Graph.Outputs, o => o.Name == Components.OnCall.OnCallStack.RoutingKeyOutput(service.Environment));
            Assert.True(output.Secret);
            var key = Assert.IsType<ReferenceValue>(output.Value);
            Assert.Equal("pagerduty:index/serviceIntegration:ServiceIntegration", key.Target.Type);
            Assert.Equal("events_api_v2_inbound_integration", ((StringValue)key.Target.Properties["type"]!).Text);
            Assert.Contains("integrationKey", key.Target.Options.AdditionalSecretOutputs);
            Assert.Contains($"  {output.Name}:\n    fn::secret: ${{{key.Expression}}}", compiled.Program, StringComparison.Ordinal);

            // The integration's service: urgency from the event's severity (critical pages, warning notifies),
            // within support hours when the service has them.
            var serviceResource = Assert.IsType<ReferenceValue>(key.Target.Properties["service"]).Target;
            var urgency = Assert.IsType<ObjectValue>(serviceResource.Properties["incidentUrgencyRule"]);
            if (service.SupportHours is null)
            {
                Assert.Equal(new StringValue("constant"), urgency["type"]);
                Assert.Equal(new StringValue("severity_based"), urgency["urgency"]);
                Assert.Null(serviceResource.Properties["scheduledActions"]);
            }
            else
            {
                // The only pairing PagerDuty's scheduled urgency change takes, and the change itself: at the start of
                // support hours the low-urgency incidents of the night become high and escalate.
                Assert.Equal(new StringValue("use_support_hours"), urgency["type"]);
                Assert.Equal(new StringValue("high"), Assert.IsType<ObjectValue>(urgency["duringSupportHours"])["urgency"]);
                Assert.Equal(new StringValue("low"), Assert.IsType<ObjectValue>(urgency["outsideSupportHours"])["urgency"]);
                var action = Assert.IsType<ObjectValue>(Assert.Single(Assert.IsType<ListValue>(serviceResource.Properties["scheduledActions"]).Items));
                Assert.Equal(new StringValue("urgency_change"), action["type"]);
                Assert.Equal(new StringValue("high"), action["toUrgency"]);
                var at = Assert.IsType<ObjectValue>(Assert.Single(Assert.IsType<ListValue>(action["ats"]).Items));
                Assert.Equal(new StringValue("named_time"), at["type"]);
                Assert.Equal(new StringValue("support_hours_start"), at["name"]);
            }
        }

        // Every resource uses the explicit provider, whose token is the secret config reference.
        var provider = Assert.Single(compiled.Graph.Resources, r => r.Type == "pulumi:providers:pagerduty");
        Assert.Equal(new ConfigReferenceValue(SettingsCatalog.PagerDutyToken.Key), provider.Properties["token"]);
        Assert.All(compiled.Graph.Resources.Where(r => !r.IsProvider), r => Assert.Same(provider, r.Options.Provider));
    }

    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void TheRoutingKeyComesFromTheOnCallStackWhenConfiguredAndIsNeverInClear(string stack)
    {
        foreach (var onCallStack in new[] { string.Empty, "oncall", "acme/observability/oncall" })
        {
            var compiled = Stacks.CompileWith(stack, new Dictionary<string, string>
            {
                [SettingsCatalog.PagerDutyEnabled.Key] = "true",
                [SettingsCatalog.PagerDutyOnCallStack.Key] = onCallStack,
            });
            var secret = compiled.Graph.Resources.Single(r => r.Name == Alertmanager.ReceiversSecretName + "-secret");
            var key = ((ObjectValue)secret.Properties["stringData"]!)[Alertmanager.PagerDutyKey];
            Assert.DoesNotContain("placeholder-routing-key", compiled.Program, StringComparison.Ordinal);
            if (onCallStack.Length == 0)
            {
                Assert.Equal(new ConfigReferenceValue(SettingsCatalog.PagerDutyRoutingKey.Key), key);
                Assert.DoesNotContain(compiled.Graph.Resources, r => r.Type == "pulumi:pulumi:StackReference" && r.Name == OnCallStackReference.ResourceName);
                continue;
            }

            var wrapped = Assert.IsType<FunctionValue>(key);
            Assert.Equal("secret", wrapped.Name);
            var output = Assert.IsType<ReferenceValue>(wrapped.Argument);
            Assert.Equal("pulumi:pulumi:StackReference", output.Target.Type);
            Assert.Equal($"outputs[\"{Components.OnCall.OnCallStack.RoutingKeyOutput(compiled.Settings.Environment)}\"]", output.Path);
            Assert.DoesNotContain($"${{{SettingsCatalog.PagerDutyRoutingKey.Key}}}", compiled.Program, StringComparison.Ordinal);
            Assert.Contains($"pagerduty-routing-key:\n          fn::secret: ${{{output.Expression}}}", compiled.Program.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain(SettingsCatalog.PagerDutyRoutingKey, SettingsCatalog.RequiredSecrets(compiled.Settings));
        }
    }

    [Fact]
    public void AnEnvironmentThatPagesThroughTheOnCallStackNeedsAServiceThere()
    {
        var environment = Stacks.Of(StackRole.Environment).First(s => !Stacks.IsSynthetic(s) && !Stacks.Compile(Stacks.First(StackRole.OnCall)).Settings
            .Get(SettingsCatalog.OnCall).Services.Any(v => v.Environment == Stacks.SettingsOf(s).Environment));
        var compiled = Stacks.CompileWith(environment, new Dictionary<string, string>
        {
            [SettingsCatalog.PagerDutyEnabled.Key] = "true",
            [SettingsCatalog.PagerDutyOnCallStack.Key] = Stacks.NameOf(OnCallStack),
        });

        var error = Assert.Throws<CompilationException>(() => StackCompiler.RequireOnCallService(compiled.Settings, Repo.Root));
        Assert.Contains($"has no service for environment '{compiled.Settings.Environment}'; add {{environment: {compiled.Settings.Environment}, escalationPolicy: <policy>}}", Assert.Single(error.Problems), StringComparison.Ordinal);

        // The stacks in stacks/ that page through it all have their service.
        foreach (var stack in Repo.Stacks.Where(s => Stacks.RoleOf(s) != StackRole.OnCall))
        {
            StackCompiler.RequireOnCallService(Stacks.Compile(stack).Settings, Repo.Root);
        }
    }
}
