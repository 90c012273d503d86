using System.CommandLine;
using System.Globalization;
using Infra.Config;
using Infra.Footprint;
using Infra.Model;

namespace Infra.Cli;

/// <summary>
/// <c>footprint --stack S</c>: replicas, CPU and memory requests and limits, and storage of every
/// workload of the compiled stack, per component and in total, plus the storage its retention implies.
/// </summary>
public static class FootprintCommand
{
    /// <summary>Most nodes --nodes takes (Kubernetes supports clusters of up to 5000 nodes).</summary>
    public const int MaxNodes = 5000;

    internal static Command Create(TextWriter stdout)
    {
        var stack = CliOptions.Stack();
        var root = CliOptions.Root();
        var format = CliOptions.Once(new Option<string>("--format") { Description = "table or json.", HelpName = "F", DefaultValueFactory = _ => "table" });
        format.AcceptOnlyFromAmong("table", "json");
        var nodes = CliOptions.WholeNumber("--nodes", $"Nodes, for DaemonSets (1 to {MaxNodes}).", MaxNodes, FootprintOptions.DefaultNodes);

        var environments = CliOptions.WholeNumber("--environments", $"What if the controlplane had N environments like the default one (1 to {FleetWhatIf.MaxEnvironments}); settings that must grow with them are raised and named.", FleetWhatIf.MaxEnvironments);
        var fleet = CliOptions.Once(new Option<string?>("--fleet") { Description = "The controlplane's cost at each of these environment counts and of one more (Markdown, docs/sizing.md), e.g. 10,100,500.", HelpName = "LIST" });

        var command = new Command("footprint",
            "Every workload's replicas, CPU/memory requests and limits and storage, and the storage retention implies (docs/sizing.md).")
            { stack, root, format, nodes, environments, fleet };
        command.SetAction(parsed =>
        {
            // Options first: a usage error should not wait for a compilation.
            // --nodes and --environments are checked by their parsers (CliOptions.WholeNumber).
            var nodeCount = parsed.GetValue(nodes) ?? FootprintOptions.DefaultNodes;
            var whatIf = parsed.GetValue(environments);

            var fleetText = parsed.GetValue(fleet);
            var counts = fleetText is null ? null : FleetTable.Parse(fleetText)
                ?? throw new UsageException($"--fleet must list whole numbers from 1 to {FleetWhatIf.MaxEnvironments} separated by commas (e.g. 10,100,500), not '{fleetText}'");
            if (whatIf is not null && counts is not null)
            {
                throw new UsageException("--environments and --fleet cannot be combined; --fleet already compiles each count");
            }

            var options = new FootprintOptions(nodeCount);
            if (whatIf is not null || counts is not null)
            {
                var folder = CliOptions.ResolveRoot(parsed.GetValue(root));
                var raw = StackFileReader.Read(folder, parsed.GetRequiredValue(stack));
                var role = raw.Values.TryGetValue(SettingsCatalog.Role.Key, out var r) && r.Scalar is { } text ? text : "environment";
                if (role != "controlplane")
                {
                    // The what-if replaces a controlplane's environments; on another stack it would blame a key nobody set.
                    throw new UsageException($"{(whatIf is null ? "--fleet" : "--environments")} sizes a controlplane for more environments, and stack '{raw.Stack}' has {SettingsCatalog.Role.Key}: {role}; pass --stack with a controlplane stack");
                }

                if (counts is not null)
                {
                    stdout.Write(FleetTable.Render(raw, folder, counts, options));
                    return CommandLine.Ok;
                }

                var (synthetic, raised) = FleetWhatIf.Compile(raw, folder, whatIf!.Value);
                var whatIfReport = FootprintCalculator.Compute(synthetic, options);
                if (parsed.GetValue(format) == "json")
                {
                    stdout.Write(FootprintJson.Render(whatIfReport));
                    return CommandLine.Ok;
                }

                stdout.Write($"What if: {whatIf} synthetic environments like the default one instead of {SettingsCatalog.Environments.Key}; raised: {(raised.Count == 0 ? "nothing" : string.Join("; ", raised))}.\n");
                stdout.Write(FootprintTable.Render(whatIfReport));
                return CommandLine.Ok;
            }

            // A stack whose containers lack requests or limits cannot be deployed, but its footprint shows which.
            var (compiled, _) = CommandLine.CompileStackFile(parsed, stack, root, requireResources: false);
            if (compiled.Settings.Role == Config.StackRole.OnCall)
            {
                throw new CompilationException($"stack '{compiled.Settings.Stack}' is the on-call stack: it deploys PagerDuty resources and runs no workloads, so it has no footprint; use 'preview --stack {compiled.Settings.Stack}'.");
            }

            var report = FootprintCalculator.Compute(compiled, options);
            stdout.Write(parsed.GetValue(format) == "json" ? FootprintJson.Render(report) : FootprintTable.Render(report));
            return CommandLine.Ok;
        });
        return command;
    }
}
