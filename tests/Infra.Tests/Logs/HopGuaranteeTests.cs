using System.Globalization;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Logs;

/// <summary>
/// The settings each hop's guarantee rests on (docs/log-pipeline.md, "Each hop's guarantee"), read
/// from the rendered fluent-bit.conf, the logs topic and the Logstash pipelines of every stack.
/// </summary>
public sealed class HopGuaranteeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"infra-hop-{Guid.NewGuid():N}");

    public static TheoryData<string> AllStacks() => Stacks.AllData();

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, true);
        }
    }

    /// <summary>acks, idempotence and Retry_Limit: LogPipelineInvariantTests.FluentBitBuffersOnDiskAndNeverGivesUp.</summary>
    [Theory]
    [MemberData(nameof(AllStacks))]
    public void LibrdkafkaNeverExpiresARecordAndItsQueueIsBounded(string stack)
    {
        var p = new PipelineObjects(stack);
        // 0 is infinite; librdkafka's default drops an undelivered record after 300 s.
        Assert.Equal("0", p.FluentBitOutput("rdkafka.message.timeout.ms"));

        var queueBytes = Number(p.FluentBitOutput("rdkafka.queue.buffering.max.kbytes")) * 1024;
        var messages = Number(p.FluentBitOutput("rdkafka.queue.buffering.max.messages"));
        var record = Number(p.FluentBitOutput("rdkafka.message.max.bytes"));

        // Far below librdkafka's defaults (1 GiB, 100000 messages): the queue is what a crashing pod loses,
        // yet it must hold the largest record, or that record could never be queued.
        Assert.InRange(queueBytes, 2 * record, 64L * 1024 * 1024);
        Assert.InRange(messages, 1, 10_000);
        Assert.Equal(FluentBit.QueueKBytes(p.Compiled.Settings) * 1024, queueBytes);
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryLineUpToTheMaximumReachesTheTopic(string stack)
    {
        var p = new PipelineObjects(stack);
        // A file created while Fluent Bit was down has no DB offset: read it from its head, not its end.
        Assert.Equal("On", p.FluentBitInput("Read_from_Head"));
        Assert.StartsWith($"{FluentBit.BufferPath}/", p.FluentBitInput("DB"), StringComparison.Ordinal);

        var maxLine = p.Compiled.Settings.Get(SettingsCatalog.FluentBitMaxLineSize);
        var lineBytes = FluentBitSize.Bytes(maxLine)!.Value;
        Assert.Equal(maxLine, p.FluentBitInput("Buffer_Max_Size"));
        Assert.InRange(Number(p.FluentBitInput("Buffer_Chunk_Size")), 1, lineBytes);
        Assert.Equal("On", p.FluentBitInput("Skip_Long_Lines"));

        // The line escaped inside the JSON record (at most twice as long) plus its metadata.
        var record = Number(p.FluentBitOutput("rdkafka.message.max.bytes"));
        Assert.True(record > 2 * lineBytes, $"message.max.bytes {record} cannot hold a {maxLine} line escaped in JSON");

        // librdkafka may overshoot a batch by one message: the topic must take twice the record limit.
        var topic = Convert.ToInt64(((NumberValue)((ObjectValue)p.Single("KafkaTopic").At("spec.config")!)["max.message.bytes"]!).Number);
        Assert.True(topic >= 2 * record, $"topic max.message.bytes {topic} < 2 x {record}");
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void TheMaximumLineSizeIsASetting(string stack)
    {
        var compiled = Stacks.CompileWith(stack, new Dictionary<string, string> { [SettingsCatalog.FluentBitMaxLineSize.Key] = "256K" });
        var config = compiled.Graph.Documents.Single(d => d.Path == "fluent-bit/fluent-bit.conf").Content;
        Assert.Contains("Buffer_Max_Size 256K\n", config, StringComparison.Ordinal);
        Assert.Contains($"rdkafka.message.max.bytes {(2 * 256_000) + FluentBit.RecordOverheadBytes}\n", config, StringComparison.Ordinal);

        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(stack, new Dictionary<string, string> { [SettingsCatalog.FluentBitMaxLineSize.Key] = "1Mi" }));
        Assert.Contains(error.Problems, e => e.Contains($"{SettingsCatalog.FluentBitMaxLineSize.Key} must be a Fluent Bit size from 16K to 8M", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void EveryLogstashPipelineCommitsOffsetsOnlyAfterItsPersistedQueueHoldsThePoll(string controlplane)
    {
        var pipelines = ((ListValue)new PipelineObjects(controlplane).Single("Logstash").At("spec.pipelines")!).Items.Cast<ObjectValue>().ToList();
        Assert.NotEmpty(pipelines);
        var documents = Stacks.Compile(controlplane).Graph.Documents;
        Assert.All(pipelines.Where(p => p["pipeline.id"] != new StringValue(Logstash.DeadLetterPipeline)), pipeline =>
        {
            Assert.Equal(new StringValue("persisted"), pipeline["queue.type"]);
            // Logstash's default checkpoint interval: the bounded window docs/log-pipeline.md states.
            Assert.Equal(new NumberValue(Logstash.CheckpointWrites), pipeline["queue.checkpoint.writes"]);
            var id = ((StringValue)pipeline["pipeline.id"]!).Text;
            var config = documents.Single(d => d.Path == $"logstash/pipelines/{id}.conf").Content;
            // The kafka input commits synchronously after a poll's events are queued (logstash-integration-kafka
            // inputs/kafka.rb: maybe_commit_offset runs commitSync after handle_record of every record, only with auto commit off).
            Assert.Contains("enable_auto_commit => false", config, StringComparison.Ordinal);
            Assert.Contains($"max_poll_records => {Logstash.MaxPollRecords}", config, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void AFluentBitMemoryLimitBelowTheBudgetIsRefusedNamingTheKeyAndTheSize()
    {
        ProjectCopy.Create(_root);
        foreach (var stack in Repo.Stacks.Where(s => Stacks.RoleOf(s) != Infra.Config.StackRole.OnCall))
        {
            var budget = FluentBit.MemoryBudgetBytes(Stacks.SettingsOf(stack));
            var neededMi = (long)Math.Ceiling(budget / (1024m * 1024));
            WriteLimit(stack, $"{neededMi - 1}Mi");
            var error = Assert.Throws<CompilationException>(() => Compile(stack));
            var problem = Assert.Single(error.Problems);
            Assert.Contains("resources.limits.memory", problem, StringComparison.Ordinal);
            Assert.Contains($"at least {neededMi}Mi", problem, StringComparison.Ordinal);

            WriteLimit(stack, $"{neededMi}Mi");
            Assert.NotNull(Compile(stack));
            File.Delete(Overlay(stack));
        }
    }

    [Fact]
    public void TheLogPipelineDocStatesEachHopsGuaranteeAndTheOutages()
    {
        var doc = File.ReadAllText(Path.Combine(Repo.Root, "docs", "log-pipeline.md"));
        var start = doc.IndexOf("## Each hop's guarantee", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/log-pipeline.md has no \"Each hop's guarantee\" section");
        var end = doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = doc[start..(end < 0 ? doc.Length : end)];
        var rows = section.Split('\n').Where(l => l.StartsWith('|')).ToList();

        foreach (var hop in new[] { "node log file", "Fluent Bit buffer", "Kafka → Logstash", "Logstash → Elasticsearch" })
        {
            Assert.Contains(rows, r => r.Contains(hop, StringComparison.Ordinal));
        }

        foreach (var outage in new[] { "Kafka down 1 h", "Elasticsearch down 1 h", "controlplane down 60 h", "a node lost", "Fluent Bit pod restart", "Logstash pod restart" })
        {
            Assert.Contains(rows, r => r.StartsWith($"| {outage} |", StringComparison.Ordinal));
        }

        // The settings the guarantees rest on, and the default memory budget the compile enforces.
        foreach (var key in new[] { "message.timeout.ms", "queue.buffering.max.kbytes", "queue.checkpoint.writes", "enable_auto_commit", SettingsCatalog.FluentBitMaxLineSize.Name, "fluentbit_input_long_line_skipped_total" })
        {
            Assert.Contains(key, section, StringComparison.Ordinal);
        }

        var defaults = Stacks.CompileWith(Stacks.First(StackRole.Environment), new Dictionary<string, string> { [SettingsCatalog.FluentBitMaxLineSize.Key] = SettingsCatalog.FluentBitMaxLineSize.DescribeDefault() }).Settings;
        var budget = (long)Math.Ceiling(FluentBit.MemoryBudgetBytes(defaults) / (1024m * 1024));
        Assert.Contains($"{budget} MiB", section, StringComparison.Ordinal);
    }

    private static long Number(string text) => long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private string Overlay(string stack) => Path.Combine(_root, "charts-values", "fluent-bit", $"{stack}.yaml");

    private void WriteLimit(string stack, string memory) => File.WriteAllText(Overlay(stack), $"resources:\n  limits:\n    memory: {memory}\n");

    private CompiledStack Compile(string stack) => StackCompiler.Compile(StackFileReader.Read(_root, stack), _root, fromStackFile: true);
}
