using Infra.Components.OnCall;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests.OnCall;

/// <summary>
/// Services and people ready to page, for every on-call stack: services set both timeouts (not the
/// provider's defaults) consistently with Alertmanager's repeat interval; every user the stack creates has
/// contact methods and high-urgency notification rules; phone numbers only as a secret reference.
/// </summary>
public sealed class ReadyToPageTests
{
    [Theory]
    [MemberData(nameof(OnCallConfigTests.OnCallStacks), MemberType = typeof(OnCallConfigTests))]
    public void ServicesSetTheirTimeoutsDeliberately(string stack)
    {
        var compiled = Stacks.Compile(stack);
        foreach (var service in compiled.Graph.Resources.Where(r => r.Type == "pagerduty:index/service:Service"))
        {
            var acknowledgement = Assert.IsType<StringValue>(service.Properties["acknowledgementTimeout"]).Text;
            var autoResolve = Assert.IsType<StringValue>(service.Properties["autoResolveTimeout"]).Text;
            Assert.True(acknowledgement == "null" || long.Parse(acknowledgement, System.Globalization.CultureInfo.InvariantCulture) >= OnCallLimits.MinAcknowledgementTimeoutSeconds);

            // Any finite auto-resolve closes incidents of alerts that still fire: off, or a clean-up of at least a day.
            Assert.True(autoResolve == "null" || long.Parse(autoResolve, System.Globalization.CultureInfo.InvariantCulture) >= OnCallLimits.MinAutoResolveTimeoutSeconds);
        }
    }

    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void TheRepeatIntervalTheTimeoutsAssumeIsAlertmanagersOnEveryRouteThatPages(string stack)
    {
        var compiled = Stacks.CompileWith(stack, new Dictionary<string, string> { [SettingsCatalog.PagerDutyEnabled.Key] = "true" });
        var document = compiled.Graph.Documents.Single(d => d.Path == "alertmanager/alertmanager.yaml").Content;
        var yaml = new YamlStream();
        yaml.Load(new StringReader(document));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var paging = ((YamlSequenceNode)root["receivers"]).Cast<YamlMappingNode>()
            .Where(r => r.Children.ContainsKey("pagerduty_configs")).Select(r => ((YamlScalarNode)r["name"]).Value).ToHashSet();
        var routes = ((YamlSequenceNode)((YamlMappingNode)root["route"])["routes"]).Cast<YamlMappingNode>()
            .Where(r => paging.Contains(((YamlScalarNode)r["receiver"]).Value)).ToList();
        Assert.NotEmpty(routes);
        Assert.All(routes, r => Assert.Equal($"{OnCallLimits.CriticalRepeatIntervalSeconds / 3600}h", ((YamlScalarNode)r["repeat_interval"]).Value));
    }

