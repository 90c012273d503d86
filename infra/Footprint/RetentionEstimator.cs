using System.Globalization;
using Infra.Components;
using Infra.Config;
using Infra.Model;

namespace Infra.Footprint;

/// <summary>
/// Storage implied by the retention settings in the model, next to the volumes provisioned for it:
/// Prometheus (retentionSize × pods), Kafka topics (retention.bytes × partitions × replicas) and
/// Elasticsearch (the capacity model, <see cref="LogCapacity"/>).
/// </summary>
internal static class RetentionEstimator
{
    /// <summary>Elasticsearch's default <c>index.number_of_replicas</c> (1) when the model sets none.</summary>
    private const int ElasticsearchDefaultIndexReplicas = 1;

    public static IReadOnlyList<RetentionEstimate> Estimate(
        IReadOnlyList<WorkloadFootprint> workloads,
        IReadOnlyList<(string Component, ObjectValue Object)> objects,
        ResourceGraph graph,
        StackSettings settings,
        IReadOnlyList<EnvironmentFacts> environments,
        FootprintOptions options)
    {
        var estimates = new List<RetentionEstimate>();
        foreach (var chart in graph.Resources.Where(r => r.Type == FootprintCalculator.ChartType))
        {
            var spec = ValueAccess.At(chart.Properties, "values", "prometheus", "prometheusSpec");
            var prometheus = workloads.FirstOrDefault(w => w.Component == chart.Component && w.Name == "prometheus");
            if (spec is null || prometheus is null)
            {
                continue;
            }

            var size = ValueAccess.Text(spec, "retentionSize") is { Length: > 0 } text ? KubeQuantity.ParsePrometheusSize(text) : null;
            var pods = prometheus.Pods(options.Nodes);
            estimates.Add(new RetentionEstimate(prometheus.Component, "Prometheus TSDB",
                size is null
                    ? $"retentionSize not set: time-based only (retention {ValueAccess.Text(spec, "retention") ?? "chart default"})"
                    : $"retentionSize {ValueAccess.Text(spec, "retentionSize")} x {Pods(pods, "replica")}",
                size * pods, prometheus.StorageBytesPerPod * pods, $"{Pods(pods, "volume")} of {FootprintFormat.Bytes(prometheus.StorageBytesPerPod)}"));
        }

        foreach (var (component, topic) in objects.Where(o => Group(o.Object) == "kafka.strimzi.io" && ValueAccess.Text(o.Object, "kind") == "KafkaTopic"))
        {
            estimates.Add(KafkaTopic(component, topic, objects));
        }

        var elasticsearch = objects.Where(o => Group(o.Object) == "elasticsearch.k8s.elastic.co" && ValueAccess.Text(o.Object, "kind") == "Elasticsearch").ToList();
        foreach (var (component, cluster) in elasticsearch)
        {
            estimates.Add(Elasticsearch(component, cluster, graph, settings, environments));
        }

        return estimates;
    }

    private static RetentionEstimate KafkaTopic(string component, ObjectValue topic, IReadOnlyList<(string Component, ObjectValue Object)> objects)
    {
        var name = ValueAccess.Text(topic, "metadata", "name") ?? "unnamed";
        var cluster = ValueAccess.Text(topic, "metadata", "labels", "strimzi.io/cluster") ?? string.Empty;
        var partitions = ValueAccess.Count(topic, 1, "spec", "partitions");
        var replicas = ValueAccess.Count(topic, 1, "spec", "replicas");
        var bytes = ValueAccess.Number(topic, "spec", "config", "retention.bytes");

        // Space for the topic is on the brokers' volumes (broker-role node pools of its cluster).
        var brokerPools = objects
            .Select(o => o.Object)
            .Where(o => ValueAccess.Text(o, "kind") == "KafkaNodePool"
                && ValueAccess.Text(o, "metadata", "labels", "strimzi.io/cluster") == cluster
                && ValueAccess.List(o, "spec", "roles").OfType<StringValue>().Any(r => r.Text == "broker"))
            .ToList();
        var brokers = brokerPools.Sum(p => ValueAccess.Count(p, 0, "spec", "replicas"));
        var provisioned = brokerPools.Sum(p => ValueAccess.Count(p, 0, "spec", "replicas") * KafkaWorkloads.StrimziStorage(ValueAccess.At(p, "spec", "storage")));
        var formula = bytes is { } b && b >= 0
            ? $"retention.bytes {FootprintFormat.Bytes(b)} x {Pods(partitions, "partition")} x {Pods(replicas, "replica")}"
            : "retention.bytes not set: bounded by retention.ms only";
        return new RetentionEstimate(component, $"Kafka topic {name}", formula,
            bytes is { } v && v >= 0 ? v * partitions * replicas : null, provisioned, $"{Pods(brokers, "broker")}, {FootprintFormat.Bytes(provisioned)} in all");
    }

