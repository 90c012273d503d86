using Infra.Cli;
using Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests;

/// <summary>Bad input: exit code, every problem on stderr naming stack, key and fix, nothing on stdout.</summary>
public sealed class BadInputTests
{
    /// <summary>The stacks the single tests below use, picked by role and profile (the theory covers one of each).</summary>
    private static string Production => Stacks.First(Infra.Config.StackRole.Environment, Infra.Config.Profile.Production);

    private static string Development => Stacks.First(Infra.Config.StackRole.Environment, Infra.Config.Profile.Development);

    private static string Controlplane => Stacks.Controlplane;

    /// <summary>A stack name no stacks/ folder holds.</summary>
    internal static string UnknownStack { get; } = $"no-such-stack-{Guid.NewGuid():N}"[..30];

    [Fact]
    public void UnknownStackNamesTheFileAndTheKnownStacks()
    {
        var run = CliRun.Of(["preview", "--stack", UnknownStack, "--root", Repo.Root]);
        AssertRejected(run, $"stack '{UnknownStack}': unknown stack, stacks/Pulumi.{UnknownStack}.yaml does not exist",
            $"known stacks: {string.Join(", ", Repo.Stacks)}.");
    }

    /// <summary>Every single-key bad input, over the stacks of its roles (one per role and profile, synthetic ones where stacks/ has none).</summary>
    public static IReadOnlyList<BadInputCase> Cases { get; } =
    [
        new("misspelled key", BadInputCase.Cluster, "observability:prometheusReplica", "3", ["unknown config key 'observability:prometheusReplica'; did you mean 'observability:prometheusReplicas'?"], CompileOnly: true),
        new("wrong type", BadInputCase.Cluster, "observability:prometheusReplicas", "two", ["stack '{stack}'", "observability:prometheusReplicas expected integer from 1 to 10, got 'two'", "fix: pulumi config set observability:prometheusReplicas ", " --stack {stack}"]),
        new("volume over 64Ti", BadInputCase.Cluster, "observability:prometheusStorageSize", "65Ti", [$"observability:prometheusStorageSize must be at most {Infra.Config.SettingsCatalog.MaxVolume}, got '65Ti'", "--stack {stack}"]),
        new("volume past 64 bits", BadInputCase.Cluster, "observability:prometheusStorageSize", "99999999999999999999Gi", [$"observability:prometheusStorageSize must be at most {Infra.Config.SettingsCatalog.MaxVolume}, got '99999999999999999999Gi'"]),
        new("volume of 1024Ti", BadInputCase.Cluster, "observability:prometheusStorageSize", "1024Ti", [$"observability:prometheusStorageSize must be at most {Infra.Config.SettingsCatalog.MaxVolume}"]),
        new("volume of nothing", BadInputCase.Cluster, "observability:prometheusStorageSize", "0", [$"observability:prometheusStorageSize must be at least {Infra.Config.SettingsCatalog.MinSize}", "fix: pulumi config set observability:prometheusStorageSize "]),
        new("count over the maximum", BadInputCase.Cluster, "observability:kafkaBrokers", "2147483647", ["observability:kafkaBrokers must be between 1 and 50, got '2147483647'"]),
        new("count past 64 bits", BadInputCase.Cluster, "observability:kafkaBrokers", "99999999999999999999", ["observability:kafkaBrokers expected integer from 1 to 50, got '99999999999999999999'"]),
        new("negative count", BadInputCase.Cluster, "observability:kafkaBrokers", "-3", ["observability:kafkaBrokers must be between 1 and 50, got '-3'"]),
        new("retention of nothing", BadInputCase.Cluster, "observability:prometheusRetention", "0d", [$"observability:prometheusRetention must be more than 0 and at most {Infra.Config.SettingsCatalog.MaxDuration}", "fix: pulumi config set observability:prometheusRetention "]),
        new("retention of millions of years", BadInputCase.Cluster, "observability:prometheusRetention", "999999999d", [$"observability:prometheusRetention must be more than 0 and at most {Infra.Config.SettingsCatalog.MaxDuration}"]),
        new("time zone nowhere", BadInputCase.Cluster, "observability:logTimeZone", "Mars/Olympus", ["observability:logTimeZone must be a time zone of the tz database", "got 'Mars/Olympus'", "fix: pulumi config set observability:logTimeZone "]),
        new("Kubernetes quantity as a Fluent Bit size", BadInputCase.Cluster, "observability:fluentBitBufferLimit", "8Gi", ["observability:fluentBitBufferLimit must be a Fluent Bit size such as 8G"]),
        new("Fluent Bit buffer past any volume", BadInputCase.Cluster, "observability:fluentBitBufferLimit", "99999999999G", ["observability:fluentBitBufferLimit must be a Fluent Bit size from 1K to", "got '99999999999G'"]),
        new("Fluent Bit buffer of nothing", BadInputCase.Cluster, "observability:fluentBitBufferLimit", "0G", ["observability:fluentBitBufferLimit must be a Fluent Bit size from 1K to"]),
        new("list for a string", BadInputCase.Cluster, "observability:kubeContext", "[\"a\", \"b\"]", ["observability:kubeContext expected string, not a list"]),
        new("mapping for a string", BadInputCase.Cluster, "observability:slackChannel", "{\"name\": \"#alerts\"}", ["observability:slackChannel expected string, not a mapping"], CompileOnly: true),
        new("YAML null", BadInputCase.Cluster, "observability:kubeContext", "null", ["sets observability:kubeContext to null", "pulumi config set observability:kubeContext '<kubeconfig context of the {stack} cluster>' --stack {stack}"], YamlOnly: true),
        new("key set twice", BadInputCase.Cluster, "observability:kafkaBrokers", "3", ["stack '{stack}'", "sets 'observability:kafkaBrokers' twice in the same mapping", "keep one of the two lines"], Twice: true),
        new("YAML null as ~", BadInputCase.Cluster, "observability:slackChannel", "~", ["sets observability:slackChannel to null"], YamlOnly: true),
        new("controlplane key on an environment", BadInputCase.Environment, "observability:environments", "[\"{stack}\"]", ["observability:environments applies only to stacks with observability:role: controlplane"]),
        new("host address for a network", BadInputCase.Environment, "observability:controlplaneCidrs", "[\"203.0.113.0/28\", \"10.0.0.1/24\"]", ["observability:controlplaneCidrs item '10.0.0.1/24' is not a network in CIDR notation"]),
        new("prefix over 32", BadInputCase.Environment, "observability:controlplaneCidrs", "[\"10.0.0.0/33\"]", ["observability:controlplaneCidrs item '10.0.0.0/33' is not a network in CIDR notation"]),
        new("octet over 255", BadInputCase.Environment, "observability:controlplaneCidrs", "[\"300.0.0.0/8\"]", ["observability:controlplaneCidrs item '300.0.0.0/8' is not a network in CIDR notation"]),
        new("address without prefix", BadInputCase.Environment, "observability:controlplaneCidrs", "[\"10.0.0.0\"]", ["observability:controlplaneCidrs item '10.0.0.0' is not a network in CIDR notation"]),
        new("octal-looking octet", BadInputCase.Environment, "observability:controlplaneCidrs", "[\"010.0.0.0/8\"]", ["observability:controlplaneCidrs item '010.0.0.0/8' is not a network in CIDR notation"]),
        new("Grafana URL without scheme", BadInputCase.Environment, "observability:grafanaUrl", "grafana.example.com", ["observability:grafanaUrl", "must be an absolute https URL"]),
        new("Grafana URL with a trailing slash", BadInputCase.Environment, "observability:grafanaUrl", "https://grafana.example.com/", ["observability:grafanaUrl", "must be an absolute https URL"]),
        new("Grafana URL over http", BadInputCase.Environment, "observability:grafanaUrl", "http://grafana.example.com", ["observability:grafanaUrl", "must be an absolute https URL"]),
        new("Kibana reader named elastic", BadInputCase.Controlplane, "observability:kibanaReaders", "[\"dana\", \"elastic\"]", ["observability:kibanaReaders item 'elastic' is a built-in or service user"]),
        new("Kibana admin named kibana_system", BadInputCase.Controlplane, "observability:kibanaAdmins", "[\"dana\", \"kibana_system\"]", ["observability:kibanaAdmins item 'kibana_system' is a built-in or service user"]),
        new("Kibana reader named grafana", BadInputCase.Controlplane, "observability:kibanaReaders", "[\"dana\", \"grafana\"]", ["observability:kibanaReaders item 'grafana' is a built-in or service user"]),
        new("OIDC over http", BadInputCase.Controlplane, "observability:grafanaOidcAuthUrl", "http://login.example.com/authorize", ["observability:grafanaOidcAuthUrl", "must be an absolute https URL"]),
        new("group name with a quote", BadInputCase.Controlplane, "observability:grafanaAdminGroups", "[\"it's admins\"]", ["observability:grafanaAdminGroups", "is not a group name"]),
        new("unknown ingress class", BadInputCase.Controlplane, "observability:ingressClass", "traefik", ["observability:ingressClass", "must be one of alb, nginx"]),
        new("scopes without openid", BadInputCase.Controlplane, "observability:grafanaOidcScopes", "[\"email\", \"groups\"]", ["observability:grafanaOidcScopes", "must include 'openid'"]),
        new("two scopes in one", BadInputCase.Controlplane, "observability:grafanaOidcScopes", "[\"openid email\"]", ["observability:grafanaOidcScopes", "is not an OAuth scope"]),
        new("allow-list host address", BadInputCase.Controlplane, "observability:userInterfaceAllowedCidrs", "[\"203.0.113.1/24\"]", ["observability:userInterfaceAllowedCidrs", "is not a network in CIDR notation"]),
        new("subnet ID with a space", BadInputCase.Controlplane, "observability:albSubnets", "[\"subnet 1\"]", ["observability:albSubnets", "is not a subnet ID"]),
        new("environment without a stack file", BadInputCase.Controlplane, "observability:environments", $"[\"{UnknownStack}\"]", [$"observability:environments lists '{UnknownStack}', but stacks/Pulumi.{UnknownStack}.yaml does not exist", "README, 'Adding an environment'"]),
        new("environment listed twice", BadInputCase.Controlplane, "observability:environments", "[\"{stack}-twice\", \"{stack}-twice\"]", ["observability:environments lists '{stack}-twice' more than once"]),
        new("the controlplane itself", BadInputCase.Controlplane, "observability:environments", "[\"{stack}\"]", ["observability:environments lists '{stack}', the controlplane itself"]),
        new("the on-call stack as an environment", BadInputCase.Controlplane, "observability:environments", "[\"{oncall}\"]", ["observability:environments lists '{oncall}', whose stack has observability:role: oncall; list only environment stacks"]),
    ];

