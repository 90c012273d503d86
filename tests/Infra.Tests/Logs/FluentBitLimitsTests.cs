using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Logs;

/// <summary>
/// Fluent Bit cannot fail a chunk on size or fill a node: the rejoined-record limit stays below the Kafka
/// record limit and the node buffer within its filesystem (both refused at compile time with the fix), and
/// its own log reaches a data stream of its own.
/// </summary>
public sealed partial class FluentBitLimitsTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void TheMultilineBufferIsBelowTheKafkaRecordLimitAndTheBufferWithinItsDisk(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var settings = compiled.Settings;
        var config = compiled.Graph.Documents.Single(d => d.Path == "fluent-bit/fluent-bit.conf").Content;
        // Fluent Bit reads multiline_buffer_limit in binary units (flb_utils_size_to_binary_bytes).
        var multiline = FluentBitSize.BinaryBytes(MultilineLimit().Match(config).Groups[1].Value);
        var maxBytes = long.Parse(MessageMaxBytes().Match(config).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotNull(multiline);
        // A rejoined record is embedded as a JSON string (escaping at most doubles it) with its metadata.
        Assert.True((2 * multiline.Value) + FluentBit.RecordOverheadBytes <= maxBytes, $"{multiline} bytes rejoined, {maxBytes} bytes per Kafka record");
        var buffer = FluentBitSize.Bytes(settings.Get(SettingsCatalog.FluentBitBufferLimit))!.Value;
        Assert.True(buffer <= Infra.Model.KubeQuantity.Parse(settings.Get(SettingsCatalog.FluentBitBufferDiskSize)) * FluentBit.BufferDiskShare);
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void AMultilineBufferAboveTheLineMaximumIsRefusedWithTheFix(string stack)
    {
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(stack, new Dictionary<string, string>
        {
            [SettingsCatalog.FluentBitMaxLineSize.Key] = "256K",
            [SettingsCatalog.FluentBitMultilineBufferLimit.Key] = "2M",
        }));
        var problem = Assert.Single(error.Problems);
        // 256K of line is 256,000 bytes; the multiline limit is read in binary units, so 250K (256,000 / 1024, rounded down) fits.
        Assert.Contains($"pulumi config set {SettingsCatalog.FluentBitMultilineBufferLimit.Key} 250K", problem, StringComparison.Ordinal);
        Stacks.CompileWith(stack, new Dictionary<string, string>
        {
            [SettingsCatalog.FluentBitMaxLineSize.Key] = "256K",
            [SettingsCatalog.FluentBitMultilineBufferLimit.Key] = "250K",
        });

        // The same text in both settings is not the same size: 256K of multiline buffer is 262,144 bytes.
        var binary = Assert.Throws<CompilationException>(() => Stacks.CompileWith(stack, new Dictionary<string, string>
        {
            [SettingsCatalog.FluentBitMaxLineSize.Key] = "256K",
            [SettingsCatalog.FluentBitMultilineBufferLimit.Key] = "256K",
        }));
        Assert.Contains("262144 bytes", Assert.Single(binary.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void ABufferLimitOverItsDiskIsRefusedWithTheLimitThatFits(string stack)
    {
        var overrides = new Dictionary<string, string> { [SettingsCatalog.FluentBitBufferDiskSize.Key] = "4Gi", [SettingsCatalog.FluentBitBufferLimit.Key] = "8G" };
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(stack, overrides));
        var fix = Regex.Match(string.Join("\n", error.Problems), $"pulumi config set {Regex.Escape(SettingsCatalog.FluentBitBufferLimit.Key)} ([0-9]+M)");
        Assert.True(fix.Success, string.Join("\n", error.Problems));
        overrides[SettingsCatalog.FluentBitBufferLimit.Key] = fix.Groups[1].Value;
        Stacks.CompileWith(stack, overrides);
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void FluentBitsOwnLogIsCollectedAndShipped(string stack)
    {
        var config = Stacks.Compile(stack).Graph.Documents.Single(d => d.Path == "fluent-bit/fluent-bit.conf").Content;
        var sections = config.Split("[INPUT]").Skip(1).ToList();
        var self = Assert.Single(sections, s => SelfPath().IsMatch(s));
        Assert.Contains($"Tag {FluentBit.SelfTag}", self, StringComparison.Ordinal);
        // The application input still excludes it (no record twice), and the Kafka output takes its tag.
        Assert.Contains(sections, s => s.Contains($"Exclude_Path {FluentBit.SelfLogPath}", StringComparison.Ordinal));
        // Only Fluent Bit's own pods, by namespace (the kubelet's file names are <pod>_<namespace>_<container>-<id>.log):
        // a tenant's pod named fluent-bit-* in another namespace is neither taken for it nor dropped from the main input.
        var glob = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(FluentBit.SelfLogPath).Replace(@"\*", "[^/]*") + "$");
        Assert.Matches(glob, $"/var/log/containers/fluent-bit-x7k2p_{Namespaces.NodeAgents}_fluent-bit-0123abcd.log");
        Assert.DoesNotMatch(glob, "/var/log/containers/fluent-bit-x7k2p_orders_fluent-bit-0123abcd.log");
        Assert.DoesNotMatch(glob, "/var/log/containers/fluent-bit-x7k2p_orders_app-0123abcd.log");
        Assert.Matches(FluentBit.OutputMatch, FluentBit.SelfTag);
        Assert.Contains($"Add {FluentBit.SelfMarkerKey} true", config, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void EveryPipelineRoutesFluentBitsOwnLogToAStreamWithTheSourcesLifecycle(string controlplane)
    {
        var documents = Stacks.Compile(controlplane).Graph.Documents;
        var pipelines = documents.Where(d => d.Path.StartsWith("logstash/pipelines/", StringComparison.Ordinal) && !d.Path.EndsWith($"/{Logstash.DeadLetterPipeline}.conf", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pipelines);
        foreach (var pipeline in pipelines)
        {
            var stack = Path.GetFileNameWithoutExtension(pipeline.Path);
            Assert.Contains($"if [{FluentBit.SelfMarkerKey}]", pipeline.Content, StringComparison.Ordinal);
            Assert.Contains($"\"[data_stream][dataset]\" => \"{Logstash.SelfDataset}\"", pipeline.Content, StringComparison.Ordinal);
            Assert.Contains($"\"[data_stream][namespace]\" => \"{stack}\"", pipeline.Content, StringComparison.Ordinal);
            var template = documents.Single(d => d.Path == $"elasticsearch/setup/template-{stack}.json").Content;
            Assert.Contains($"\"{ElasticsearchSetup.SelfDataStream(stack)}\"", template, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"^\s*Path /var/log/containers/fluent-bit-\S*\.log$", RegexOptions.Multiline)]
    private static partial Regex SelfPath();

    [GeneratedRegex(@"multiline_buffer_limit (\S+)")]
    private static partial Regex MultilineLimit();

    [GeneratedRegex(@"rdkafka\.message\.max\.bytes (\d+)")]
    private static partial Regex MessageMaxBytes();
}