    private static RetentionEstimate Elasticsearch(string component, ObjectValue cluster, ResourceGraph graph, StackSettings settings, IReadOnlyList<EnvironmentFacts> environments)
    {
        var nodeSets = ValueAccess.List(cluster, "spec", "nodeSets");
        // Data nodes only: dedicated master-eligible nodes hold no shards.
        var dataSets = nodeSets.Where(n => !IsMasterOnly(n)).ToList();
        var nodes = dataSets.Sum(n => ValueAccess.Count(n, 0, "count"));
        var provisioned = dataSets.Sum(n => ValueAccess.Count(n, 0, "count") * ValueAccess.List(n, "volumeClaimTemplates")
            .Sum(v => ValueAccess.Quantity(v, "spec", "resources", "requests", "storage") ?? 0m));

        // Copies of each shard: the primary plus replicas, but a replica never shares a node with its primary.
        var indexReplicas = IndexReplicas(graph, component) ?? ElasticsearchDefaultIndexReplicas;
        var copies = 1 + Math.Min(indexReplicas, Math.Max(nodes - 1, 0));
        // The capacity model: every source's declared logVolumePerDay x (its retention + the rollover age) x copies.
        var model = LogCapacity.For(settings, environments);
        var rollover = settings.Get(SettingsCatalog.LogRolloverDays);
        var longest = model.Sources.Max(s => s.RetentionDays);
        var sourcesText = model.Sources.Count == 1
            ? $"{FootprintFormat.Bytes(model.BytesPerDay)}/day (logVolumePerDay) x ({longest} (logRetentionDays) + {rollover} (logRolloverDays)) days"
            : $"{model.Sources.Count} log sources' logVolumePerDay x (their logRetentionDays + {rollover} (logRolloverDays)) days ({FootprintFormat.Bytes(model.BytesPerDay)}/day in all, from their stack files)";
        // Usable: the filesystem below the low disk watermark and the disk warning alert, and after losing a data node
        // or a zone, below the survivors' high watermark (the capacity model): the smallest of these.
        var usable = decimal.Round(model.EffectiveUsableBytes(nodes));
        var losses = model.LossesAt(nodes);
        var lossText = losses.Count == 0 ? string.Empty : $", also after losing {string.Join(" or ", losses.Select(l => l.What))} (below the survivors' {FootprintFormat.Plain(LogCapacity.HighWatermark * 100)}% high watermark)";
        return new RetentionEstimate(component, $"Elasticsearch {ValueAccess.Text(cluster, "metadata", "name")}",
            $"{sourcesText} x {copies} {(copies == 1 ? "copy" : "copies")}",
            decimal.Round(model.NeededBytes(copies)), provisioned,
            $"{Pods(nodes, "data node")}, {FootprintFormat.Bytes(provisioned)} in all, {FootprintFormat.Bytes(usable)} usable: {FootprintFormat.Plain(LogCapacity.FilesystemShare * 100)}% of each volume is filesystem, filled to {FootprintFormat.Plain(model.SteadyFill * 100)}% (the low disk watermark or the disk warning alert){lossText}")
        {
            UsableBytes = usable,
        };
    }

    /// <summary>A node set whose nodes have only the master role (no data).</summary>
    public static bool IsMasterOnly(Value nodeSet) =>
        ValueAccess.At(nodeSet, "config") is ObjectValue config
        && config.Entries.FirstOrDefault(e => e.Key == "node.roles").Value is ListValue roles
        && roles.Items.OfType<StringValue>().All(r => r.Text == "master");

    /// <summary>An index replica count the component sets anywhere (index template, ILM ...), if any.</summary>
    private static int? IndexReplicas(ResourceGraph graph, string component) =>
        graph.ByComponent(component)
            .SelectMany(r => r.Properties.DescendantsAndSelf().OfType<ObjectValue>())
            .SelectMany(o => o.Entries)
            .Where(e => e.Key is "number_of_replicas" or "index.number_of_replicas")
            .Select(e => ValueAccess.Count(ObjectValue.Of((e.Key, e.Value)), -1, e.Key))
            .Where(n => n >= 0)
            .Select(n => (int?)n)
            .FirstOrDefault();

    private static string Group(ObjectValue obj)
    {
        var apiVersion = ValueAccess.Text(obj, "apiVersion") ?? string.Empty;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? string.Empty : apiVersion[..slash];
    }

    private static string Pods(int count, string noun) => $"{count} {noun}{(count == 1 ? string.Empty : "s")}";
}
