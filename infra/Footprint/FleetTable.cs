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
        var rows = counts.Select(n => Row.Of(raw, root, n, options)).ToList();
        var text = new StringBuilder();
        text.Append($"Controlplane '{raw.Stack}' with N synthetic environments like the default one (production profile, {(int)SettingsCatalog.LogRetentionDays.DefaultFor(new DefaultContext(raw.Stack, StackRole.Environment, Profile.Production))!} days of logs); ");
        text.Append($"{options.Nodes} nodes for DaemonSets; requests, not limits. Settings that must grow with the fleet are raised to the smallest value the compile accepts.\n\n");
        text.Append("| environments | pods | CPU requests | memory requests | persistent storage | largest volume | Logstash volume per pod | Elasticsearch shards (limit) | federated series (scrape interval) | raised |\n");
        text.Append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        foreach (var row in rows)
        {
            text.Append($"| {row.Environments} | {row.Totals.Pods} | {FootprintTable.Sum(row.Totals.CpuRequest, FootprintFormat.Cpu)} | {FootprintTable.Sum(row.Totals.MemoryRequest, FootprintFormat.Bytes)} | {FootprintFormat.Bytes(row.Totals.StorageBytes)} | {FootprintFormat.Bytes(row.LargestVolume)} | {FootprintFormat.Bytes(row.LogstashVolume)} | {row.Shards.Shards} ({row.Shards.Limit}) | {row.Federation.Environments * Federation.SeriesPerEnvironment} ({row.Federation.IntervalSeconds}s) | {(row.Raised.Count == 0 ? "-" : string.Join("; ", row.Raised))} |\n");
        }

        text.Append("\nOne more environment (N to N+1):\n\n");
        text.Append("| at N | pods | CPU requests | memory requests | persistent storage | Logstash storage needed (all pods) | Elasticsearch shards |\n");
        text.Append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var row in rows)
        {
            var next = Row.Of(raw, root, row.Environments + 1, options);
            text.Append($"| {row.Environments} | +{next.Totals.Pods - row.Totals.Pods} | +{FootprintFormat.Cpu(next.Totals.CpuRequest.Amount - row.Totals.CpuRequest.Amount)} | +{FootprintFormat.Bytes(next.Totals.MemoryRequest.Amount - row.Totals.MemoryRequest.Amount)} | +{FootprintFormat.Bytes(next.Totals.StorageBytes - row.Totals.StorageBytes)} | +{FootprintFormat.Bytes(next.LogstashNeeded - row.LogstashNeeded)} | +{next.Shards.Shards - row.Shards.Shards} |\n");
        }

        return text.ToString();
    }

    private sealed record Row(int Environments, FootprintTotals Totals, decimal LargestVolume, decimal LogstashVolume, decimal LogstashNeeded,
        ElasticsearchShardBudget Shards, FederationSizing Federation, IReadOnlyList<string> Raised)
    {
        public static Row Of(RawStackConfig raw, string root, int environments, FootprintOptions options)
        {
            var (compiled, raised) = FleetWhatIf.Compile(raw, root, environments);
            var report = FootprintCalculator.Compute(compiled, options);
            var settings = compiled.Settings;
            var logstash = report.Workloads.Where(w => w.Component == Logstash.ComponentName).ToList();
            var needed = Logstash.RequiredVolumeBytes(environments + 1,
                Model.KubeQuantity.Parse(settings.Get(SettingsCatalog.LogstashQueueSize)),
                Model.KubeQuantity.Parse(settings.Get(SettingsCatalog.LogstashDeadLetterQueueSize))) * settings.Get(SettingsCatalog.LogstashReplicas);
            return new Row(environments, report.Total,
                report.Workloads.SelectMany(w => w.Volumes).Select(v => v.Bytes).DefaultIfEmpty(0).Max(),
                logstash.Select(w => w.StorageBytesPerPod).DefaultIfEmpty(0).Max(),
                needed,
                ElasticsearchShardBudget.For(settings, compiled.Contributions.EnvironmentFacts),
                FederationSizing.For(environments),
                raised);
        }
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
