using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Footprint;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Fleet;

/// <summary>
/// The capacity model (<see cref="LogCapacity"/>): the sample controlplanes fit it, a declared volume that
/// does not fit is refused with settings that each make it fit, and the fleet table is what the compile of
/// a generated fleet of that size provisions, with Elasticsearch's disk growing with the fleet.
/// </summary>
public sealed partial class CapacityModelTests
{
    private const decimal GiB = 1024m * 1024 * 1024;

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void EveryControlplaneFitsItsOwnModel(string id)
    {
        var compiled = Stacks.Compile(id);
        var capacity = LogCapacity.For(compiled.Settings, compiled.Contributions.EnvironmentFacts);
        Assert.True(capacity.Problems(compiled.Settings).Count == 0, string.Join("\n", capacity.Problems(compiled.Settings)));
        Assert.DoesNotContain(compiled.Graph.Warnings, w => w.Contains("logVolumePerDay", StringComparison.Ordinal));
        var estimate = FootprintCalculator.Compute(compiled, FootprintOptions.Default).Retention.Single(r => r.Component == Elasticsearch.ComponentName);
        Assert.True(estimate.Fits, $"{estimate.Formula}: {estimate.Provisioned}");
        Assert.Equal(capacity.NeededBytes(), estimate.Bytes);
    }

    [Fact]
    public void TheDiskFitsOnlyBelowTheLowWatermark()
    {
        // One source whose need is 80%, 90% and 110% of what one node provisions: only the first fits.
        foreach (var (share, fits) in new[] { (0.8m, true), (0.9m, false), (1.1m, false) })
        {
            var capacity = new LogCapacity([new LogCapacity.Source("s", 30, share * 100 * GiB / 37)], 1, 100 * GiB, 7, 1, 1);
            Assert.True(capacity.DiskFits == fits, $"{share}: {capacity.NeededBytes()} of {capacity.ProvisionedBytes}");
        }
    }

    [Fact]
    public void AVolumeThatDoesNotFitIsRefusedWithSettingsThatEachMakeItFit()
    {
        // Logstash's CPU and workers hold the peak (with the heap for 16 workers' batches) and the memory any volume the fix
        // names, so the disk alone does not fit.
        using var fleet = new SyntheticFleet(3, (_, config) => SyntheticFleet.Set(config, SettingsCatalog.LogVolumePerDay.Key, "200Gi"),
            new Dictionary<string, string> { [SettingsCatalog.LogstashCpu.Key] = "16", [SettingsCatalog.LogstashPipelineWorkers.Key] = "16", [SettingsCatalog.LogstashMemory.Key] = "16Gi", [SettingsCatalog.ElasticsearchMemory.Key] = "128Gi" });
        var error = Assert.Throws<CompilationException>(() => fleet.Compile());
        var message = string.Join("\n", error.Problems);
        Assert.Contains(SettingsCatalog.LogCapacityShortfallAcknowledged.Key, message, StringComparison.Ordinal);
        Assert.Contains($"{fleet.Names[0]} 200Gi/day", message, StringComparison.Ordinal);

        // Each fix alone makes it fit; the controlplane's own value (whatever stacks/ sets) is put back after each.
        var capacity = fleet.Capacity();
        var original = new Dictionary<SettingDefinition, string>
        {
            [SettingsCatalog.ElasticsearchNodes] = capacity.Nodes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [SettingsCatalog.ElasticsearchStorageSize] = $"{capacity.StorageBytesPerNode / (1024m * 1024 * 1024)}Gi",
        };
        foreach (var (setting, pattern) in new (SettingDefinition, string)[] { (SettingsCatalog.ElasticsearchNodes, "[0-9]+"), (SettingsCatalog.ElasticsearchStorageSize, "[0-9]+Gi") })
        {
            var fix = Regex.Match(message, $"pulumi config set {Regex.Escape(setting.Key)} ({pattern})");
            Assert.True(fix.Success, $"no fix for {setting.Key} in: {message}");
            fleet.SetControlplane(setting.Key, fix.Groups[1].Value);
            fleet.Compile();
            fleet.SetControlplane(setting.Key, original[setting]);
        }

        // The acknowledgement turns the error into a warning (a staged rollout), with the same text.
        fleet.SetControlplane(SettingsCatalog.LogCapacityShortfallAcknowledged.Key, "true");
        var acknowledged = fleet.Compile();
        Assert.Contains(acknowledged.Graph.Warnings, w => w.Contains($"{fleet.Names[0]} 200Gi/day", StringComparison.Ordinal));
    }