    [Theory]
    [MemberData(nameof(OnCallConfigTests.OnCallStacks), MemberType = typeof(OnCallConfigTests))]
    public void EveryCreatedUserCanBePagedFromDayOne(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var config = compiled.Settings.Get(SettingsCatalog.OnCall);
        var methods = compiled.Graph.Resources.Where(r => r.Type == "pagerduty:index/userContactMethod:UserContactMethod").ToList();
        var rules = compiled.Graph.Resources.Where(r => r.Type == "pagerduty:index/userNotificationRule:UserNotificationRule").ToList();
        foreach (var user in config.Users)
        {
            var resource = compiled.Graph.Resources.SingleOrDefault(r => r.Type == "pagerduty:index/user:User" && r.Properties["email"] == new StringValue(user.Email));
            if (user.Existing)
            {
                // Their contact methods are their own: none is declared for a looked-up user.
                Assert.Null(resource);
                continue;
            }

            Assert.NotNull(resource);
            var own = methods.Where(m => m.Properties["userId"] == new ReferenceValue(resource, "id")).ToList();

            // PagerDuty makes the login-email method itself and the provider cannot adopt it: never declared, read instead.
            Assert.DoesNotContain(own, m => m.Properties["type"] == new StringValue("email_contact_method"));
            foreach (var phone in own.Where(m => m.Properties["type"] is StringValue { Text: "phone_contact_method" or "sms_contact_method" }))
            {
                // The number is never in the program: a secret reference into the phone-number mapping.
                var secret = Assert.IsType<FunctionValue>(phone.Properties["address"]);
                Assert.Equal("secret", secret.Name);
                Assert.Equal(new ConfigReferenceValue($"{SettingsCatalog.PagerDutyPhoneNumbers.Key}[\"{user.Email}\"]"), secret.Argument);
                Assert.Equal(new NumberValue(user.PhoneCountryCode!.Value), phone.Properties["countryCode"]);
            }

            var mine = rules.Where(r => r.Properties["userId"] == new ReferenceValue(resource, "id")).ToList();
            foreach (var rule in mine)
            {
                var method = (ObjectValue)rule.Properties["contactMethod"]!;
                var expected = method["type"] == new StringValue("email_contact_method")
                    ? new[] { (Value)OnCallStack.LoginEmailContactMethod(new ReferenceValue(resource, "id"), compiled.Graph.Resources.Single(r => r.Type == "pulumi:providers:pagerduty")) }
                    : own.Select(m => (Value)new ReferenceValue(m, "id")).ToArray();
                Assert.Contains(method["id"], expected);
            }

            // Each configured rule is declared, or is one PagerDuty gives every new user (declaring it again would be a duplicate).
            foreach (var rule in user.NotificationRules)
            {
                var declared = mine.Any(r => r.Properties["urgency"] == new StringValue(rule.Urgency) && r.Properties["startDelayInMinutes"] == new NumberValue(rule.DelayMinutes)
                    && ((ObjectValue)r.Properties["contactMethod"]!)["type"] == new StringValue($"{rule.Via}_contact_method"));
                Assert.True(declared != OnCallStack.IsPagerDutyDefaultRule(rule), $"{user.Email}: {rule}");
            }

            Assert.Contains(user.NotificationRules, r => r.Urgency == "high");
        }
    }

    [SharedFact]
    public void AnEmailRuleUsesTheLoginEmailMethodPagerDutyMadeReadByAConformingInvoke()
    {
        var config = ProviderBoundsTests.Valid.Replace("{\"urgency\": \"high\", \"delayMinutes\": 0, \"via\": \"phone\"}",
            "{\"urgency\": \"high\", \"delayMinutes\": 0, \"via\": \"phone\"}, {\"urgency\": \"high\", \"delayMinutes\": 0, \"via\": \"email\"}, {\"urgency\": \"high\", \"delayMinutes\": 10, \"via\": \"email\"}", StringComparison.Ordinal);
        var compiled = Stacks.CompileWith(Stacks.First(StackRole.OnCall), new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = config });
        var user = compiled.Graph.Resources.Single(r => r.Type == "pagerduty:index/user:User" && r.Properties["email"] == new StringValue("a@example.com"));
        var rules = compiled.Graph.Resources.Where(r => r.Type == "pagerduty:index/userNotificationRule:UserNotificationRule" && r.Properties["userId"] == new ReferenceValue(user, "id")).ToList();

        // The delayed email rule is declared against the looked-up login-email method; the immediate one is PagerDuty's own.
        var email = Assert.Single(rules, r => ((ObjectValue)r.Properties["contactMethod"]!)["type"] == new StringValue("email_contact_method"));
        Assert.Equal(new NumberValue(10), email.Properties["startDelayInMinutes"]);
        var lookup = Assert.IsType<FunctionValue>(((ObjectValue)email.Properties["contactMethod"]!)["id"]);
        var arguments = (ObjectValue)((ObjectValue)lookup.Argument)["arguments"]!;
        Assert.Equal(new ReferenceValue(user, "id"), arguments["userId"]);
        Assert.Equal(new StringValue(OnCallStack.LoginEmailLabel), arguments["label"]);

