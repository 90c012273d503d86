using Infra.Cli;
using Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests;

/// <summary>Bad input: exit code, every problem on stderr naming stack, key and fix, nothing on stdout.</summary>
public sealed class BadInputTests
{
    /// <summary>A stack name no stacks/ folder holds.</summary>
    internal static string UnknownStack { get; } = $"no-such-stack-{Guid.NewGuid():N}"[..30];

    [Fact]
    public void UnknownStackNamesTheFileAndTheKnownStacks()
    {
        var run = CliRun.Of(["preview", "--stack", UnknownStack, "--root", Repo.Root]);
        AssertRejected(run, $"stack '{UnknownStack}': unknown stack, stacks/Pulumi.{UnknownStack}.yaml does not exist",
            $"known stacks: {string.Join(", ", Repo.Stacks)}.");
    }

    [Fact]
    public void MisspelledKeyIsNamedWithASuggestion()
    {
        var run = Compile("production", ("observability:prometheusReplica", "3"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("unknown config key 'observability:prometheusReplica'; did you mean 'observability:prometheusReplicas'?", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongTypeNamesTheKeyTheExpectedTypeAndTheFix()
    {
        var run = Compile("production", ("observability:prometheusReplicas", "two"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("stack 'production' (PULUMI_CONFIG): observability:prometheusReplicas expected integer from 1 to 10, got 'two'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("fix: pulumi config set observability:prometheusReplicas 2 --stack production", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var run = Compile("production",
            ("observability:prometheusReplicas", "0"),
            ("observability:profile", "prod"),
            ("observability:alertmanagerReplica", "3"),
            ("observability:prometheusRetention", "two weeks"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("observability:prometheusReplicas must be between 1 and 10, got '0'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("observability:profile must be one of production, development", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("'observability:alertmanagerReplica'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("observability:prometheusRetention must be a duration", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("4 problems; nothing was written.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ControlplaneOnlyKeysAreRefusedOnEnvironments()
    {
        var run = Compile("development", ("observability:environments", "[\"production\"]"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("observability:environments applies only to stacks with observability:role: controlplane", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheClusterContextIsRequired()
    {
        var run = CompileWithout("production", "observability:kubeContext");
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

    [Theory]
    [InlineData("10.0.0.1/24")]
    [InlineData("10.0.0.0/33")]
    [InlineData("300.0.0.0/8")]
    [InlineData("10.0.0.0")]
    [InlineData("010.0.0.0/8")]
    public void ControlplaneCidrsMustBeNetworks(string cidr)
    {
        var run = Compile("production", ("observability:controlplaneCidrs", $"[\"203.0.113.0/28\",\"{cidr}\"]"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains($"observability:controlplaneCidrs item '{cidr}' is not a network in CIDR notation", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A person never gets a built-in or service account's name (nobody signs in as 'elastic').</summary>
    [Theory]
    [InlineData("observability:kibanaReaders", "elastic")]
    [InlineData("observability:kibanaAdmins", "kibana_system")]
    [InlineData("observability:kibanaReaders", "grafana")]
    public void KibanaUsersCannotTakeABuiltInOrServiceUsersName(string key, string name)
    {
        var run = Compile("controlplane", (key, $"[\"dana\",\"{name}\"]"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains($"{key} item '{name}' is a built-in or service user", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("observability:grafanaOidcAuthUrl", "http://login.example.com/authorize", "must be an absolute https URL")]
    [InlineData("observability:grafanaAdminGroups", "[\"it's admins\"]", "is not a group name")]
    [InlineData("observability:ingressClass", "traefik", "must be one of alb, nginx")]
    [InlineData("observability:grafanaOidcScopes", "[\"email\", \"groups\"]", "must include 'openid'")]
    [InlineData("observability:grafanaOidcScopes", "[\"openid email\"]", "is not an OAuth scope")]
    [InlineData("observability:userInterfaceAllowedCidrs", "[\"203.0.113.1/24\"]", "is not a network in CIDR notation")]
    [InlineData("observability:albSubnets", "[\"subnet 1\"]", "is not a subnet ID")]
    public void SignInAndIngressSettingsAreChecked(string key, string value, string message)
    {
        var run = Compile("controlplane", (key, value));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains(key, run.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAlbWithoutItsSubnetsIsRefusedWithTheFix()
    {
        var run = Compile("controlplane", ("observability:ingressClass", "alb"), ("observability:albSubnetCidrs", "[]"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("observability:albSubnetCidrs is empty", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAlbWhoseSubnetsAreNotPinnedOnePerRangeIsRefusedWithTheFix()
    {
        var run = Compile("controlplane", ("observability:ingressClass", "alb"), ("observability:albSubnetCidrs", "[\"10.20.0.0/24\", \"10.20.1.0/24\"]"), ("observability:albSubnets", "[\"subnet-0a1b2c3d4e5f60711\"]"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("observability:albSubnetCidrs lists 2 subnets but observability:albSubnets 1", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("pulumi config set --path 'observability:albSubnets[0]'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInternetFacingSignInPageWithoutAnAllowListIsRefusedNamingBothWaysOut()
    {
        var run = Compile("controlplane", ("observability:loadBalancerScheme", "internet-facing"), ("observability:userInterfaceAllowedCidrs", "[]"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("observability:loadBalancerScheme is internet-facing and observability:userInterfaceAllowedCidrs is empty", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("pulumi config set observability:userInterfaceOpenToInternet true --stack controlplane", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grafana.example.com")]
    [InlineData("https://grafana.example.com/")]
    [InlineData("http://grafana.example.com")]
    public void AnEnvironmentsGrafanaUrlIsAnHttpsUrl(string url)
    {
        var run = Compile("production", ("observability:grafanaUrl", url));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("observability:grafanaUrl", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("must be an absolute https URL", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ARootWithoutTheProjectIsRefusedRatherThanCompiledWithoutChartValues()
    {
        var environment = Environment("production", System.Text.Json.JsonSerializer.Serialize(StackConfigJson.Values("production")));
        environment["PULUMI_ROOT_DIRECTORY"] = Path.Combine(Path.GetTempPath(), $"no-project-{Guid.NewGuid():N}");
        var run = CliRun.Of(["compile"], environment);
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("holds no Pulumi.yaml", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFluentBitBufferLimitIsAFluentBitSizeNotAKubernetesQuantity()
    {
        var run = Compile("development", ("observability:fluentBitBufferLimit", "8Gi"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("observability:fluentBitBufferLimit must be a Fluent Bit size such as 8G", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePrivateCaMustBeOnePemCertificate()
    {
        var run = Compile("production", ("observability:tlsCaCertificate", "MIIBszCCAVmgAwIBAgIU"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("observability:tlsCaCertificate must be one PEM certificate", run.Stderr, StringComparison.Ordinal);

        run = Compile("production", ("observability:tlsCaCertificate", "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("MIIBszCCAVmgAwIBAgIU", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingSecretStopsTheCompilerButNotTheOfflinePreview()
    {
        var run = CompileWithout("production", "observability:slackWebhookUrl");
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("the secret observability:slackWebhookUrl is required on every stack and not set", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("fix: pulumi config set --secret observability:slackWebhookUrl", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("pagerDutyRoutingKey", run.Stderr, StringComparison.Ordinal);

        // The stack file never holds secrets: the offline preview shows what is missing and goes on.
        var preview = CliRun.Of(["preview", "--stack", "production", "--root", Repo.Root]);
        Assert.Equal(0, preview.ExitCode);
        Assert.Contains("observability:slackWebhookUrl: NOT SET", preview.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRoutingKeySecretIsRequiredWhereAStackPagesWithoutTheOnCallStack()
    {
        var values = StackConfigJson.Values("production");
        values.Remove("observability:pagerDutyRoutingKey");
        values["observability:pagerDutyOnCallStack"] = string.Empty;
        var run = CliRun.Of(["compile"], Environment("production", System.Text.Json.JsonSerializer.Serialize(values)));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("the secret observability:pagerDutyRoutingKey is required when pagerDutyEnabled is true and pagerDutyOnCallStack is empty and not set", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("fix: pulumi config set --secret observability:pagerDutyRoutingKey", run.Stderr, StringComparison.Ordinal);

        // With the on-call stack giving the key, the secret is not needed.
        values["observability:pagerDutyOnCallStack"] = StackConfigJson.Values("production")["observability:pagerDutyOnCallStack"];
        Assert.Equal(0, CliRun.Of(["compile"], Environment("production", System.Text.Json.JsonSerializer.Serialize(values))).ExitCode);
    }

    [Fact]
    public void ALogstashVolumeTooSmallForEveryPipelinesQueuesIsRefused()
    {
        // One pipeline per environment the controlplane lists, plus its own, each with its queue and
        // dead-letter queue as the stack sets them, plus 2 GiB, on every pod's volume.
        var controlplane = Stacks.Compile("controlplane").Settings;
        var pipelines = Infra.Components.Logstash.PipelinesFor(controlplane.Get(Infra.Config.SettingsCatalog.Environments).Items.Count);
        var perPipeline = Infra.Model.KubeQuantity.Parse(controlplane.Get(Infra.Config.SettingsCatalog.LogstashQueueSize))
            + Infra.Model.KubeQuantity.Parse(controlplane.Get(Infra.Config.SettingsCatalog.LogstashDeadLetterQueueSize));
        var neededMi = (long)(((pipelines * perPipeline) + (2m * 1024 * 1024 * 1024)) / (1024 * 1024));
        var neededGi = (long)decimal.Ceiling(neededMi / 1024m);
        var run = Compile("controlplane", ("observability:logstashStorageSize", $"{neededMi - 1}Mi"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains($"observability:logstashStorageSize {neededMi - 1}Mi cannot hold the queues of {pipelines} pipelines", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"fix: pulumi config set observability:logstashStorageSize {neededGi}Gi --stack controlplane", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Compile("controlplane", ("observability:logstashStorageSize", $"{neededMi}Mi")).ExitCode);
    }

    [Fact]
    public void ALogstashQueueBelowTwoPagesIsRefused()
    {
        var run = Compile("controlplane", ("observability:logstashQueueSize", "64Mi"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("observability:logstashQueueSize 64Mi is not a whole number of MiB of at least 128Mi", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderKeysOfOtherNamespacesAreRefused()
    {
        var run = Compile("production", ("kubernetes:context", "somewhere"));
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
        var run = CliRun.Of(["compile"], Environment("production", "{\"observability:slackWebhookUrl\": \"canary-123"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("PULUMI_CONFIG is not valid JSON", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("canary-123", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "preview" }, "Option '--stack' is required")]
    [InlineData(new[] { "deploy" }, "Unrecognized command or argument 'deploy'")]
    [InlineData(new[] { "preview", "--stack", "production", "--colour", "red" }, "Unrecognized command or argument '--colour'")]
    [InlineData(new[] { "preview", "--stack", "production", "--stack", "development" }, "--stack")]
    [InlineData(new[] { "help", "deploy" }, "unknown command 'deploy'")]
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

    [Theory]
    [InlineData("99999999999999999999Gi")]
    [InlineData("65Ti")]
    [InlineData("1024Ti")]
    public void AVolumeTooLargeToRepresentNamesTheKeyAndTheMaximum(string size)
    {
        foreach (var run in BothPaths("production", "observability:prometheusStorageSize", size))
        {
            AssertRejected(run, $"observability:prometheusStorageSize must be at most {Infra.Config.SettingsCatalog.MaxVolume}, got '{size}'");
        }
    }

    [Theory]
    [InlineData("2147483647", "must be between 1 and 50, got '2147483647'")]
    [InlineData("99999999999999999999", "expected integer from 1 to 50, got '99999999999999999999'")]
    [InlineData("-3", "must be between 1 and 50, got '-3'")]
    public void AnAbsurdCountNamesTheKeyAndTheMaximum(string count, string message)
    {
        foreach (var run in BothPaths("production", "observability:kafkaBrokers", count))
        {
            AssertRejected(run, $"observability:kafkaBrokers {message}");
        }
    }

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

        AssertRejected(Compile("production", ("observability:alertThresholds", "{\"nodeCpuHighPercent\": 1e400}")),
            "observability:alertThresholds threshold 'nodeCpuHighPercent' must be a number");
    }

    [Fact]
    public void AnEnvironmentWithoutAStackFileIsNamedWithTheFix()
    {
        var environments = $"[\"{UnknownStack}\"]";
        foreach (var run in BothPaths("controlplane", "observability:environments", environments))
        {
            AssertRejected(run, $"observability:environments lists '{UnknownStack}', but stacks/Pulumi.{UnknownStack}.yaml does not exist",
                "README, 'Adding an environment'");
        }
    }

    [Fact]
    public void ADuplicateEnvironmentIsNamed()
    {
        var environment = Stacks.Compile("controlplane").Settings.Get(Infra.Config.SettingsCatalog.Environments).Items[0];
        foreach (var run in BothPaths("controlplane", "observability:environments", $"[\"{environment}\", \"{environment}\"]"))
        {
            AssertRejected(run, $"observability:environments lists '{environment}' more than once");
        }
    }

    [Fact]
    public void AListWhereAStringBelongsIsRefused()
    {
        foreach (var run in BothPaths("production", "observability:kubeContext", "[\"a\", \"b\"]"))
        {
            AssertRejected(run, "observability:kubeContext expected string, not a list");
        }

        AssertRejected(Compile("production", ("observability:slackChannel", "{\"name\": \"#alerts\"}")), "observability:slackChannel expected string, not a mapping");
    }

    [Fact]
    public void ATopLevelKeyOutsideConfigIsNamed()
    {
        var text = File.ReadAllText(Path.Combine(Repo.Root, "stacks", "Pulumi.production.yaml")).Replace("config:", "confg:", StringComparison.Ordinal);
        AssertRejected(PreviewOf("production", text), "stacks/Pulumi.production.yaml has unknown top-level key 'confg'", "did you mean 'config'?");

        // Pulumi's own top-level keys are accepted.
        text = "secretsprovider: passphrase\nencryptionsalt: v1:abc\nencryptedkey: \"\"\nenvironment:\n  - observability\n"
            + File.ReadAllText(Path.Combine(Repo.Root, "stacks", "Pulumi.production.yaml"));
        var run = PreviewOf("production", text);
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    [Fact]
    public void FixHintsUseTheStacksOwnProfileDefaults()
    {
        var development = Stacks.Compile("development").Settings;
        var production = Stacks.Compile("production").Settings;
        Assert.Equal(Infra.Config.Profile.Development, development.Profile);
        foreach (var run in BothPaths("development", "observability:prometheusReplicas", "0"))
        {
            AssertRejected(run, "fix: pulumi config set observability:prometheusReplicas 1 --stack development");
        }

        foreach (var run in BothPaths("development", "observability:prometheusStorageSize", "lots"))
        {
            AssertRejected(run, "fix: pulumi config set observability:prometheusStorageSize 20Gi --stack development");
        }

        Assert.Equal(Infra.Config.Profile.Production, production.Profile);
        AssertRejected(Compile("production", ("observability:prometheusStorageSize", "lots")), "fix: pulumi config set observability:prometheusStorageSize 100Gi --stack production");
    }

    [Fact]
    public void AValueHeldEncryptedIsNeverRepeated()
    {
        var environment = Environment("production", StackConfigJson.For("production", new Dictionary<string, string> { ["observability:kafkaBrokers"] = "canary-4711" }));
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
    /// The stack with <paramref name="key"/> set to <paramref name="value"/> (a scalar or a JSON list or
    /// mapping), run through the compiler as Pulumi passes it and through the offline preview of a stack file.
    /// </summary>
    private static IEnumerable<CliRun> BothPaths(string stack, string key, string value)
    {
        yield return Compile(stack, (key, value));

        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Repo.Root, "stacks", $"Pulumi.{stack}.yaml"))));
        var config = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("config")];
        var parsed = new YamlStream();
        parsed.Load(new StringReader(value.TrimStart().StartsWith('[') || value.TrimStart().StartsWith('{') ? value : $"'{value}'"));
        config.Children[new YamlScalarNode(key)] = parsed.Documents[0].RootNode;
        using var text = new StringWriter();
        stream.Save(text, assignAnchors: false);
        yield return PreviewOf(stack, text.ToString());
    }

    /// <summary>The offline preview of <paramref name="stack"/> with this stack file, in a copy of the project.</summary>
    private static CliRun PreviewOf(string stack, string stackFile)
    {
        var root = Path.Combine(Path.GetTempPath(), $"infra-bad-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "stacks"));
            File.Copy(Path.Combine(Repo.Root, "Pulumi.yaml"), Path.Combine(root, "Pulumi.yaml"));
            foreach (var other in Repo.Stacks)
            {
                File.Copy(Path.Combine(Repo.Root, "stacks", $"Pulumi.{other}.yaml"), Path.Combine(root, "stacks", $"Pulumi.{other}.yaml"));
            }

            foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "charts-values"), "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(root, Path.GetRelativePath(Repo.Root, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            File.WriteAllText(Path.Combine(root, "stacks", $"Pulumi.{stack}.yaml"), stackFile);
            return CliRun.Of(["preview", "--stack", stack, "--root", root]);
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
        ["PULUMI_STACK"] = stack,
        ["PULUMI_CONFIG"] = config,
        ["PULUMI_ROOT_DIRECTORY"] = Repo.Root,
    };
}
