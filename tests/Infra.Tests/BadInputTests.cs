using Infra.Cli;
using Infra.Tests.Support;

namespace Infra.Tests;

/// <summary>Bad input: exit code, every problem on stderr naming stack, key and fix, nothing on stdout.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void UnknownStackNamesTheFileAndTheKnownStacks()
    {
        var run = CliRun.Of(["preview", "--stack", "staging", "--root", Repo.Root]);
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("stack 'staging': unknown stack, stacks/Pulumi.staging.yaml does not exist", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("known stacks: controlplane, development, production", run.Stderr, StringComparison.Ordinal);
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
        Assert.Contains("stack 'production' (PULUMI_CONFIG): observability:prometheusReplicas expected integer >= 1", run.Stderr, StringComparison.Ordinal);
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
        Assert.Contains("observability:prometheusReplicas must be at least 1", run.Stderr, StringComparison.Ordinal);
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
        var run = CompileWithout("production", "observability:pagerDutyRoutingKey");
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("the secret observability:pagerDutyRoutingKey is required when pagerDutyEnabled is true and not set", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("fix: pulumi config set --secret observability:pagerDutyRoutingKey", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("slackWebhookUrl", run.Stderr, StringComparison.Ordinal);

        // The stack file never holds secrets: the offline preview shows what is missing and goes on.
        var preview = CliRun.Of(["preview", "--stack", "production", "--root", Repo.Root]);
        Assert.Equal(0, preview.ExitCode);
        Assert.Contains("observability:pagerDutyRoutingKey: NOT SET", preview.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ALogstashVolumeTooSmallForEveryPipelinesQueuesIsRefused()
    {
        // Three pipelines (the controlplane and its two environments) of 8 GiB + 1 GiB, plus 2 GiB.
        var run = Compile("controlplane", ("observability:logstashStorageSize", "20Gi"));
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Contains("observability:logstashStorageSize 20Gi cannot hold the queues of 3 pipelines", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("fix: pulumi config set observability:logstashStorageSize 29Gi --stack controlplane", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Compile("controlplane", ("observability:logstashStorageSize", "29Gi")).ExitCode);
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
            File.WriteAllText(Path.Combine(root, "stacks", "Pulumi.staging.yaml"),
                "config:\n  observability:kubeContext: staging\n  observability:kafkaExternalHost: kafka.staging.example.com\n  observability:slackWebhookUrl: https://hooks.example/plain-canary\n");
            var run = CliRun.Of(["preview", "--stack", "staging", "--root", root]);
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
    [InlineData(new[] { "preview" }, "missing --stack")]
    [InlineData(new[] { "deploy" }, "unknown command 'deploy'")]
    [InlineData(new[] { "preview", "--stack", "production", "--colour", "red" }, "unknown option --colour")]
    public void UsageErrorsShowTheUsage(string[] args, string message)
    {
        var run = CliRun.Of(args);
        Assert.Equal(CommandLine.UsageError, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:", run.Stderr, StringComparison.Ordinal);
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
