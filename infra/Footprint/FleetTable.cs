using System.Globalization;
using System.Text;
using Infra.Components;
using Infra.Config;

namespace Infra.Footprint;

/// <summary>
/// The controlplane's cost at several fleet sizes (<c>footprint --stack S --fleet 10,100,500</c>), each a
/// <see cref="FleetWhatIf"/> compiled, and the marginal cost of one more environment at each size
/// (N+1 compiled too): a Markdown table for docs/sizing.md.
/// </summary>
public static class FleetTable
{
    public static string Render(RawStackConfig raw, string root, IReadOnlyList<int> counts, FootprintOptions options)
    {
        var rows = counts.Select(n => FleetRow.Of(raw, root, n, options)).ToList();
        var context = new DefaultContext(raw.Stack, StackRole.Environment, ProfileCatalog.BuiltIn.Default);
        var text = new StringBuilder();
        text.Append($"Controlplane '{raw.Stack}' with N synthetic environments like the default one ({context.Profile.Name} profile, {(int)SettingsCatalog.LogRetentionDays.DefaultFor(context)!} days of logs, {SettingsCatalog.LogVolumePerDay.DefaultFor(context)} a day each); ");
        text.Append($"DaemonSets on every Kubernetes node: at least {options.Nodes}, and at least as many as the largest workload that a required anti-affinity keeps one pod per node (the Elasticsearch data nodes), the nodes column; requests, not limits. Settings that must grow with the fleet are raised to the smallest value the compile accepts (the capacity model).\n\n");
        text.Append("| environments | logs a day | Elasticsearch disk needed (usable) | Elasticsearch data nodes | Kubernetes nodes (at least) | Elasticsearch shards (limit) | Logstash pods x CPU (peak events/s) | pods | CPU requests | memory requests | persistent storage | largest volume | Logstash volume per pod | federated series (scrape interval) | raised |\n");
        text.Append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        foreach (var row in rows)
        {
            text.Append($"| {row.Environments} | {FootprintFormat.Bytes(row.LogBytesPerDay)} | {FootprintFormat.Bytes(row.ElasticsearchNeeded)} ({FootprintFormat.Bytes(row.ElasticsearchUsable)}) | {row.ElasticsearchDataNodes} | {row.KubernetesNodes} | {row.Shards.Shards} ({row.Shards.Limit}) | {row.LogstashPods} x {FootprintFormat.Cpu(row.LogstashCpu)} ({FootprintFormat.Plain(decimal.Round(row.PeakEventsPerSecond))}) | {row.Totals.Pods} | {FootprintTable.Sum(row.Totals.CpuRequest, FootprintFormat.Cpu)} | {FootprintTable.Sum(row.Totals.MemoryRequest, FootprintFormat.Bytes)} | {FootprintFormat.Bytes(row.Totals.StorageBytes)} | {FootprintFormat.Bytes(row.LargestVolume)} | {FootprintFormat.Bytes(row.LogstashVolume)} | {row.Federation.Environments * Federation.SeriesPerEnvironment} ({row.Federation.IntervalSeconds}s) | {(row.Raised.Count == 0 ? "-" : string.Join("; ", row.Raised))} |\n");
        }

        text.Append("\nOne more environment (N to N+1), from the same model:\n\n");
        text.Append("| at N | logs a day | Elasticsearch disk needed | pods | CPU requests | memory requests | persistent storage | Logstash storage needed (all pods) | Elasticsearch shards |\n");
        text.Append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var row in rows)
        {
            var next = FleetRow.Of(raw, root, row.Environments + 1, options);
            text.Append($"| {row.Environments} | +{FootprintFormat.Bytes(next.LogBytesPerDay - row.LogBytesPerDay)} | +{FootprintFormat.Bytes(next.ElasticsearchNeeded - row.ElasticsearchNeeded)} | +{next.Totals.Pods - row.Totals.Pods} | +{FootprintFormat.Cpu(next.Totals.CpuRequest.Amount - row.Totals.CpuRequest.Amount)} | +{FootprintFormat.Bytes(next.Totals.MemoryRequest.Amount - row.Totals.MemoryRequest.Amount)} | +{FootprintFormat.Bytes(next.Totals.StorageBytes - row.Totals.StorageBytes)} | +{FootprintFormat.Bytes(next.LogstashNeeded - row.LogstashNeeded)} | +{next.Shards.Shards - row.Shards.Shards} |\n");
        }

        return text.ToString();
    }

    /// <summary>Parses "10,100,500": whole numbers from 1 to <see cref="FleetWhatIf.MaxEnvironments"/>.</summary>
    public static IReadOnlyList<int>? Parse(string text)
    {
        var counts = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > FleetWhatIf.MaxEnvironments)
            {
                return null;
            }

            counts.Add(n);
        }

        return counts;
    }
}