        var checker = new Conformance.PulumiProgramChecker(Conformance.PulumiSchemaCatalog.Shared);
        Assert.Empty(checker.Check(compiled.Program));
        Assert.Contains(OnCallStack.GetUserContactMethodFunction, checker.Invokes);
    }

    [Fact]
    public void SupportHoursAreAWarningThatCriticalsOutsideThemWakeNobody()
    {
        var withHours = Stacks.CompileWith(Stacks.First(StackRole.OnCall), new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = ProviderBoundsTests.Valid });
        var warning = Assert.Single(withHours.Graph.Warnings, w => w.Contains("has supportHours", StringComparison.Ordinal));
        Assert.Contains("services[0] ('production')", warning, StringComparison.Ordinal);
        Assert.Contains("remove services[0].supportHours", warning, StringComparison.Ordinal);

        var without = System.Text.RegularExpressions.Regex.Replace(ProviderBoundsTests.Valid, @",\s*""supportHours"": \{[^}]*\}", string.Empty);
        Assert.NotEqual(ProviderBoundsTests.Valid, without);
        var compiled = Stacks.CompileWith(Stacks.First(StackRole.OnCall), new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = without });
        Assert.DoesNotContain(compiled.Graph.Warnings, w => w.Contains("has supportHours", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(OnCallConfigTests.OnCallStacks), MemberType = typeof(OnCallConfigTests))]
    public void EveryServiceWithSupportHoursIsWarnedAbout(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var services = compiled.Settings.Get(SettingsCatalog.OnCall).Services;
        Assert.Equal(services.Count(s => s.SupportHours is not null), compiled.Graph.Warnings.Count(w => w.Contains("has supportHours", StringComparison.Ordinal)));
    }

    [Fact]
    public void AnOnCallUserWithNoHighUrgencyRuleIsToldSo()
    {
        var onCall = ProviderBoundsTests.Valid.Replace("{\"urgency\": \"high\", \"delayMinutes\": 0, \"via\": \"phone\"}", "{\"urgency\": \"low\", \"delayMinutes\": 0, \"via\": \"phone\"}", StringComparison.Ordinal);
        Assert.NotEqual(ProviderBoundsTests.Valid, onCall);
        var compiled = Stacks.CompileWith(Stacks.First(StackRole.OnCall), new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = onCall });
        var warning = Assert.Single(compiled.Graph.Warnings, w => w.StartsWith("A <a@example.com> (users[0])", StringComparison.Ordinal));
        Assert.Contains("they have no high-urgency notification rule of their own", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("a high-urgency incident reaches them only by email", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void ARefusedPolicyNameIsReportedOnceNotAgainAsAMissingPolicy()
    {
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(Stacks.First(StackRole.OnCall), new Dictionary<string, string>
        {
            [SettingsCatalog.OnCall.Key] = ProviderBoundsTests.Valid.Replace("\"platform\"", "\"platform/data\"", StringComparison.Ordinal),
        }));
        var problems = string.Join("\n", error.Problems);
        Assert.Contains("escalationPolicies[0].name", problems, StringComparison.Ordinal);
        Assert.DoesNotContain("is not a policy in escalationPolicies", problems, StringComparison.Ordinal);
    }

    [Fact]
    public void ANameWithoutLatinLettersGetsAHashedResourceName()
    {
        Assert.Equal("primary-on-call", OnCallStack.Slug("Primary on-call"));
        var greek = OnCallStack.Slug("Εφημερία");
        Assert.Matches("^h[0-9a-f]{12}$", greek);
        Assert.NotEqual(greek, OnCallStack.Slug("Дежурство"));
        var compiled = Stacks.CompileWith(Stacks.First(StackRole.OnCall), new Dictionary<string, string>
        {
            [SettingsCatalog.OnCall.Key] = ProviderBoundsTests.Valid.Replace("\"primary\"", "\"Εφημερία\"", StringComparison.Ordinal),
        });
        Assert.Contains(compiled.Graph.Resources, r => r.Name == $"schedule-{greek}");
    }

    [Fact]
    public void AMaintenanceWindowsTimeZoneIsNotCalledAProviderField()
    {
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(Stacks.First(StackRole.OnCall), new Dictionary<string, string>
        {
            [SettingsCatalog.OnCall.Key] = ProviderBoundsTests.Valid.Replace("\"timeZone\": \"Europe/Berlin\", \"start\"", "\"timeZone\": \"Europe/Kyiv\", \"start\"", StringComparison.Ordinal),
        }));
        var problem = Assert.Single(error.Problems.SelectMany(p => p.Split('\n')), p => p.Contains("maintenanceWindows[0].timeZone", StringComparison.Ordinal));
        Assert.Contains("a maintenance window has no time zone of its own", problem, StringComparison.Ordinal);
        Assert.Contains("use Europe/Kiev", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void RoundRobinAndMaintenanceWindowsReachTheProgram()
    {
        var compiled = Stacks.CompileWith(Stacks.First(StackRole.OnCall), new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = ProviderBoundsTests.Valid });
        var policy = compiled.Graph.Resources.Single(r => r.Type == "pagerduty:index/escalationPolicy:EscalationPolicy");
        var rule = (ObjectValue)((ListValue)policy.Properties["rules"]!).Items[0];
        Assert.Equal(new StringValue("round_robin"), Assert.IsType<ObjectValue>(rule["escalationRuleAssignmentStrategy"])["type"]);

        var window = compiled.Graph.Resources.Single(r => r.Type == "pagerduty:index/maintenanceWindow:MaintenanceWindow");
        Assert.Equal(new StringValue("2026-12-10T22:00:00+01:00"), window.Properties["startTime"]);
        Assert.Equal(new StringValue("2026-12-11T02:00:00+01:00"), window.Properties["endTime"]);
        var service = compiled.Graph.Resources.Single(r => r.Type == "pagerduty:index/service:Service");
        Assert.Equal(new ReferenceValue(service, "id"), Assert.Single(Assert.IsType<ListValue>(window.Properties["services"]).Items));
    }

    [Theory]
    [InlineData("\"autoResolveTimeoutSeconds\": 3600", "autoResolveTimeoutSeconds must be between 86400 and 604800, got 3600")]
    [InlineData("\"autoResolveTimeoutSeconds\": 86399", "autoResolveTimeoutSeconds must be between 86400 and 604800, got 86399")]
    [InlineData("\"acknowledgementTimeoutSeconds\": 30", "acknowledgementTimeoutSeconds must be between 60 and 604800, got 30")]
    [InlineData("\"outsideSupportHoursUrgency\": \"severity_based\"", "outsideSupportHoursUrgency cannot be chosen: with supportHours PagerDuty takes only high urgency inside them and low outside")]
    public void TimeoutsAndUrgenciesOutOfLineAreRefused(string setting, string expected)
    {
        var onCall = ProviderBoundsTests.Valid.Replace("\"escalationPolicy\": \"platform\", ", $"\"escalationPolicy\": \"platform\", {setting}, ", StringComparison.Ordinal);
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(Stacks.First(StackRole.OnCall), new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = onCall }));
        Assert.Contains(error.Problems, p => p.Contains($"services[0].{expected}", StringComparison.Ordinal));
    }

    [Fact]
    public void ANotificationRuleGivenTwiceIsRefused()
    {
        var rule = "{\"urgency\": \"high\", \"delayMinutes\": 0, \"via\": \"phone\"}";
        var onCall = ProviderBoundsTests.Valid.Replace(rule, $"{rule}, {rule}", StringComparison.Ordinal);
        Assert.NotEqual(ProviderBoundsTests.Valid, onCall);
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(Stacks.First(StackRole.OnCall), new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = onCall }));
        Assert.Contains(error.Problems, p => p.Contains("users[0].notificationRules[1] repeats an earlier rule (high urgency, phone after 0 minutes); keep one", StringComparison.Ordinal));
    }

    /// <summary>The "nobody answered the page" case: on call, created here, and only email for high urgency. A warning, never an error.</summary>
    [Theory]
    [InlineData("", "", "B <b@example.com> (users[1]) is on call (escalation policy 'platform', schedule 'primary')")]
    [InlineData(B, "{\"email\": \"b@example.com\", \"name\": \"B\", \"phoneCountryCode\": 49}", null)]
    [InlineData(B, "{\"email\": \"b@example.com\", \"existing\": true}", null)]
    [InlineData("\"via\": \"phone\"}]}", "\"via\": \"email\"}]}", "A <a@example.com> (users[0]) is on call (schedule 'primary')")]
    public void AnOnCallUserReachableOnlyByEmailIsAWarning(string from, string to, string? expected)
    {
        Assert.Contains(from, ProviderBoundsTests.Valid, StringComparison.Ordinal);
        var onCall = from.Length == 0 ? ProviderBoundsTests.Valid : ProviderBoundsTests.Valid.Replace(from, to, StringComparison.Ordinal);
        var compiled = Stacks.CompileWith(Stacks.First(StackRole.OnCall), new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = onCall });
        var warnings = compiled.Graph.Warnings.Where(w => w.Contains("reaches them only by email", StringComparison.Ordinal)).ToList();
        if (expected is null)
        {
            Assert.Empty(warnings);
            return;
        }

        var warning = Assert.Single(warnings, w => w.StartsWith(expected + " but a high-urgency incident reaches them only by email", StringComparison.Ordinal));
        Assert.Contains("phoneCountryCode", warning, StringComparison.Ordinal);
        Assert.Contains(SettingsCatalog.PagerDutyPhoneNumbers.Key, warning, StringComparison.Ordinal);
    }

    /// <summary>
    /// When Pulumi passes the secret mapping decrypted, a number the provider would refuse stops the compile, naming the
    /// key and the rule and never the number (the provider itself prints a Mexican SMS number in its error).
    /// </summary>
    [Theory]
    [InlineData("{\"a@example.com\": \"15123456789\", \"someone@example.com\": \"x\"}", null)]
    [InlineData("{\"a@example.com\": \"0151234567891\"}", "starts with the trunk prefix 0, which PagerDuty refuses for country code 49")]
    [InlineData("{\"a@example.com\": \"+49 1512345678\"}", "is not a phone number as PagerDuty takes it")]
    [InlineData("{\"a@example.com\": \"1512345678901234567890123456789012345678901\"}", "is not a phone number as PagerDuty takes it")]
    [InlineData("{\"a@example.com\": 15123456789}", "is not a string; write the number in quotes")]
    [InlineData("15123456789", "is not a JSON mapping from email to phone number")]
    public void PhoneNumbersOfTheWrongFormAreRefusedWithoutShowingThem(string mapping, string? expected)
    {
        var overrides = new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = ProviderBoundsTests.Valid, [SettingsCatalog.PagerDutyPhoneNumbers.Key] = mapping };
        if (expected is null)
        {
            Stacks.CompileWith(Stacks.First(StackRole.OnCall), overrides);
            return;
        }

        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(Stacks.First(StackRole.OnCall), overrides));
        var problem = Assert.Single(error.Problems, p => p.Contains(SettingsCatalog.PagerDutyPhoneNumbers.Key, StringComparison.Ordinal));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        foreach (var digits in System.Text.RegularExpressions.Regex.Matches(mapping, "[0-9]{6,}").Select(m => m.Value))
        {
            Assert.DoesNotContain(digits, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ARefusedPhoneNumberIsNotPrintedByTheCompilePulumiRuns()
    {
        const string Canary = "CANARY-0151-do-not-print";
        var stack = Stacks.First(StackRole.OnCall);
        var env = new Dictionary<string, string>
        {
            ["PULUMI_STACK"] = Stacks.NameOf(stack),
            ["PULUMI_CONFIG"] = StackConfigJson.For(stack, new Dictionary<string, string>
            {
                [SettingsCatalog.OnCall.Key] = ProviderBoundsTests.Valid,
                [SettingsCatalog.PagerDutyPhoneNumbers.Key] = $"{{\"a@example.com\": \"{Canary}\"}}",
            }),
            ["PULUMI_ROOT_DIRECTORY"] = Stacks.RootOf(stack),
        };
        var run = CliRun.Of(["compile"], env);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"{SettingsCatalog.PagerDutyPhoneNumbers.Key}[\"a@example.com\"] (users[0], phoneCountryCode 49) is not a phone number", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    private const string B = "{\"email\": \"b@example.com\", \"name\": \"B\"}";
}
