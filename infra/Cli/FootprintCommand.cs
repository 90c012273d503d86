using System.CommandLine;
using System.Globalization;
using Infra.Footprint;

namespace Infra.Cli;

/// <summary>
/// <c>footprint --stack S</c>: replicas, CPU and memory requests and limits, and storage of every
/// workload of the compiled stack, per component and in total, plus the storage its retention implies.
/// </summary>
public static class FootprintCommand
{
    /// <summary>Most nodes --nodes takes (Kubernetes supports clusters of up to 5000 nodes).</summary>
    public const int MaxNodes = 5000;

    /// <summary>Most GiB of logs a day --daily-log-gb takes (100 TiB).</summary>
    public const int MaxDailyLogGiB = 102_400;

    internal static Command Create(TextWriter stdout)
    {
        var stack = CliOptions.Stack();
        var root = CliOptions.Root();
        var format = CliOptions.Once(new Option<string>("--format") { Description = "table or json.", HelpName = "F", DefaultValueFactory = _ => "table" });
        format.AcceptOnlyFromAmong("table", "json");
        var nodes = CliOptions.Once(new Option<int>("--nodes") { Description = $"Nodes, for DaemonSets (1 to {MaxNodes}).", HelpName = "N", DefaultValueFactory = _ => FootprintOptions.DefaultNodes });
        var daily = CliOptions.Once(new Option<decimal>("--daily-log-gb") { Description = $"GiB of logs a day, all environments (above 0, at most {MaxDailyLogGiB}).", HelpName = "G", DefaultValueFactory = _ => FootprintOptions.DefaultDailyLogGiB });

        var command = new Command("footprint",
            "Every workload's replicas, CPU/memory requests and limits and storage, and the storage retention implies (docs/sizing.md).")
            { stack, root, format, nodes, daily };
        command.SetAction(parsed =>
        {
            // Options first: a usage error should not wait for a compilation.
            var nodeCount = parsed.GetValue(nodes);
            var dailyGiB = parsed.GetValue(daily);
            if (nodeCount is < 1 or > MaxNodes)
            {
                throw new UsageException($"--nodes must be a whole number from 1 to {MaxNodes}, not '{nodeCount}'");
            }

            if (dailyGiB is <= 0 or > MaxDailyLogGiB)
            {
                throw new UsageException($"--daily-log-gb must be a number above 0 and at most {MaxDailyLogGiB}, not '{dailyGiB.ToString(CultureInfo.InvariantCulture)}'");
            }

            // A stack whose containers lack requests or limits cannot be deployed, but its footprint shows which.
            var (compiled, _) = CommandLine.CompileStackFile(parsed, stack, root, requireResources: false);
            if (compiled.Settings.Role == Config.StackRole.OnCall)
            {
                throw new CompilationException($"stack '{compiled.Settings.Stack}' is the on-call stack: it deploys PagerDuty resources and runs no workloads, so it has no footprint; use 'preview --stack {compiled.Settings.Stack}'.");
            }

            var report = FootprintCalculator.Compute(compiled, new FootprintOptions(nodeCount, dailyGiB));
            stdout.Write(parsed.GetValue(format) == "json" ? FootprintJson.Render(report) : FootprintTable.Render(report));
            return CommandLine.Ok;
        });
        return command;
    }
}