    /// <summary>(stack id, case name): each case on one stack per role and profile it applies to.</summary>
    public static TheoryData<string, string> CaseData()
    {
        var data = new TheoryData<string, string>();
        foreach (var badInput in Cases)
        {
            if (badInput.Value.Contains("{oncall}", StringComparison.Ordinal) && !Stacks.Of(Infra.Config.StackRole.OnCall).Any())
            {
                continue; // no on-call stack to list
            }

            foreach (var role in badInput.Roles)
            {
                foreach (var profile in Infra.Config.ProfileCatalog.BuiltIn.Profiles)
                {
                    var stacks = Stacks.Of(role, profile).ToList();
                    if ((stacks.FirstOrDefault(id => !Stacks.IsSynthetic(id)) ?? stacks.FirstOrDefault()) is { } stack)
                    {
                        data.Add(stack, badInput.Name);
                    }
                }
            }
        }

        return data;
    }

    [Fact]
    public void EveryCaseRunsOnAtLeastOneStack()
    {
        var covered = CaseData().Select(row => (string)row[1]).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Cases.Count, Cases.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(Cases.Where(c => !c.Value.Contains("{oncall}", StringComparison.Ordinal)), c => Assert.Contains(c.Name, covered));
    }

    /// <summary>
    /// Each bad input is refused naming the stack's key and the fix, through the compiler as Pulumi runs it
    /// (PULUMI_CONFIG) and through a stack file (the offline commands), with no stack trace.
    /// </summary>
    [Theory]
    [MemberData(nameof(CaseData))]
    public void ABadValueIsRefusedNamingTheKeyAndTheFix(string stack, string name)
    {
        var badInput = Cases.Single(c => c.Name == name);
        var onCall = Stacks.Of(Infra.Config.StackRole.OnCall).FirstOrDefault() ?? "oncall";
        string Fill(string text) => text.Replace("{stack}", Stacks.NameOf(stack), StringComparison.Ordinal).Replace("{oncall}", Stacks.NameOf(onCall), StringComparison.Ordinal);
        var value = Fill(badInput.Value);
        var runs = badInput.YamlOnly || badInput.Twice ? [PreviewWith(stack, badInput.Key, value, raw: true, twice: badInput.Twice)]
            : badInput.CompileOnly ? [Compile(stack, (badInput.Key, value))]
            : BothPaths(stack, badInput.Key, value).ToList();
        foreach (var run in runs)
        {
            Assert.Contains(badInput.Key, run.Stderr, StringComparison.Ordinal);
            AssertRejected(run, [.. badInput.Expected.Select(Fill)]);
        }
    }

