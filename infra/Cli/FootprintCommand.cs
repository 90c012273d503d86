using System.Globalization;
using Infra.Config;
using Infra.Footprint;

namespace Infra.Cli;

/// <summary>
/// <c>footprint --stack S</c>: replicas, CPU and memory requests and limits, and storage of every
/// workload of the compiled stack, per component and in total, plus the storage its retention implies.
/// </summary>
public static class FootprintCommand
{
    public static IReadOnlyList<string> Options { get; } = ["stack", "root", "format", "nodes", "daily-log-gb"];

    public static int Run(string stack, string root, IReadOnlyDictionary<string, string> options, TextWriter stdout)
    {
        // Options first: a usage error should not wait for a compilation.
        var format = options.TryGetValue("format", out var f) ? f : "table";
        if (format is not ("table" or "json"))
        {
            throw new UsageException($"--format must be table or json, not '{format}'");
        }

        var nodes = options.TryGetValue("nodes", out var n) ? Whole(n, "--nodes") : FootprintOptions.DefaultNodes;
        var daily = options.TryGetValue("daily-log-gb", out var d) ? Positive(d, "--daily-log-gb") : FootprintOptions.DefaultDailyLogGiB;

        // A stack whose containers lack requests or limits cannot be deployed, but its footprint shows which.
        var compiled = StackCompiler.Compile(StackFileReader.Read(root, stack), root, fromStackFile: true, requireResources: false);
        var report = FootprintCalculator.Compute(compiled, new FootprintOptions(nodes, daily));
        stdout.Write(format == "json" ? FootprintJson.Render(report) : FootprintTable.Render(report));
        return CommandLine.Ok;
    }

    private static int Whole(string text, string option) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw new UsageException($"{option} must be a whole number of at least 1, not '{text}'");

    private static decimal Positive(string text, string option) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new UsageException($"{option} must be a number above 0, not '{text}'");
}
