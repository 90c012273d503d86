using Infra.Cli;

namespace Infra.Tests.Support;

/// <summary>Runs the CLI in-process and captures what it prints.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static CliRun Of(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var env = environment ?? new Dictionary<string, string>();
        var code = CommandLine.Run(args, stdout, stderr, name => env.TryGetValue(name, out var v) ? v : null);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}