    [Fact]
    public void LogstashPodsBelowThePeakAreRefusedWithPodsOrCpuThatFit()
    {
        // 40Gi a day each: about 1,450 events/s at the busiest hour each, over one pod of 250m (250 events/s).
        var settings = new Dictionary<string, string>
        {
            [SettingsCatalog.LogstashReplicas.Key] = "1",
            [SettingsCatalog.LogstashCpu.Key] = "250m",
            [SettingsCatalog.LogCapacityShortfallAcknowledged.Key] = "false",
            [SettingsCatalog.ElasticsearchNodes.Key] = "30",
        };
        using var fleet = new SyntheticFleet(2, (_, config) => SyntheticFleet.Set(config, SettingsCatalog.LogVolumePerDay.Key, "40Gi"), settings);
        var error = Assert.Throws<CompilationException>(() => fleet.Compile());
        var message = string.Join("\n", error.Problems);
        Assert.Contains("events/s", message, StringComparison.Ordinal);
        var cpu = Regex.Match(message, $"pulumi config set {Regex.Escape(SettingsCatalog.LogstashCpu.Key)} ([0-9.]+)");
        Assert.True(cpu.Success, message);
        fleet.SetControlplane(SettingsCatalog.LogstashCpu.Key, cpu.Groups[1].Value);
        fleet.Compile();
    }

    public static TheoryData<string> Environments() => Stacks.Data(StackRole.Environment);

