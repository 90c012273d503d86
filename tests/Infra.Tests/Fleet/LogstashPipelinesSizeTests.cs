using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Fleet;

/// <summary>
/// ECK writes the Logstash resource's pipelines into one Secret, which Kubernetes caps at 1 MiB, and every
/// ConfigMap is capped the same: a generated fleet past the old limit (about 200 environments with the
/// configurations inline) compiles, its configurations spread over ConfigMaps each under the limit and
/// mounted where the pipelines read them; a list of pipelines too long for the Secret is refused with the
/// number of environments that fit.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class LogstashPipelinesSizeTests
{
    private const decimal Limit = Logstash.SecretLimitBytes * Logstash.PipelinesSecretShare;

    [Fact]
    public void AFleetPastTheInlineLimitCompilesWithItsConfigurationsSpreadOverConfigMaps()
    {
        const int environments = 300;
        using var fleet = new SyntheticFleet(environments, controlplane: new Dictionary<string, string>
        {
            [SettingsCatalog.LogstashMemory.Key] = Logstash.RequiredMemory(Logstash.PipelinesFor(environments)),
            [SettingsCatalog.LogCapacityShortfallAcknowledged.Key] = "true",
            [SettingsCatalog.LogstashStorageSize.Key] = "100Gi",
        });
        var compiled = fleet.Compile();
        var maps = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:core/v1:ConfigMap" && r.Component == Logstash.ComponentName).ToList();
        Assert.True(maps.Count > 1, $"{maps.Count} pipeline ConfigMaps for {environments} environments");
        var logstash = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:yaml/v2:ConfigGroup")
            .SelectMany(r => ((ListValue)r.Properties["objs"]!).Items.Cast<ObjectValue>()).Single(o => o["kind"] == new StringValue("Logstash"));
        var mounts = ((ListValue)logstash.At("spec.podTemplate.spec.containers")!).Items.Cast<ObjectValue>().First()["volumeMounts"] as ListValue;
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var map in maps)
        {
            var data = (ObjectValue)map.Properties["data"]!;
            var bytes = data.Entries.Sum(e => System.Text.Encoding.UTF8.GetByteCount(Infra.Components.DocumentText.Of(e.Value)));
            Assert.True(bytes <= Limit, $"{map.Name}: {bytes} bytes");
            var name = Text(map.Properties.At("metadata.name"));
            var mount = Assert.Single(mounts!.Items.Cast<ObjectValue>(), m => Text(m["name"]) == name);
            files.UnionWith(data.Entries.Select(e => $"{Text(mount["mountPath"])}/{e.Key}"));
        }

        // Every pipeline reads a file some ConfigMap provides, and the list stays under the Secret's limit.
        var pipelines = ((ListValue)logstash.At("spec.pipelines")!).Items.Cast<ObjectValue>().ToList();
        Assert.Equal(Logstash.PipelinesFor(environments), pipelines.Count);
        Assert.All(pipelines, p => Assert.Contains(Text(p["path.config"]), files));
        Assert.True(Logstash.PipelinesBytes([.. pipelines]) <= Limit);
    }

    [Fact]
    public void APipelineListOverTheSecretIsRefusedWithTheEnvironmentsThatFit()
    {
        // Entries of 1000 bytes: the controlplane's own, the environments', the dead-letter pipeline's.
        const int environments = 2000;
        var sizes = Enumerable.Repeat(1000, environments + 2).ToList();
        var problem = Logstash.PipelinesSizeProblem("cp", sizes, environments);
        Assert.NotNull(problem);
        var most = (int)((Limit - 2000) / 1000);
        Assert.Contains($"list at most {most} environments in {SettingsCatalog.Environments.Key}", problem, StringComparison.Ordinal);
        Assert.Null(Logstash.PipelinesSizeProblem("cp", sizes.Take(most + 2).ToList(), most));
        Assert.NotNull(Logstash.PipelinesSizeProblem("cp", sizes.Take(most + 3).ToList(), most + 1));
    }

    [Fact]
    public void ConfigurationsAreSplitBeforeAConfigMapOutgrowsTheLimit()
    {
        var sizes = Enumerable.Repeat(4500, 500).ToList();
        var chunks = Logstash.Chunks(sizes);
        Assert.All(chunks.GroupBy(c => c), g => Assert.True(g.Count() * 4500 <= Limit));
        Assert.Equal(Enumerable.Range(0, chunks.Max() + 1), chunks.Distinct());
        // Chunks are filled: each but the last could not take one more.
        Assert.All(chunks.GroupBy(c => c).SkipLast(1), g => Assert.True((g.Count() + 1) * 4500 > Limit));
    }

    private static string Text(Value? value) => value is StringValue s ? s.Text : throw new InvalidOperationException($"not a string: {value}");
}
