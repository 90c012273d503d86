using System.Text;
using Infra.Model;

namespace Infra.Footprint;

/// <summary>The footprint as a fixed-width table grouped by component, with subtotals, a total and the retention estimates.</summary>
public static class FootprintTable
{
    private const string Partial = "*";

    public static string Render(FootprintReport report)
    {
        var rows = new List<string[]>
        {
            new[] { "WORKLOAD", "KIND", "REPLICAS", "CPU REQ", "CPU LIM", "MEM REQ", "MEM LIM", "STORAGE" },
        };
        var sections = new List<int>();
        foreach (var component in report.Components)
        {
            // A blank line before every component but the first, which follows the header.
            if (rows.Count > 1)
            {
                sections.Add(rows.Count);
            }

            rows.Add([component, "", "", "", "", "", "", ""]);
            foreach (var workload in report.Of(component))
            {
                var replicas = workload.PerNode ? "per node" : workload.Replicas!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var storage = workload.Volumes.Count == 0 ? "-" : FootprintFormat.Bytes(workload.StorageBytesPerPod);
                if (workload.Containers.Count == 1)
                {
                    rows.Add([$"  {workload.Name}", workload.Kind, replicas, .. Resources(workload.Containers[0]), storage]);
                    continue;
                }

                rows.Add([$"  {workload.Name}", workload.Kind, replicas, "", "", "", "", storage]);
                rows.AddRange(workload.Containers.Select(c => (string[])[$"    {c.Name}", "", "", .. Resources(c), ""]));
            }

            rows.Add(Totals("  subtotal", report.Subtotal(component)));
        }

        var total = report.Total;
        sections.Add(rows.Count);
        rows.Add(Totals("TOTAL", total));
        rows.Add(["  not set (containers)", "", "", Count(total.CpuRequest), Count(total.CpuLimit), Count(total.MemoryRequest), Count(total.MemoryLimit), ""]);

        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        text.Append($"Footprint of stack '{report.Stack}' ({report.Role} role, {report.Profile} profile)\n");
        text.Append("Rows are per pod; subtotals and the total multiply by replicas. CPU in cores (m = millicores), memory and\n");
        text.Append("storage in binary units (JSON: exact). 'not set': the manifest sets no value; it is left out of the sums\n");
        text.Append($"(marked {Partial}) and counted on the 'not set' line, never as zero. DaemonSets ('per node'): {report.Options.Nodes} nodes assumed (--nodes, or at least as many as the largest workload kept one pod per node by a required anti-affinity).\n\n");
        for (var i = 0; i < rows.Count; i++)
        {
            if (sections.Contains(i))
            {
                text.Append('\n');
            }

            var cells = rows[i].Select((cell, c) => c <= 1 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
            text.Append(string.Join("  ", cells).TrimEnd()).Append('\n');
        }

        if (report.Retention.Count > 0)
        {
            text.Append("\nStorage implied by retention\n");
            foreach (var estimate in report.Retention)
            {
                var implied = estimate.Bytes is { } b ? FootprintFormat.Bytes(b) : "unbounded";
                var verdict = estimate.Fits switch
                {
                    true => "fits",
                    false => "DOES NOT FIT",
                    null => "unknown",
                };
                text.Append($"  {estimate.Subject} ({estimate.Component}): {estimate.Formula} = {implied}; provisioned {estimate.Provisioned}: {verdict}\n");
            }
        }

        return text.ToString();
    }

    private static string[] Resources(ContainerFootprint container) =>
    [
        Cpu(container.CpuRequest),
        Cpu(container.CpuLimit),
        Memory(container.MemoryRequest),
        Memory(container.MemoryLimit),
    ];

    private static string[] Totals(string label, FootprintTotals totals) =>
    [
        label, "", $"{totals.Pods} pod{(totals.Pods == 1 ? string.Empty : "s")}",
        Sum(totals.CpuRequest, FootprintFormat.Cpu),
        Sum(totals.CpuLimit, FootprintFormat.Cpu),
        Sum(totals.MemoryRequest, FootprintFormat.Bytes),
        Sum(totals.MemoryLimit, FootprintFormat.Bytes),
        totals.StorageBytes == 0 ? "-" : FootprintFormat.Bytes(totals.StorageBytes),
    ];

    /// <summary>A sum; marked when some containers set no value, and "not set" when none did.</summary>
    public static string Sum(ResourceSum sum, Func<decimal, string> format) => sum switch
    {
        { NotSet: 0 } => format(sum.Amount),
        { Amount: 0 } => FootprintFormat.NotSet,
        _ => format(sum.Amount) + Partial,
    };

    private static string Count(ResourceSum sum) => sum.NotSet.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Cpu(decimal? cores) => cores is { } c ? FootprintFormat.Cpu(c) : FootprintFormat.NotSet;

    private static string Memory(decimal? bytes) => bytes is { } b ? FootprintFormat.Bytes(b) : FootprintFormat.NotSet;
}
