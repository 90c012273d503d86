using System.Diagnostics;

namespace Infra.Tests.Support;

/// <summary>Finds and runs command-line tools for the real-tool tests.</summary>
public static class Tools
{
    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// Why a test needing these tools is skipped (null: it runs): some are not on PATH and
    /// <c>OBSERVABILITY_REQUIRE_TOOLS=1</c> (set by .ci/run) does not make them mandatory.
    /// </summary>
    public static string? SkipReason(string tools, string debianPackages)
    {
        var missing = tools.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => Find(t) is null).ToList();
        return missing.Count > 0 && Environment.GetEnvironmentVariable("OBSERVABILITY_REQUIRE_TOOLS") != "1"
            ? $"skipped: {string.Join(", ", missing)} not installed (apt-get install {debianPackages}, or run .ci/run)"
            : null;
    }

    /// <summary>How long a tool may run before it counts as hung.</summary>
    public static TimeSpan Ceiling { get; } = TimeSpan.FromMinutes(15);

    public static (int ExitCode, string Output) Run(string tool, params string[] args) => Run(tool, new Dictionary<string, string>(), args);

    public static (int ExitCode, string Output) Run(string tool, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var path = Find(tool) ?? throw new InvalidOperationException($"{tool} is not installed");
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in GoRuntime(tool).Concat(environment))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A ceiling for a hung tool, not a timing: a loaded machine (promtool over every unit test took over
        // 2 minutes beside other builds) must never fail a run that would finish.
        if (!process.WaitForExit(Ceiling))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within {Ceiling.TotalMinutes} minutes: it hangs");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>
    /// promtool's Go runtime set for the suite, which runs one promtool per core: one OS thread each and a garbage
    /// collection at 8x the live heap instead of 2x. A failure-mode scenario's rule evaluation measured 2.0-2.2 CPU-s
    /// against 2.8-3.2 with Go's defaults (about 100 MB more memory); its results do not depend on either setting.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> GoRuntime(string tool) => tool == "promtool"
        ? [new("GOMAXPROCS", "1"), new("GOGC", "800")]
        : [];
}
