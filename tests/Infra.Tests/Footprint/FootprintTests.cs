using System.Text.Json;
using Infra.Cli;
using Infra.Footprint;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Footprint;

/// <summary>
/// <c>footprint</c>: totals against hand-computed values for a fixture stack whose sizing the test
/// controls; JSON against the table; "not set" handling; bad input.
/// </summary>
public sealed class FootprintTests
{
    private const decimal Mi = 1024m * 1024;
    private const decimal Gi = 1024 * Mi;

    [Fact]
    public void TotalsOfTheFixtureStackMatchTheHandComputedValues()
    {
        using var fixture = new FootprintFixture();
        var run = CliRun.Of(["footprint", "--stack", FootprintFixture.Stack, "--root", fixture.Root, "--nodes", "5", "--format", "json"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);

        // The products computed by hand below, by the component names their pods are filed under; a product added
        // to Products.All adds its own subtotal, so the sum is over these (EveryStackHasAFootprintWhoseJsonAndTableAgree
        // checks the total is the sum of every subtotal).
        string[] computed = ["KubePrometheus", "Alertmanager", "NodeExporter", "Kafka", "FluentBit"];
        var subtotals = json.RootElement.GetProperty("components").EnumerateArray()
            .Where(c => computed.Contains(c.GetProperty("name").GetString()))
            .Select(c => c.GetProperty("subtotal"))
            .ToList();
        Assert.Equal(computed.Length, subtotals.Count);

        // Per pod, from FootprintFixture (requests cpu/memory, limits cpu/memory; "-" = not set), times pods; 5 nodes.
        // The federation gateway is sized by the stack's profile (no setting sizes it), the Kafka brokers by the fixture's
        // kafkaBrokerCpu and kafkaBrokerMemory, the entity operator and exporter in component code.
        //   prometheus-operator        1 pod  : 100m / 100Mi, 200m / 200Mi
        //   prometheus                 2 pods : prometheus 1 (overlay) / 2Gi, - / 4Gi; config-reloader 10m / 10Mi, - / 20Mi
        //                                        -> 2020m, 4116Mi; limits 8232Mi; CPU limit not set in 2 containers
        //   alertmanager               1 pod  : 50m / 50Mi, - / 100Mi + reloader 10m / 10Mi, - / 20Mi -> 60m, 60Mi, 120Mi
        //   kube-state-metrics         2 pods : 25m / 64Mi, no limits -> 50m, 128Mi
        //   federation gateway         1 pod  : gateway CPU / memory request, - / memory limit (the profile's workloads)
        //   node-exporter        DaemonSet x5 : nothing set
        //   strimzi operator           1 pod  : 300m / 512Mi, 1000m (chart default) / 512Mi
        //   entity operator            1 pod  : topic-operator and user-operator, each 100m / 256Mi, - / 512Mi
        //   kafka exporter             1 pod  : 50m / 64Mi, - / 256Mi
        //   kafka node pool combined   1 pod  : broker CPU / broker memory, - / broker memory; 30Gi volume
        //   fluent-bit           DaemonSet x5 : 100m / 100Mi, - / 256Mi (its memory budget) -> 500m, 500Mi, 1280Mi
        var profile = FootprintFixture.Profile;
        var gatewayCpu = KubeQuantity.Parse(profile.Size(Infra.Config.WorkloadDefault.FederationGatewayCpu));
        var gatewayMemoryRequest = KubeQuantity.Parse(profile.Size(Infra.Config.WorkloadDefault.FederationGatewayMemoryRequest));
        var gatewayMemoryLimit = KubeQuantity.Parse(profile.Size(Infra.Config.WorkloadDefault.FederationGatewayMemoryLimit));
        var brokerCpu = KubeQuantity.Parse(FootprintFixture.StackConfig["observability:kafkaBrokerCpu"]);
        var brokerMemory = KubeQuantity.Parse(FootprintFixture.StackConfig["observability:kafkaBrokerMemory"]);
        var pods = 1 + 2 + 1 + 2 + 1 + 5 + 1 + 1 + 1 + 1 + 5;
        var cpuRequest = 0.100m + 2.020m + 0.060m + 0.050m + gatewayCpu + 0.300m + 0.200m + 0.050m + brokerCpu + 0.500m;
        var cpuLimit = 0.200m + 1.000m;
        var memoryRequest = ((100 + 4116 + 60 + 128 + 512 + 512 + 64 + 500) * Mi) + gatewayMemoryRequest + brokerMemory;
        var memoryLimit = ((200 + 8232 + 120 + 512 + 1024 + 256 + 1280) * Mi) + gatewayMemoryLimit + brokerMemory;

        // Containers without the value: node-exporter 1 everywhere; CPU limits also prometheus 2, alertmanager 2,
        // kube-state-metrics 1, gateway 1, entity operator 2, kafka exporter 1, kafka 1, fluent-bit 1;
        // memory limits also kube-state-metrics 1.
        Assert.Equal(pods, subtotals.Sum(t => t.GetProperty("pods").GetInt32()));
        AssertSum(subtotals, "cpuRequest", cpuRequest, 1);
        AssertSum(subtotals, "cpuLimit", cpuLimit, 1 + 2 + 2 + 1 + 1 + 2 + 1 + 1 + 1);
        AssertSum(subtotals, "memoryRequest", memoryRequest, 1);
        AssertSum(subtotals, "memoryLimit", memoryLimit, 1 + 1);

        // Storage: Prometheus 2 x 40Gi, Alertmanager 1 x 1Gi (component code), Kafka 1 x 30Gi.
        Assert.Equal((2 * 40 + 1 + 30) * Gi, subtotals.Sum(t => t.GetProperty("storage").GetDecimal()));

        // Retention: Prometheus retentionSize is 85% of 40Gi = 34GB (Prometheus GB = GiB) x 2 replicas, on 80Gi;
        // the logs topic holds retention.bytes 2Gi x 4 partitions x 1 replica (one broker), on 30Gi.
        var retention = json.RootElement.GetProperty("retention").EnumerateArray().ToDictionary(e => e.GetProperty("subject").GetString()!);
        Assert.Equal(2 * 34 * Gi, retention["Prometheus TSDB"].GetProperty("bytes").GetDecimal());
        Assert.Equal(80 * Gi, retention["Prometheus TSDB"].GetProperty("provisionedBytes").GetDecimal());
        Assert.Equal(2 * Gi * 4 * 1, retention["Kafka topic logs"].GetProperty("bytes").GetDecimal());
        Assert.Equal(30 * Gi, retention["Kafka topic logs"].GetProperty("provisionedBytes").GetDecimal());
        Assert.True(retention["Kafka topic logs"].GetProperty("fits").GetBoolean());
    }

    [Fact]
    public void TheTableShowsTheSameTotalsAsTheJsonAndMarksWhatIsNotSet()
    {
        using var fixture = new FootprintFixture();
        var args = new[] { "footprint", "--stack", FootprintFixture.Stack, "--root", fixture.Root, "--nodes", "5" };
        var table = CliRun.Of(args);
        var json = CliRun.Of([.. args, "--format", "json"]);
        Assert.True(table.ExitCode == 0 && json.ExitCode == 0, table.Stderr + json.Stderr);

        using var document = JsonDocument.Parse(json.Stdout);
        var total = document.RootElement.GetProperty("total");
        Assert.Equal(
            [
                "TOTAL", $"{total.GetProperty("pods").GetInt32()} pods",
                Cell(total, "cpuRequest", FootprintFormat.Cpu), Cell(total, "cpuLimit", FootprintFormat.Cpu),
                Cell(total, "memoryRequest", FootprintFormat.Bytes), Cell(total, "memoryLimit", FootprintFormat.Bytes),
                FootprintFormat.Bytes(total.GetProperty("storage").GetDecimal()),
            ],
            Cells(Row(table.Stdout, "TOTAL")));
        Assert.Equal(
            ["not set (containers)", .. new[] { "cpuRequest", "cpuLimit", "memoryRequest", "memoryLimit" }.Select(k => total.GetProperty(k).GetProperty("notSet").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture))],
            Cells(Row(table.Stdout, "not set (containers)")));

        // Sums as the table prints them (3.58 cores, 7080Mi and 12776Mi; some containers without a value, *; the TOTAL row
        // also holds any product added to Products.All, so its cells are compared with the JSON above, not with these).
        Assert.Equal(["3.58*", "1.2*", "6.91Gi*", "12.48Gi*"],
        [
            FootprintTable.Sum(new ResourceSum(3.58m, 1), FootprintFormat.Cpu), FootprintTable.Sum(new ResourceSum(1.2m, 12), FootprintFormat.Cpu),
            FootprintTable.Sum(new ResourceSum(7080 * Mi, 1), FootprintFormat.Bytes), FootprintTable.Sum(new ResourceSum(12776 * Mi, 2), FootprintFormat.Bytes),
        ]);
        Assert.Equal("111Gi", FootprintFormat.Bytes(111 * Gi));

        // node-exporter sets nothing: "not set" in the table, null in JSON, never 0.
        Assert.Equal(["node-exporter", "DaemonSet", "per node", "not set", "not set", "not set", "not set", "-"], Cells(Row(table.Stdout, "node-exporter")));
        var nodeExporter = document.RootElement.GetProperty("components").EnumerateArray()
            .SelectMany(c => c.GetProperty("workloads").EnumerateArray())
            .Single(w => w.GetProperty("name").GetString() == "node-exporter");
        var container = Assert.Single(nodeExporter.GetProperty("containers").EnumerateArray());
        foreach (var key in new[] { "cpuRequest", "cpuLimit", "memoryRequest", "memoryLimit" })
        {
            Assert.Equal(JsonValueKind.Null, container.GetProperty(key).ValueKind);
        }

        // DaemonSets are per node in the rows, multiplied by --nodes in the subtotal.
        Assert.Equal(["fluent-bit", "DaemonSet", "per node", "100m", "not set", "100Mi", "256Mi", "-"], Cells(Row(table.Stdout, "fluent-bit")));
    }

    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void EveryStackHasAFootprintWhoseJsonAndTableAgree(string id)
    {
        var (stack, root) = (Stacks.NameOf(id), Stacks.RootOf(id));
        var table = CliRun.Of(["footprint", "--stack", stack, "--root", root]);
        var json = CliRun.Of(["footprint", "--stack", stack, "--root", root, "--format", "json"]);
        Assert.True(table.ExitCode == 0 && json.ExitCode == 0, table.Stderr + json.Stderr);
        using var document = JsonDocument.Parse(json.Stdout);
        var total = document.RootElement.GetProperty("total");
        Assert.Equal(Cell(total, "cpuRequest", FootprintFormat.Cpu), Cells(Row(table.Stdout, "TOTAL"))[2]);
        Assert.Equal(Cell(total, "memoryRequest", FootprintFormat.Bytes), Cells(Row(table.Stdout, "TOTAL"))[4]);

        // The subtotals add up to the total.
        var components = document.RootElement.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(total.GetProperty("pods").GetInt32(), components.Sum(c => c.GetProperty("subtotal").GetProperty("pods").GetInt32()));
        Assert.Equal(total.GetProperty("storage").GetDecimal(), components.Sum(c => c.GetProperty("subtotal").GetProperty("storage").GetDecimal()));

        // Deterministic output.
        Assert.Equal(json.Stdout, CliRun.Of(["footprint", "--stack", stack, "--root", root, "--format", "json"]).Stdout);
    }