    /// <summary>Every bad command-line argument a new user tried (issue #23), over the stacks of its roles.</summary>
    public static IReadOnlyList<BadArgumentCase> ArgumentCases { get; } =
    [
        new("render into a file", BadArgumentCase.Any, ["render", "--stack", "{stack}", "--root", "{root}", "--out", "{file}"], CommandLine.InputError, "--out {file}",
            ["is a file, not a folder", "choose a new or empty folder"], []),
        new("render below a file", BadArgumentCase.Any, ["render", "--stack", "{stack}", "--root", "{root}", "--out", "{file}/rendered"], CommandLine.InputError, "--out {file}/rendered",
            ["{file} is a file, so no folder can be made below it", "choose another folder"], []),
        new("what-if on a stack that is no controlplane", [Infra.Config.StackRole.Environment, Infra.Config.StackRole.OnCall], ["footprint", "--stack", "{stack}", "--root", "{root}", "--environments", "5"], CommandLine.UsageError, "--environments",
            ["stack '{stack}' has observability:role: ", "pass --stack with a controlplane stack"], [Infra.Config.SettingsCatalog.Environments.Key]),
        new("fleet table of a stack that is no controlplane", [Infra.Config.StackRole.Environment, Infra.Config.StackRole.OnCall], ["footprint", "--stack", "{stack}", "--root", "{root}", "--fleet", "2,5"], CommandLine.UsageError, "--fleet",
            ["stack '{stack}' has observability:role: ", "pass --stack with a controlplane stack"], [Infra.Config.SettingsCatalog.Environments.Key]),
        new("environments not a number", BadArgumentCase.Any, ["footprint", "--stack", "{stack}", "--root", "{root}", "--environments", "abc"], CommandLine.UsageError, "--environments",
            [$"must be a whole number from 1 to {Infra.Footprint.FleetWhatIf.MaxEnvironments}, not 'abc'"], ["System.", "Int32", "Nullable"]),
        new("environments past the maximum", BadArgumentCase.Any, ["footprint", "--stack", "{stack}", "--root", "{root}", "--environments", $"{Infra.Footprint.FleetWhatIf.MaxEnvironments + 1}"], CommandLine.UsageError, "--environments",
            [$"must be a whole number from 1 to {Infra.Footprint.FleetWhatIf.MaxEnvironments}, not '{Infra.Footprint.FleetWhatIf.MaxEnvironments + 1}'"], []),
        new("environments past 32 bits", [Infra.Config.StackRole.Controlplane], ["footprint", "--stack", "{stack}", "--root", "{root}", "--environments", "99999999999"], CommandLine.UsageError, "--environments",
            ["must be a whole number from 1 to", "not '99999999999'"], ["System.", "Int32", "Nullable"]),
        new("nodes not a number", BadArgumentCase.Any, ["footprint", "--stack", "{stack}", "--root", "{root}", "--nodes", "two"], CommandLine.UsageError, "--nodes",
            [$"must be a whole number from 1 to {FootprintCommand.MaxNodes}, not 'two'"], ["System.", "Int32", "Nullable"]),
    ];

