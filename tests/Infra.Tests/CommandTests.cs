using System.Reflection;
using Infra.Cli;
using Infra.Tests.Support;

namespace Infra.Tests;

/// <summary>The offline commands: preview, render, config-reference.</summary>
public sealed class CommandTests
{
    /// <summary>The environment stacks in stacks/ that page through the on-call stack (a StackReference, no routing key secret).</summary>
    public static TheoryData<string> PagingEnvironments() => Stacks.Data(Stacks.Of(Infra.Config.StackRole.Environment).Where(id => !Stacks.IsSynthetic(id)
        && Stacks.SettingsOf(id) is var settings && settings.Get(Infra.Config.SettingsCatalog.PagerDutyEnabled) && settings.Get(Infra.Config.SettingsCatalog.PagerDutyOnCallStack).Length > 0));

    [Theory]
    [MemberData(nameof(PagingEnvironments))]
    public void PreviewGroupsResourcesByComponentAndHidesSecretOutputs(string stack)
    {
        var settings = Stacks.SettingsOf(stack);
        var run = CliRun.Of(["preview", "--stack", stack, "--root", Repo.Root]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        foreach (var component in new[] { "Platform", "KubePrometheus", "Alertmanager", "NodeExporter", "Kafka", "FluentBit" })
        {
            Assert.Contains($"\n{component}\n", run.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("kafkaConsumerPassword: [secret]", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Deploys to kubeconfig context '{settings.Get(Infra.Config.SettingsCatalog.KubeContext)}'", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("observability:slackWebhookUrl: NOT SET", run.Stdout, StringComparison.Ordinal);

        // The stack pages through the on-call stack: a StackReference, and no routing key secret to set.
        Assert.Contains("pulumi:pulumi:StackReference", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("observability:pagerDutyRoutingKey", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TheOnCallStackHasNoFootprint()
    {
        var stack = Stacks.First(Infra.Config.StackRole.OnCall);
        var run = CliRun.Of(["footprint", "--stack", stack, "--root", Repo.Root]);
        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains($"stack '{stack}' is the on-call stack: it deploys PagerDuty resources and runs no workloads", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void PreviewOfTheOnCallStackListsThePagerDutyResourcesAndTwoWeeksOfCalendar()
    {
        var stack = Stacks.First(Infra.Config.StackRole.OnCall);
        var run = CliRun.Of(["preview", "--stack", stack, "--root", Repo.Root]);
        Assert.Equal(0, run.ExitCode);
        foreach (var type in new[] { "team:Team", "schedule:Schedule", "escalationPolicy:EscalationPolicy", "service:Service", "serviceIntegration:ServiceIntegration" })
        {
            Assert.Contains($"+ pagerduty:index/{type}", run.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("observability:pagerDutyToken: NOT SET", run.Stdout, StringComparison.Ordinal);
        // The calendar of the first 14 days from calendarStart, for every schedule; a routing key output per paged environment.
        var config = Stacks.Compile(stack).Settings.Get(Infra.Config.SettingsCatalog.OnCall);
        Assert.NotEmpty(config.Services);
        foreach (var service in config.Services)
        {
            Assert.Contains($"{Infra.Components.OnCall.OnCallStack.RoutingKeyOutput(service.Environment)}: [secret]", run.Stdout, StringComparison.Ordinal);
        }

        var calendar = Infra.Components.OnCall.CalendarMarkdown.Write(config, Infra.Components.OnCall.OnCallStack.PreviewDays);
        Assert.EndsWith(calendar, run.Stdout, StringComparison.Ordinal);
        foreach (var schedule in config.Schedules)
        {
            var last = Infra.Components.OnCall.RotationCalendar.Final(schedule, config.CalendarStart, Infra.Components.OnCall.OnCallStack.PreviewDays)[^1];
            Assert.Equal(config.CalendarStart.AddDays(14).ToDateTime(TimeOnly.MinValue),
                NodaTime.Instant.FromDateTimeUtc(last.End).InZone(schedule.Zone).LocalDateTime.ToDateTimeUnspecified());
            Assert.Contains($"## {schedule.Name} ({schedule.TimeZoneId})", run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RenderWritesTheProgramAndEveryDocument()
    {
        var output = Path.Combine(Path.GetTempPath(), $"infra-render-{Guid.NewGuid():N}");
        try
        {
            var run = CliRun.Of(["render", "--stack", Stacks.Controlplane, "--out", output, "--root", Repo.Root]);
            Assert.Equal(0, run.ExitCode);
            var compiled = Stacks.Compile(Stacks.Controlplane);
            Assert.Equal(compiled.Program, File.ReadAllText(Path.Combine(output, "Main.yaml")));
            foreach (var document in compiled.Graph.Documents)
            {
                Assert.Equal(document.Content, File.ReadAllText(Path.Combine(output, document.Path)));
            }

            Assert.True(File.Exists(Path.Combine(output, "alertmanager", "alertmanager.yaml")));
            Assert.True(File.Exists(Path.Combine(output, "helm", "kube-prometheus.values.yaml")));

            // The on-call stack's render writes the rotation calendar.
            var onCall = Path.Combine(output, "oncall-stack");
            Assert.Equal(0, CliRun.Of(["render", "--stack", Stacks.First(Infra.Config.StackRole.OnCall), "--out", onCall, "--root", Repo.Root]).ExitCode);
            Assert.StartsWith("# On-call calendar", File.ReadAllText(Path.Combine(onCall, "oncall", "calendar.md")), StringComparison.Ordinal);
            Assert.StartsWith("BEGIN:VCALENDAR\r\n", File.ReadAllText(Path.Combine(onCall, "oncall", "calendar.ics")), StringComparison.Ordinal);

            // Rendering an environment (no Logstash) again over an earlier render replaces it.
            Assert.Equal(0, CliRun.Of(["render", "--stack", Stacks.First(Infra.Config.StackRole.Environment), "--out", output, "--root", Repo.Root]).ExitCode);
            Assert.False(Directory.Exists(Path.Combine(output, "logstash")), "files of the earlier render were left behind");
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, true);
            }
        }
    }

    [Fact]
    public void RenderWritesNothingOnBadInputAndRefusesAForeignFolder()
    {
        var output = Path.Combine(Path.GetTempPath(), $"infra-render-{Guid.NewGuid():N}");
        var run = CliRun.Of(["render", "--stack", BadInputTests.UnknownStack, "--out", output, "--root", Repo.Root]);
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.False(Directory.Exists(output));

        Directory.CreateDirectory(output);
        try
        {
            File.WriteAllText(Path.Combine(output, "precious.txt"), "keep me");
            run = CliRun.Of(["render", "--stack", Stacks.First(Infra.Config.StackRole.Environment), "--out", output, "--root", Repo.Root]);
            Assert.Equal(CommandLine.InputError, run.ExitCode);
            Assert.Contains("choose a new or empty folder", run.Stderr, StringComparison.Ordinal);
            Assert.Equal("keep me", File.ReadAllText(Path.Combine(output, "precious.txt")));

            // A Pulumi YAML project has a Main.yaml too: that alone does not make it an earlier render.
            File.WriteAllText(Path.Combine(output, "Main.yaml"), "name: someone-elses\n");
            run = CliRun.Of(["render", "--stack", Stacks.First(Infra.Config.StackRole.Environment), "--out", output, "--root", Repo.Root]);
            Assert.Equal(CommandLine.InputError, run.ExitCode);
            Assert.Equal("keep me", File.ReadAllText(Path.Combine(output, "precious.txt")));
            Assert.Equal("name: someone-elses\n", File.ReadAllText(Path.Combine(output, "Main.yaml")));
        }
        finally
        {
            Directory.Delete(output, true);
        }
    }

    [Theory]
    [InlineData("compile")]
    [InlineData("preview")]
    [InlineData("render")]
    [InlineData("footprint")]
    [InlineData("diff")]
    [InlineData("config-reference")]
    public void EveryCommandPrintsItsOwnHelp(string command)
    {
        foreach (var flag in new[] { "--help", "-h" })
        {
            var run = CliRun.Of([command, flag]);
            Assert.True(run.ExitCode == CommandLine.Ok, run.Stderr);
            Assert.Empty(run.Stderr);
            Assert.Contains($" {command} [options]", run.Stdout, StringComparison.Ordinal);
            Assert.Equal(run.Stdout, CliRun.Of(["help", command]).Stdout);
        }
    }

    [Fact]
    public void TheVersionIsTheAssemblysInformationalVersion()
    {
        var expected = typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Matches("^[0-9]+\\.[0-9]+\\.[0-9]+", expected);
        var run = CliRun.Of(["--version"]);
        Assert.Equal(CommandLine.Ok, run.ExitCode);
        Assert.Equal(expected, run.Stdout.Trim());
        Assert.Empty(run.Stderr);
    }

    [Fact]
    public void WithoutACommandOrWithHelpTheOverviewGoesToStdout()
    {
        foreach (var args in new[] { Array.Empty<string>(), ["help"], ["--help"] })
        {
            var run = CliRun.Of(args);
            Assert.Equal(CommandLine.Ok, run.ExitCode);
            Assert.Empty(run.Stderr);
            foreach (var command in new[] { "compile", "preview", "render", "footprint", "diff", "config-reference" })
            {
                Assert.Contains($"  {command} ", run.Stdout, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    [Trait("Output", "Golden")]
    public void TheConfigurationReferenceInDocsIsCurrent()
    {
        var path = Path.Combine(Repo.Root, "docs", "configuration.md");
        var generated = ConfigReference.Markdown();
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path) && File.ReadAllText(path) == generated,
            "docs/configuration.md is out of date: dotnet run --project infra -- config-reference > docs/configuration.md");
    }
}
