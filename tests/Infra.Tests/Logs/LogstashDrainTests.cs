using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Logs;

/// <summary>
/// A Logstash pipeline that stops (an environment removed, a pod scaled away or rolled) empties its persisted queue,
/// whose events' Kafka offsets are already committed, before the pod is killed (docs/day-2-operations.md).
/// </summary>
public sealed class LogstashDrainTests
{
    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void EveryPipelineDrainsItsQueueOnStopWithinThePodsGracePeriod(string id)
    {
        var logstash = new PipelineObjects(id).Single("Logstash");
        var pipelines = ValueAccess.List(logstash, "spec", "pipelines");
        Assert.NotEmpty(pipelines);
        Assert.All(pipelines, p => Assert.True(ValueAccess.At(p, "queue.drain") is BoolValue { Flag: true }, $"{ValueAccess.Text(p, "pipeline.id")}: no queue.drain"));

        // Longer than the kubelet's default 30 s, which would kill a draining pod.
        var grace = ValueAccess.Count(logstash, 30, "spec", "podTemplate", "spec", "terminationGracePeriodSeconds");
        Assert.True(grace >= Logstash.DrainGraceSeconds && grace > 30, $"terminationGracePeriodSeconds {grace}");
    }
}