    [Fact]
    public void UnknownStackIsAnInputErrorAndBadOptionsAreUsageErrors()
    {
        var run = CliRun.Of(["footprint", "--stack", BadInputTests.UnknownStack, "--root", Repo.Root]);
        Assert.Equal(CommandLine.InputError, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains($"stack '{BadInputTests.UnknownStack}': unknown stack", run.Stderr, StringComparison.Ordinal);

        foreach (var (option, value) in new[] { ("--format", "xml"), ("--nodes", "0"), ("--nodes", "two"), ("--nodes", "2147483647"), ("--daily-log-gb", "10"), ("--colour", "red"), ("--environments", "0"), ("--fleet", "10,x") })
        {
            run = CliRun.Of(["footprint", "--stack", Stacks.Controlplane, "--root", Repo.Root, option, value]);
            Assert.Equal(CommandLine.UsageError, run.ExitCode);
            Assert.Empty(run.Stdout);
        }

        Assert.Equal(CommandLine.UsageError, CliRun.Of(["footprint", "--root", Repo.Root]).ExitCode);
    }

    [Fact]
    public void TheElasticsearchEstimateIsEverySourcesDeclaredVolumeForItsOwnRetention()
    {
        // The capacity model: each source's logVolumePerDay x (its logRetentionDays + logRolloverDays) x copies,
        // each read from the source's own stack (the controlplane's and every environment's it lists).
        var controlplane = Stacks.Controlplane;
        var settings = Stacks.Compile(controlplane).Settings;
        var rollover = settings.Get(Infra.Config.SettingsCatalog.LogRolloverDays);
        var sources = new[] { settings }.Concat(Stacks.EnvironmentsOf(controlplane).Select(e => Stacks.Compile(e).Settings))
            .Select(s => Infra.Model.KubeQuantity.Parse(s.Get(Infra.Config.SettingsCatalog.LogVolumePerDay)) * (s.Get(Infra.Config.SettingsCatalog.LogRetentionDays) + rollover))
            .ToList();
        var estimate = Estimate(controlplane);
        var copies = estimate.GetProperty("formula").GetString()!.Contains("x 2 copies", StringComparison.Ordinal) ? 2 : 1;
        Assert.Equal(sources.Sum() * copies, estimate.GetProperty("bytes").GetDecimal());
        // Usable: the least of the low watermark's share and what the survivors of a lost node or zone hold (the model).
        var usable = estimate.GetProperty("usableBytes").GetDecimal();
        var capacity = Infra.Components.LogCapacity.For(settings, Stacks.Compile(controlplane).Contributions.EnvironmentFacts);
        Assert.Equal(decimal.Round(capacity.EffectiveUsableBytes(capacity.Nodes)), usable);
        Assert.True(usable <= decimal.Round(estimate.GetProperty("provisionedBytes").GetDecimal() * 0.85m), $"{usable} over the low watermark");
    }

    private static JsonElement Estimate(string stack)
    {
        var run = CliRun.Of(["footprint", "--stack", stack, "--root", Repo.Root, "--format", "json"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        return json.RootElement.GetProperty("retention").EnumerateArray().Single(e => e.GetProperty("component").GetString() == "Elasticsearch").Clone();
    }

    [Fact]
    [Trait("Speed", "Slow")]
    public void AWhatIfOfNEnvironmentsRaisesWhatMustGrowAndTheFleetTableHasOneRowPerCount()
    {
        var controlplane = Stacks.Controlplane;
        var small = CliRun.Of(["footprint", "--stack", controlplane, "--root", Repo.Root, "--environments", "3", "--format", "json"]);
        // Past the pipelines production's heap floor holds (about 720), the memory grows too.
        var large = CliRun.Of(["footprint", "--stack", controlplane, "--root", Repo.Root, "--environments", "1200"]);
        Assert.True(small.ExitCode == 0 && large.ExitCode == 0, small.Stderr + large.Stderr);
        Assert.Contains("What if: 1200 synthetic environments", large.Stdout, StringComparison.Ordinal);
        Assert.Contains("observability:elasticsearchNodes", large.Stdout, StringComparison.Ordinal);
        Assert.Contains("observability:logstashStorageSize", large.Stdout, StringComparison.Ordinal);
        var memory = System.Text.RegularExpressions.Regex.Match(large.Stdout, @"observability:logstashMemory [0-9]+(Gi|Mi) -> ([0-9]+(Gi|Mi)) \(every pipeline's heap\)");
        Assert.True(memory.Success, large.Stdout);
        // Half of it (the heap) holds at least the least estimate of 1202 pipelines (one partition a pod).
        Assert.True(KubeQuantity.Parse(memory.Groups[2].Value) / 2 >= Infra.Components.Logstash.RequiredHeapBytes(Infra.Components.Logstash.PipelinesFor(1200), partitionsPerPod: 1), memory.Value);
        Assert.Contains("fits", large.Stdout, StringComparison.Ordinal);

        var fleet = CliRun.Of(["footprint", "--stack", controlplane, "--root", Repo.Root, "--fleet", "2,5"]);
        Assert.Equal(0, fleet.ExitCode);
        var rows = fleet.Stdout.Split('\n').Where(l => l.StartsWith("| 2 |", StringComparison.Ordinal) || l.StartsWith("| 5 |", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, rows.Count);

        // The shards in the table grow with the count (the column found by its header, not its position).
        var header = fleet.Stdout.Split('\n').First(l => l.StartsWith("| environments |", StringComparison.Ordinal)).Split('|').Select(c => c.Trim()).ToList();
        var column = header.FindIndex(c => c.StartsWith("Elasticsearch shards", StringComparison.Ordinal));
        Assert.True(column > 0, "no 'Elasticsearch shards' column in: " + string.Join(" | ", header));
        var shards = rows.Take(2).Select(r => int.Parse(r.Split('|')[column].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(shards[1] > shards[0]);
    }

    [Fact]
    public void MissingValuesAreNotSetAndLeftOutOfSumsNotCountedAsZero()
    {
        var nothing = ContainerFootprint.FromResources("bare", null);
        Assert.Equal(new ContainerFootprint("bare", null, null, null, null), nothing);

        // The API server defaults a missing request to the limit.
        var limitOnly = ContainerFootprint.FromResources("limited", Infra.Yaml.YamlValueReader.Parse("limits: {cpu: 500m, memory: 1Gi}"));
        Assert.Equal(new ContainerFootprint("limited", 0.5m, 0.5m, Gi, Gi), limitOnly);

        var totals = FootprintTotals.Of(
            [
                new WorkloadFootprint("A", "set", "Deployment", 2, [new ContainerFootprint("c", 0.25m, null, 256 * Mi, null)], []),
                new WorkloadFootprint("A", "bare", "DaemonSet", null, [nothing], [new VolumeFootprint("data", Gi)]),
            ],
            nodes: 4);
        Assert.Equal(6, totals.Pods);
        Assert.Equal(new ResourceSum(0.5m, 1), totals.CpuRequest);
        Assert.Equal(new ResourceSum(0m, 2), totals.CpuLimit);
        Assert.Equal(new ResourceSum(512 * Mi, 1), totals.MemoryRequest);
        Assert.Equal(4 * Gi, totals.StorageBytes);
        Assert.Equal("500m*", FootprintTable.Sum(totals.CpuRequest, FootprintFormat.Cpu));
        Assert.Equal("not set", FootprintTable.Sum(totals.CpuLimit, FootprintFormat.Cpu));
    }

    [Theory]
    [InlineData("250m", "0.25")]
    [InlineData("1", "1")]
    [InlineData("1.5", "1.5")]
    [InlineData("100k", "100000")]
    [InlineData("8G", "8000000000")]
    [InlineData("128Mi", "134217728")]
    [InlineData("2Gi", "2147483648")]
    [InlineData("1Ti", "1099511627776")]
    [InlineData("1Ei", "1152921504606846976")]
    [InlineData("1e3", "1000")]
    [InlineData("5E-3", "0.005")]
    [InlineData("500u", "0.0005")]
    [InlineData(".5", "0.5")]
    public void QuantitiesParseExactly(string quantity, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), KubeQuantity.Parse(quantity));

    [Theory]
    [InlineData("")]
    [InlineData("Gi")]
    [InlineData("1GB")]
    [InlineData("1 Gi")]
    [InlineData("one")]
    public void NonQuantitiesAreRefused(string text) => Assert.Null(KubeQuantity.TryParse(text));

    [Fact]
    public void PrometheusSizesAreBinary()
    {
        Assert.Equal(34 * Gi, KubeQuantity.ParsePrometheusSize("34GB"));
        Assert.Equal(512 * Mi, KubeQuantity.ParsePrometheusSize("512MB"));
        Assert.Null(KubeQuantity.ParsePrometheusSize("34Gi"));
    }

    private static void AssertSum(IReadOnlyList<JsonElement> subtotals, string key, decimal expected, int notSet)
    {
        Assert.Equal(expected, subtotals.Sum(t => t.GetProperty(key).GetProperty("sum").GetDecimal()));
        Assert.Equal(notSet, subtotals.Sum(t => t.GetProperty(key).GetProperty("notSet").GetInt32()));
    }

    private static string Cell(JsonElement totals, string key, Func<decimal, string> format)
    {
        var sum = totals.GetProperty(key);
        return FootprintTable.Sum(new ResourceSum(sum.GetProperty("sum").GetDecimal(), sum.GetProperty("notSet").GetInt32()), format);
    }

    /// <summary>The one table row whose first cell is <paramref name="first"/>.</summary>
    private static string Row(string table, string first) => table.Split('\n').Single(l => Cells(l)[0] == first);

    /// <summary>A table row's cells: columns are separated by at least two spaces.</summary>
    private static string[] Cells(string row) =>
        System.Text.RegularExpressions.Regex.Split(row.Trim(), " {2,}");
}
