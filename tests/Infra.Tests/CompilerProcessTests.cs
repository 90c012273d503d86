using System.Diagnostics;
using Infra.Model;
using Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests;

/// <summary>
/// The compiler as Pulumi's YAML runtime runs it: a separate process, with or without the PULUMI_*
/// variables, program on stdout only.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class CompilerProcessTests
{
    public static TheoryData<string> AllStacks() => Stacks.EveryData();

    [Fact]
    public void WithoutPulumiVariablesItPrintsADiscoveryProgramUsingEveryPackage()
    {
        var result = RunCompiledDll(new Dictionary<string, string?>());
        Assert.Equal(0, result.ExitCode);
        var resources = ProgramYaml.Resources(ProgramYaml.Parse(result.Stdout));
        foreach (var (package, version) in Pins.Providers)
        {
            var provider = resources.Children.Values.Single(r => ProgramYaml.Scalar(r, "type") == $"pulumi:providers:{package}");
            Assert.Equal(version, ProgramYaml.Scalar(provider, "options", "version"));
        }
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void WithAStackItPrintsThatStacksProgramWithTheSameVersions(string stack)
    {
        var result = RunCompiledDll(new Dictionary<string, string?>
        {
            ["PULUMI_STACK"] = Stacks.NameOf(stack),
            ["PULUMI_CONFIG"] = StackConfigJson.For(stack),
            ["PULUMI_PROJECT"] = "observability",
            ["PULUMI_ORGANIZATION"] = "organization",
            ["PULUMI_ROOT_DIRECTORY"] = Stacks.RootOf(stack),
        });
        Assert.True(result.ExitCode == 0, result.Stderr);
        var program = ProgramYaml.Parse(result.Stdout);
        Assert.Equal("observability", ProgramYaml.Scalar(program, "name"));
        var versions = ProgramYaml.Resources(program).Children.Values
            .Select(r => (Type: ProgramYaml.Scalar(r, "type")!, Version: ProgramYaml.Scalar(r, "options", "version")))
            .Where(r => !r.Type.StartsWith("pulumi:pulumi:", StringComparison.Ordinal));
        foreach (var (type, version) in versions)
        {
            var package = type.StartsWith("pulumi:providers:", StringComparison.Ordinal) ? type["pulumi:providers:".Length..] : type[..type.IndexOf(':', StringComparison.Ordinal)];
            Assert.Equal(Pins.Providers[package], version);
        }
    }

    [Fact]
    public void AMisspelledKeyExitsNonZeroNamingItOnStderrAndPrintsNothing()
    {
        var result = RunCompiledDll(new Dictionary<string, string?>
        {
            ["PULUMI_STACK"] = Stacks.First(null),
            ["PULUMI_CONFIG"] = StackConfigJson.For(Stacks.First(null), new Dictionary<string, string> { ["observability:kafkaBroker"] = "3" }),
            ["PULUMI_ROOT_DIRECTORY"] = Repo.Root,
        });
        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("observability:kafkaBroker", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheProgramIsTheSameUnderACommaDecimalLocale()
    {
        var invariant = RunCompiledDll(new Dictionary<string, string?>
        {
            ["PULUMI_STACK"] = Stacks.Controlplane,
            ["PULUMI_CONFIG"] = StackConfigJson.For(Stacks.Controlplane),
            ["PULUMI_ROOT_DIRECTORY"] = Repo.Root,
        });
        Assert.True(invariant.ExitCode == 0, invariant.Stderr);

        // Turning globalization back on with a German locale must not turn 36.5 into 36,5 in PromQL.
        var german = RunCompiledDll(new Dictionary<string, string?>
        {
            ["PULUMI_STACK"] = Stacks.Controlplane,
            ["PULUMI_CONFIG"] = StackConfigJson.For(Stacks.Controlplane),
            ["PULUMI_ROOT_DIRECTORY"] = Repo.Root,
            ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "0",
            ["LANG"] = "de_DE.UTF-8",
            ["LC_ALL"] = "de_DE.UTF-8",
        });
        Assert.True(german.ExitCode == 0, german.Stderr);
        Assert.Equal(invariant.Stdout, german.Stdout);
    }

    /// <summary>
    /// The exact command Pulumi.yaml names, run the way the language host runs it (split into words,
    /// no shell, in the project folder). The first run may publish the compiler; stdout is the program alone.
    /// </summary>
    [Fact]
    public void ThePulumiYamlCompilerCommandPrintsOnlyTheProgram()
    {
        var project = new YamlStream();
        project.Load(new StringReader(File.ReadAllText(Path.Combine(Repo.Root, "Pulumi.yaml"))));
        var command = ProgramYaml.Scalar(project.Documents[0].RootNode, "runtime", "options", "compiler");
        Assert.False(string.IsNullOrEmpty(command), "Pulumi.yaml has no runtime.options.compiler");
        var words = command!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var env = new Dictionary<string, string?>
        {
            ["PULUMI_STACK"] = Stacks.First(null),
            ["PULUMI_CONFIG"] = StackConfigJson.For(Stacks.First(null)),
            ["PULUMI_PROJECT"] = "observability",
            ["PULUMI_ROOT_DIRECTORY"] = Repo.Root,
        };
        var result = Run(words[0], words.Skip(1), env);
        Assert.True(result.ExitCode == 0, result.Stderr);
        ProgramYaml.Parse(result.Stdout);
        Assert.StartsWith("# Generated by the observability compiler", result.Stdout, StringComparison.Ordinal);

        // A second call does not rebuild: it prints the same program and no build output.
        var again = Run(words[0], words.Skip(1), env);
        Assert.Equal(result.Stdout, again.Stdout);
        Assert.DoesNotContain("building the compiler", again.Stderr, StringComparison.Ordinal);
    }

    private static ProcessResult RunCompiledDll(Dictionary<string, string?> env) =>
        Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "Infra.dll"), "compile"], env);

    /// <summary>
    /// Runs the command to its end. Its only limit is <see cref="PublishCeiling"/>, a ceiling for a hung process, not
    /// a timing: the first call publishes the compiler with Native AOT, which took over 10 minutes beside four other
    /// engineers' builds (load average 40) and so failed a run that would have finished.
    /// </summary>
    private static ProcessResult Run(string file, IEnumerable<string> args, Dictionary<string, string?> env)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Start from a clean slate: no PULUMI_* inherited from whoever runs the tests.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("PULUMI_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in env)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(PublishCeiling))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {PublishCeiling.TotalMinutes} minutes: it hangs");
        }

        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>How long a compiler run (the first one publishes the compiler) may take before it counts as hung.</summary>
    private static readonly TimeSpan PublishCeiling = TimeSpan.FromMinutes(45);

    private sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);
}
