using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Logs;

/// <summary>
/// No mapping conflicts and no dead ends: the application's JSON is one flattened field in every source's
/// template, and the dead-letter pipeline drains every source pipeline's dead-letter queue into a quarantine
/// data stream whose template maps nothing a refused document could conflict with.
/// </summary>
public sealed class MappingConflictTests
{
    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void EverySourcesTemplateStoresTheApplicationsJsonFlattened(string controlplane)
    {
        var templates = Stacks.Compile(controlplane).Graph.Documents
            .Where(d => d.Path.StartsWith("elasticsearch/setup/template-", StringComparison.Ordinal) && !d.Path.EndsWith("template-quarantine.json", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(templates);
        Assert.All(templates, t =>
        {
            using var json = System.Text.Json.JsonDocument.Parse(t.Content);
            var app = json.RootElement.GetProperty("template").GetProperty("mappings").GetProperty("properties").GetProperty(ElasticsearchSetup.AppField);
            Assert.Equal("flattened", app.GetProperty("type").GetString());
            // A leaf over Lucene's 32766-byte term limit would fail the whole document: ignore_above keeps every
            // leaf within it even when each character takes 4 bytes in UTF-8.
            var ignoreAbove = app.GetProperty("ignore_above").GetInt32();
            Assert.InRange(ignoreAbove, 1, 32766 / 4);
        });
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void TheDeadLetterPipelineDrainsEverySourcesQueueIntoTheQuarantineStream(string controlplane)
    {
        var compiled = Stacks.Compile(controlplane);
        var pipelines = ((ListValue)new PipelineObjects(controlplane).Single("Logstash").At("spec.pipelines")!).Items.Cast<ObjectValue>().ToList();
        var ids = pipelines.Select(p => ((StringValue)p["pipeline.id"]!).Text).ToList();
        var sources = ids.Where(id => id != Logstash.DeadLetterPipeline).ToList();
        Assert.Equal(Logstash.PipelinesFor(compiled.Contributions.EnvironmentFacts.Count), pipelines.Count);

        var deadLetters = pipelines.Single(p => p["pipeline.id"] == new StringValue(Logstash.DeadLetterPipeline));
        // Its own refusals stay in its own dead-letter queue, the last copy, which no input reads (no loop); it has
        // a persisted queue like the others.
        Assert.Equal(new BoolValue(true), deadLetters["dead_letter_queue.enable"]);
        Assert.Equal(new StringValue("persisted"), deadLetters["queue.type"]);
        var config = compiled.Graph.Documents.Single(d => d.Path == $"logstash/pipelines/{Logstash.DeadLetterPipeline}.conf").Content;
        Assert.DoesNotContain($"pipeline_id => \"{Logstash.DeadLetterPipeline}\"", config, StringComparison.Ordinal);
        foreach (var source in sources)
        {
            Assert.Equal(new BoolValue(true), pipelines.Single(p => p["pipeline.id"] == new StringValue(source))["dead_letter_queue.enable"]);
            Assert.Contains($"pipeline_id => \"{source}\"", config, StringComparison.Ordinal);
        }

        Assert.Equal(sources.Count, config.Split("clean_consumed => true").Length - 1);
        Assert.Equal(sources.Count, config.Split("commit_offsets => true").Length - 1);
        var stream = ElasticsearchSetup.QuarantineDataStream(compiled.Settings.Stack);
        Assert.Contains($"data_stream_dataset => \"{Logstash.QuarantineDataset}\"", config, StringComparison.Ordinal);
        var template = compiled.Graph.Documents.Single(d => d.Path == "elasticsearch/setup/template-quarantine.json").Content;
        using var json = System.Text.Json.JsonDocument.Parse(template);
        Assert.Equal(stream, json.RootElement.GetProperty("index_patterns")[0].GetString());
        var mappings = json.RootElement.GetProperty("template").GetProperty("mappings");
        // Nothing beyond the declared fields is mapped, and the refused document is one unindexed string.
        Assert.False(mappings.GetProperty("dynamic").GetBoolean());
        Assert.False(mappings.GetProperty("properties").GetProperty("original").GetProperty("index").GetBoolean());
        Assert.Contains($"/_index_template/{stream} template-quarantine.json", compiled.Graph.Documents.Single(d => d.Path == "elasticsearch/setup/setup.sh").Content, StringComparison.Ordinal);
    }
}