    [Theory]
    [MemberData(nameof(Environments))]
    public void AKafkaSizeCapBelowTheDeclaredVolumeForTheRetentionIsRefusedWithTheHoursItHolds(string id)
    {
        var settings = Stacks.SettingsOf(id);
        var cap = settings.Get(SettingsCatalog.KafkaLogRetentionBytes) * (decimal)settings.Get(SettingsCatalog.KafkaLogPartitions);
        // Twice what the cap holds over the retention.
        var volume = $"{decimal.Ceiling(cap * 2 * 24 / settings.Get(SettingsCatalog.KafkaLogRetentionHours) / GiB)}Gi";
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(id, new Dictionary<string, string> { [SettingsCatalog.LogVolumePerDay.Key] = volume }));
        var message = string.Join("\n", error.Problems);
        var hours = Regex.Match(message, $"pulumi config set {Regex.Escape(SettingsCatalog.KafkaLogRetentionHours.Key)} ([0-9]+)");
        Assert.True(hours.Success, message);
        Assert.True(int.Parse(hours.Groups[1].Value, CultureInfo.InvariantCulture) <= settings.Get(SettingsCatalog.KafkaLogRetentionHours) / 2);
        Stacks.CompileWith(id, new Dictionary<string, string> { [SettingsCatalog.LogVolumePerDay.Key] = volume, [SettingsCatalog.KafkaLogRetentionHours.Key] = hours.Groups[1].Value });
    }

    public static TheoryData<int> FleetSizes() => new(10, 100, 500);

    [Theory]
    [MemberData(nameof(FleetSizes))]
    [Trait("Speed", "Slow")]
    public void EveryNumberOfTheFleetTableIsWhatTheCompileOfSuchAFleetProvisions(int environments)
    {
        // The what-if (synthetic environments with the defaults, no stack files) against a generated fleet:
        // N environment stack files of the production profile, the controlplane with the raised settings.
        var raw = StackFileReader.Read(Repo.Root, Stacks.NameOf(Stacks.Controlplane));
        var table = FleetRow.Of(raw, Repo.Root, environments, FootprintOptions.Default);
        var (config, _) = FleetWhatIf.With(raw, environments);
        var raised = config.Values
            .Where(v => v.Key != SettingsCatalog.Environments.Key && (!raw.Values.TryGetValue(v.Key, out var before) || before != v.Value))
            .ToDictionary(v => v.Key, v => v.Value.Scalar!);
        var production = new DefaultContext("x", StackRole.Environment, Profile.Production);
        using var fleet = new SyntheticFleet(environments, (_, c) =>
        {
            SyntheticFleet.Set(c, SettingsCatalog.ProfileName.Key, "production");
            SyntheticFleet.Set(c, SettingsCatalog.LogVolumePerDay.Key, (string)SettingsCatalog.LogVolumePerDay.DefaultFor(production)!);
        }, raised);
        var compiled = FleetRow.Of(fleet.Compile(), environments, FootprintOptions.Default, table.Raised);
        Assert.Equal(table with { Shards = compiled.Shards }, compiled);
        Assert.Equal(table.Shards.Shards, compiled.Shards.Shards);
        Assert.Equal(table.Shards.Limit, compiled.Shards.Limit);
    }

    [Fact]
    [Trait("Speed", "Slow")]
    public void ElasticsearchDiskGrowsWithTheFleet()
    {
        var raw = StackFileReader.Read(Repo.Root, Stacks.NameOf(Stacks.Controlplane));
        var rows = new[] { 10, 100, 500 }.Select(n => FleetRow.Of(raw, Repo.Root, n, FootprintOptions.Default)).ToList();
        for (var i = 1; i < rows.Count; i++)
        {
            var (smaller, larger) = (rows[i - 1], rows[i]);
            Assert.True(larger.ElasticsearchNeeded > smaller.ElasticsearchNeeded, $"{larger.Environments}: {larger.ElasticsearchNeeded} <= {smaller.ElasticsearchNeeded}");
            Assert.True(larger.ElasticsearchUsable > smaller.ElasticsearchUsable, $"{larger.Environments}: usable {larger.ElasticsearchUsable} <= {smaller.ElasticsearchUsable}");
            Assert.True(larger.Totals.StorageBytes > smaller.Totals.StorageBytes, $"{larger.Environments}: storage {larger.Totals.StorageBytes} <= {smaller.Totals.StorageBytes}");
        }

        // Every row fits: what is needed lies below the usable part of what the compile provisions.
        Assert.All(rows, r => Assert.True(r.ElasticsearchNeeded <= r.ElasticsearchUsable, $"{r.Environments}: {r.ElasticsearchNeeded} > {r.ElasticsearchUsable}"));

        // One more environment costs its own volume for its retention, in every row.
        var context = new DefaultContext("x", StackRole.Environment, Profile.Production);
        var perEnvironment = Infra.Model.KubeQuantity.Parse((string)SettingsCatalog.LogVolumePerDay.DefaultFor(context)!)
            * ((int)SettingsCatalog.LogRetentionDays.DefaultFor(context)! + raw.Values.GetValueOrDefault(SettingsCatalog.LogRolloverDays.Key)?.Scalar switch { { } t => int.Parse(t, CultureInfo.InvariantCulture), null => 7 });
        foreach (var row in rows)
        {
            var next = FleetRow.Of(raw, Repo.Root, row.Environments + 1, FootprintOptions.Default);
            Assert.Equal(perEnvironment * ElasticsearchShardBudget.CopiesFor(next.ElasticsearchDataNodes), next.ElasticsearchNeeded - row.ElasticsearchNeeded);
        }
    }
}