    /// <summary>(stack id, case name): each argument case on one stack per role and profile it applies to.</summary>
    public static TheoryData<string, string> ArgumentCaseData()
    {
        var data = new TheoryData<string, string>();
        foreach (var badArgument in ArgumentCases)
        {
            foreach (var role in badArgument.Roles)
            {
                foreach (var profile in Infra.Config.ProfileCatalog.BuiltIn.Profiles)
                {
                    if (Stacks.Of(role, profile).OrderBy(Stacks.IsSynthetic).FirstOrDefault() is { } stack)
                    {
                        data.Add(stack, badArgument.Name);
                    }
                }
            }
        }

        return data;
    }

    [Fact]
    public void EveryArgumentCaseRunsOnAtLeastOneStack()
    {
        Assert.Equal(ArgumentCases.Count, ArgumentCases.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
        var covered = ArgumentCaseData().Select(row => (string)row[1]).ToHashSet(StringComparer.Ordinal);
        Assert.All(ArgumentCases, c => Assert.Contains(c.Name, covered));
    }

    /// <summary>
    /// A bad command-line argument is refused with its exit code, naming the argument and the fix: nothing on
    /// stdout, nothing written, no stack trace, no .NET type name, no key the user never set.
    /// </summary>
    [Theory]
    [MemberData(nameof(ArgumentCaseData))]
    public void ABadArgumentIsRefusedNamingItAndTheFix(string stack, string name)
    {
        var badArgument = ArgumentCases.Single(c => c.Name == name);
        var file = Path.Combine(Path.GetTempPath(), $"infra-bad-argument-{Guid.NewGuid():N}");
        File.WriteAllText(file, "keep me\n");
        try
        {
            string Fill(string text) => text.Replace("{stack}", Stacks.NameOf(stack), StringComparison.Ordinal)
                .Replace("{root}", Stacks.RootOf(stack), StringComparison.Ordinal).Replace("{file}", file, StringComparison.Ordinal);
            var run = CliRun.Of([.. badArgument.Args.Select(Fill)]);
            Assert.True(run.ExitCode == badArgument.ExitCode, $"exit {run.ExitCode}, not {badArgument.ExitCode}: {run.Stderr}");
            Assert.Empty(run.Stdout);
            Assert.StartsWith($"error: {Fill(badArgument.Argument)}", run.Stderr, StringComparison.Ordinal);
            foreach (var text in badArgument.Expected.Select(Fill))
            {
                Assert.Contains(text, run.Stderr, StringComparison.Ordinal);
            }

            foreach (var text in badArgument.NotExpected.Append("   at ").Append("Exception"))
            {
                Assert.DoesNotContain(text, run.Stderr, StringComparison.Ordinal);
            }

            Assert.Equal("keep me\n", File.ReadAllText(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void RealTimeZonesAreAcceptedAsLogstashKnowsThem()
    {
        // Zones and links of the tz database that Joda-Time (Logstash's date filter) resolves too.
        var stack = Stacks.First(Infra.Config.StackRole.Environment);
        foreach (var zone in new[] { "UTC", "CET", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "US/Eastern" })
        {
            var run = Compile(stack, ("observability:logTimeZone", zone));
            Assert.True(run.ExitCode == 0, $"{zone}: {run.Stderr}");
        }
    }

    [Fact]
    public void TwoEnvironmentsWithOneLabelAreRefused()
    {
        // The controlplane's first two environments (any controlplane listing two), the second given the first's label.
        var (controlplane, environments) = Stacks.Of(Infra.Config.StackRole.Controlplane).Select(c => (c, Stacks.EnvironmentsOf(c).ToList())).First(p => p.Item2.Count >= 2);
        var label = Stacks.SettingsOf(environments[0]).Environment;
        var run = PreviewOf(controlplane, File.ReadAllText(Infra.Config.StackFileReader.PathFor(Stacks.RootOf(controlplane), Stacks.NameOf(controlplane))),
            (Stacks.NameOf(environments[1]), WithKey(environments[1], "observability:environment", label, raw: false)));
        AssertRejected(run, $"observability:environments lists '{Stacks.NameOf(environments[1])}', whose observability:environment is '{label}'", $"--stack {Stacks.NameOf(environments[1])}");
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var run = Compile(Production,
            ("observability:prometheusReplicas", "0"),
            ("observability:profile", "prod"),
            ("observability:alertmanagerReplica", "3"),
            ("observability:prometheusRetention", "two weeks"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("observability:prometheusReplicas must be between 1 and 10, got '0'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"observability:profile must be one of {string.Join(", ", Infra.Config.ProfileCatalog.BuiltIn.Names)}, got 'prod'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("'observability:alertmanagerReplica'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("observability:prometheusRetention must be a duration", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("4 problems; nothing was written.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheClusterContextIsRequired()
    {
        var run = CompileWithout(Production, "observability:kubeContext");
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("observability:kubeContext is required", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void FixSuggestionsForANewStackNeverPointAtAnotherStacksCluster()
    {
        var run = CliRun.Of(["compile"], Environment("staging", "{\"observability:role\":\"environment\"}"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("fix: pulumi config set observability:kubeContext '<kubeconfig context of the staging cluster>' --stack staging", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("fix: pulumi config set observability:federationHost prometheus.staging.example.com --stack staging", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("prod", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAlbWithoutItsSubnetsIsRefusedWithTheFix()
    {
        var run = Compile(Controlplane, ("observability:ingressClass", "alb"), ("observability:albSubnetCidrs", "[]"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("observability:albSubnetCidrs is empty", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAlbWhoseSubnetsAreNotPinnedOnePerRangeIsRefusedWithTheFix()
    {
        var run = Compile(Controlplane, ("observability:ingressClass", "alb"), ("observability:albSubnetCidrs", "[\"10.20.0.0/24\", \"10.20.1.0/24\"]"), ("observability:albSubnets", "[\"subnet-0a1b2c3d4e5f60711\"]"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("observability:albSubnetCidrs lists 2 subnets but observability:albSubnets 1", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("pulumi config set --path 'observability:albSubnets[0]'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInternetFacingSignInPageWithoutAnAllowListIsRefusedNamingBothWaysOut()
    {
        var run = Compile(Controlplane, ("observability:loadBalancerScheme", "internet-facing"), ("observability:userInterfaceAllowedCidrs", "[]"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("observability:loadBalancerScheme is internet-facing and observability:userInterfaceAllowedCidrs is empty", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"pulumi config set observability:userInterfaceOpenToInternet true --stack {Controlplane}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ARootWithoutTheProjectIsRefusedRatherThanCompiledWithoutChartValues()
    {
        var environment = Environment(Production, System.Text.Json.JsonSerializer.Serialize(StackConfigJson.Values(Production)));
        environment["PULUMI_ROOT_DIRECTORY"] = Path.Combine(Path.GetTempPath(), $"no-project-{Guid.NewGuid():N}");
        var run = CliRun.Of(["compile"], environment);
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("holds no Pulumi.yaml", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePrivateCaMustBeOnePemCertificate()
    {
        var run = Compile(Production, ("observability:tlsCaCertificate", "MIIBszCCAVmgAwIBAgIU"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("observability:tlsCaCertificate must be one PEM certificate", run.Stderr, StringComparison.Ordinal);

        run = Compile(Production, ("observability:tlsCaCertificate", "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("MIIBszCCAVmgAwIBAgIU", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingSecretStopsTheCompilerButNotTheOfflinePreview()
    {
        var run = CompileWithout(Production, "observability:slackWebhookUrl");
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("the secret observability:slackWebhookUrl is required on every stack and not set", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("fix: pulumi config set --secret observability:slackWebhookUrl", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("pagerDutyRoutingKey", run.Stderr, StringComparison.Ordinal);

        // The stack file never holds secrets: the offline preview shows what is missing and goes on.
        var preview = CliRun.Of(["preview", "--stack", Production, "--root", Repo.Root]);
        Assert.Equal(0, preview.ExitCode);
        Assert.Contains("observability:slackWebhookUrl: NOT SET", preview.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRoutingKeySecretIsRequiredWhereAStackPagesWithoutTheOnCallStack()
    {
        var values = StackConfigJson.Values(Production);
        values.Remove("observability:pagerDutyRoutingKey");
        values["observability:pagerDutyOnCallStack"] = string.Empty;
        var run = CliRun.Of(["compile"], Environment(Production, System.Text.Json.JsonSerializer.Serialize(values)));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("the secret observability:pagerDutyRoutingKey is required when pagerDutyEnabled is true and pagerDutyOnCallStack is empty and not set", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("fix: pulumi config set --secret observability:pagerDutyRoutingKey", run.Stderr, StringComparison.Ordinal);

        // With the on-call stack giving the key, the secret is not needed.
        values["observability:pagerDutyOnCallStack"] = StackConfigJson.Values(Production)["observability:pagerDutyOnCallStack"];
        Assert.Equal(0, CliRun.Of(["compile"], Environment(Production, System.Text.Json.JsonSerializer.Serialize(values))).ExitCode);
    }

    [Fact]
    public void ALogstashVolumeTooSmallForEveryPipelinesQueuesIsRefused()
    {
        // One pipeline per environment the controlplane lists, plus its own, each with its queue and
        // dead-letter queue as the stack sets them, plus 2 GiB, on every pod's volume.
        var controlplane = Stacks.Compile(Controlplane).Settings;
        var pipelines = Infra.Components.Logstash.PipelinesFor(controlplane.Get(Infra.Config.SettingsCatalog.Environments).Items.Count);
        var perPipeline = Infra.Model.KubeQuantity.Parse(controlplane.Get(Infra.Config.SettingsCatalog.LogstashQueueSize))
            + Infra.Model.KubeQuantity.Parse(controlplane.Get(Infra.Config.SettingsCatalog.LogstashDeadLetterQueueSize));
        var neededMi = (long)(((pipelines * perPipeline) + (2m * 1024 * 1024 * 1024)) / (1024 * 1024));
        var neededGi = (long)decimal.Ceiling(neededMi / 1024m);
        var run = Compile(Controlplane, ("observability:logstashStorageSize", $"{neededMi - 1}Mi"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains($"observability:logstashStorageSize {neededMi - 1}Mi cannot hold the queues of {pipelines} pipelines", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"fix: pulumi config set observability:logstashStorageSize {neededGi}Gi --stack {Controlplane}", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Compile(Controlplane, ("observability:logstashStorageSize", $"{neededMi}Mi")).ExitCode);
    }

    [Fact]
    public void ALogstashQueueBelowTwoPagesIsRefused()
    {
        var run = Compile(Controlplane, ("observability:logstashQueueSize", "64Mi"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("observability:logstashQueueSize 64Mi is not a whole number of MiB of at least 128Mi", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderKeysOfOtherNamespacesAreRefused()
    {
        var run = Compile(Production, ("kubernetes:context", "somewhere"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("unknown config key 'kubernetes:context'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void APlainTextSecretInAStackFileIsRefused()
    {
        var root = Path.Combine(Path.GetTempPath(), $"infra-bad-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "stacks"));
            File.WriteAllText(Path.Combine(root, "Pulumi.yaml"), "name: observability\n");
            // A project of its own, with one stack whose name no real stack has.
            File.WriteAllText(Path.Combine(root, "stacks", "Pulumi.plain-secret.yaml"),
                "config:\n  observability:kubeContext: plain-secret\n  observability:kafkaExternalHost: kafka.plain-secret.example.com\n  observability:slackWebhookUrl: https://hooks.example/plain-canary\n");
            var run = CliRun.Of(["preview", "--stack", "plain-secret", "--root", root]);
            Assert.Equal(CommandLine.InputError, run.ExitCode);
            Assert.Contains("observability:slackWebhookUrl is stored in plain text", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("plain-canary", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void MalformedPulumiConfigIsRefusedWithoutQuotingIt()
    {
        var run = CliRun.Of(["compile"], Environment(Production, "{\"observability:slackWebhookUrl\": \"canary-123"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("PULUMI_CONFIG is not valid JSON", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("canary-123", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>(arguments, message): usage errors, over stacks picked by role (the first two stacks in stacks/ for a repeated --stack).</summary>
    public static TheoryData<string[], string> UsageErrors() => new()
    {
        { ["preview"], "Option '--stack' is required" },
        { ["deploy"], "Unrecognized command or argument 'deploy'" },
        { ["preview", "--stack", Stacks.First(Infra.Config.StackRole.Environment), "--colour", "red"], "Unrecognized command or argument '--colour'" },
        { ["preview", "--stack", Stacks.First(Infra.Config.StackRole.Environment), "--stack", Controlplane], "--stack" },
        { ["help", "deploy"], "unknown command 'deploy'" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void UsageErrorsShowTheUsage(string[] args, string message)
    {
        var run = CliRun.Of(args);
        Assert.Equal(CommandLine.UsageError, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    // --- Issue #10: bad input a new user tried. Each in both paths where both apply: the compiler as
    // Pulumi runs it (PULUMI_CONFIG) and the offline commands (a stack file). ------------------------

    [Fact]
    public void EveryNumberSettingDeclaresAnUpperBoundShownInTheReference()
    {
        var numbers = Infra.Config.SettingsCatalog.All.Where(s => s is Infra.Config.Setting<int> or Infra.Config.Setting<long>).ToList();
        Assert.NotEmpty(numbers);
        var reference = ConfigReference.Markdown();
        foreach (var setting in numbers)
        {
            Assert.Matches("^integer from 1 to [0-9]+", setting.TypeName);
            Assert.Contains($"| `{setting.Key}` | {setting.TypeName} |", reference, StringComparison.Ordinal);
        }

        foreach (var threshold in Infra.Config.Thresholds.All)
        {
            Assert.Contains($"| `{threshold.Name}` |", reference, StringComparison.Ordinal);
            Assert.Contains($"| {threshold.Min} to {threshold.Max} |", reference, StringComparison.Ordinal);
        }

        AssertRejected(Compile(Production, ("observability:alertThresholds", "{\"nodeCpuHighPercent\": 1e400}")),
            "observability:alertThresholds threshold 'nodeCpuHighPercent' must be a number");
    }

    [Fact]
    public void ATopLevelKeyOutsideConfigIsNamed()
    {
        var text = File.ReadAllText(Infra.Config.StackFileReader.PathFor(Repo.Root, Production)).Replace("config:", "confg:", StringComparison.Ordinal);
        AssertRejected(PreviewOf(Production, text), $"stacks/Pulumi.{Production}.yaml has unknown top-level key 'confg'", "did you mean 'config'?");

        // Pulumi's own top-level keys are accepted.
        text = "secretsprovider: passphrase\nencryptionsalt: v1:abc\nencryptedkey: \"\"\nenvironment:\n  - observability\n"
            + File.ReadAllText(Infra.Config.StackFileReader.PathFor(Repo.Root, Production));
        var run = PreviewOf(Production, text);
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    /// <summary>One stack of each profile (synthetic where stacks/ has none), for the fix hints' defaults.</summary>
    public static TheoryData<string> OneStackPerProfile() => Stacks.Data(Infra.Config.ProfileCatalog.BuiltIn.Profiles
        .Select(profile => Stacks.Of(Infra.Config.StackRole.Environment, profile).OrderBy(Stacks.IsSynthetic).FirstOrDefault())
        .OfType<string>());

    [Theory]
    [MemberData(nameof(OneStackPerProfile))]
    public void FixHintsUseTheStacksOwnProfileDefaults(string stack)
    {
        var profile = Stacks.ProfileOf(stack);
        var name = Stacks.NameOf(stack);
        var replicas = profile.Default(Infra.Config.SettingsCatalog.PrometheusReplicas);
        var size = profile.Default(Infra.Config.SettingsCatalog.PrometheusStorageSize);
        foreach (var run in BothPaths(stack, "observability:prometheusReplicas", "0"))
        {
            AssertRejected(run, $"fix: pulumi config set observability:prometheusReplicas {replicas} --stack {name}");
        }

        foreach (var run in BothPaths(stack, "observability:prometheusStorageSize", "lots"))
        {
            AssertRejected(run, $"fix: pulumi config set observability:prometheusStorageSize {size} --stack {name}");
        }
    }

    [Fact]
    public void AValueHeldEncryptedIsNeverRepeated()
    {
        var environment = Environment(Production, StackConfigJson.For(Production, new Dictionary<string, string> { ["observability:kafkaBrokers"] = "canary-4711" }));
        environment["PULUMI_CONFIG_SECRET_KEYS"] = "[\"observability:kafkaBrokers\"]";
        var run = CliRun.Of(["compile"], environment);
        AssertRejected(run, "observability:kafkaBrokers expected integer from 1 to 50 (");
        Assert.DoesNotContain("canary-4711", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Bad input: exit 1, the problem on stderr, nothing on stdout, no stack trace.</summary>
    private static void AssertRejected(CliRun run, params string[] expected)
    {
        Assert.True(run.ExitCode == CommandLine.InputError, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Empty(run.Stdout);
        foreach (var text in expected)
        {
            Assert.Contains(text, run.Stderr, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// The stack (an id of <see cref="Stacks"/>) with <paramref name="key"/> set to <paramref name="value"/> (a scalar
    /// or a JSON list or mapping), run through the compiler as Pulumi passes it and through the offline preview of a stack file.
    /// </summary>
    private static IEnumerable<CliRun> BothPaths(string stack, string key, string value)
    {
        yield return Compile(stack, (key, value));
        yield return PreviewWith(stack, key, value, raw: false);
    }

    /// <summary>The offline preview of the stack with one key set; <paramref name="raw"/>: the value is YAML as written.</summary>
    private static CliRun PreviewWith(string stack, string key, string value, bool raw, bool twice = false) => PreviewOf(stack, WithKey(stack, key, value, raw, twice));

    /// <summary>The stack's file with one key set (<paramref name="twice"/>: raw, on two lines of the config mapping).</summary>
    private static string WithKey(string stack, string key, string value, bool raw, bool twice = false)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Infra.Config.StackFileReader.PathFor(Stacks.RootOf(stack), Stacks.NameOf(stack)))));
        var config = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("config")];
        if (raw)
        {
            config.Children.Remove(new YamlScalarNode(key));
            using var without = new StringWriter();
            stream.Save(without, assignAnchors: false);
            return without.ToString().TrimEnd('.', '\n', '\r') + string.Concat(Enumerable.Repeat($"\n  {key}: {value}", twice ? 2 : 1)) + "\n";
        }

        var parsed = new YamlStream();
        parsed.Load(new StringReader(value.TrimStart().StartsWith('[') || value.TrimStart().StartsWith('{') ? value : $"'{value}'"));
        config.Children[new YamlScalarNode(key)] = parsed.Documents[0].RootNode;
        using var text = new StringWriter();
        stream.Save(text, assignAnchors: false);
        return text.ToString();
    }

    /// <summary>
    /// The offline preview of <paramref name="stack"/> with this stack file (and other stacks' files replaced by
    /// <paramref name="others"/>), in a copy of the stack's project.
    /// </summary>
    private static CliRun PreviewOf(string stack, string stackFile, params (string Name, string Text)[] others)
    {
        var source = Stacks.RootOf(stack);
        var root = Path.Combine(Path.GetTempPath(), $"infra-bad-{Guid.NewGuid():N}");
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(source, "stacks")).Concat(Directory.GetFiles(Path.Combine(source, "charts-values"), "*", SearchOption.AllDirectories)).Append(Path.Combine(source, "Pulumi.yaml")))
            {
                var target = Path.Combine(root, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            File.WriteAllText(Path.Combine(root, "stacks", $"Pulumi.{Stacks.NameOf(stack)}.yaml"), stackFile);
            foreach (var (name, text) in others)
            {
                File.WriteAllText(Path.Combine(root, "stacks", $"Pulumi.{name}.yaml"), text);
            }

            return CliRun.Of(["preview", "--stack", Stacks.NameOf(stack), "--root", root]);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    private static CliRun Compile(string stack, params (string Key, string Value)[] extra) =>
        CliRun.Of(["compile"], Environment(stack, StackConfigJson.For(stack, extra.ToDictionary(e => e.Key, e => e.Value))));

    private static CliRun CompileWithout(string stack, string key)
    {
        var values = StackConfigJson.Values(stack);
        Assert.True(values.Remove(key), $"{key} is not in the {stack} config");
        return CliRun.Of(["compile"], Environment(stack, System.Text.Json.JsonSerializer.Serialize(values)));
    }

    private static Dictionary<string, string> Environment(string stack, string config) => new()
    {
        ["PULUMI_STACK"] = Stacks.NameOf(stack),
        ["PULUMI_CONFIG"] = config,
        ["PULUMI_ROOT_DIRECTORY"] = Stacks.IsSynthetic(stack) ? Stacks.RootOf(stack) : Repo.Root,
    };
}
