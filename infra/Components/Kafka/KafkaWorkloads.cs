using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Kafka's pods: the Strimzi operator (from its chart's values), and what Strimzi makes of the custom
/// resources: broker and controller pods per node pool, the entity operator, Kafka Exporter.
/// </summary>
internal static class KafkaWorkloads
{
    public static IEnumerable<WorkloadFootprint> Operator(Resource chart)
    {
        var values = ChartWorkloads.Values(chart);
        return [new(chart.Component, $"{ChartWorkloads.Release(chart)}-cluster-operator", ChartWorkloads.Deployment,
            ValueAccess.Count(values, ChartDefaults.StrimziReplicas, "replicas"),
            [ContainerFootprint.FromResources("strimzi-cluster-operator", ValueAccess.Overlay(ChartDefaults.StrimziResources, values["resources"]))], [])];
    }

    /// <summary>The pods of the Kafka, KafkaNodePool objects of a ConfigGroup.</summary>
    public static IEnumerable<WorkloadFootprint> Cluster(Resource group)
    {
        var objects = ValueAccess.List(group.Properties, "objs").OfType<ObjectValue>().ToList();
        var clusters = objects.Where(o => ValueAccess.Text(o, "kind") == "Kafka")
            .ToDictionary(o => ValueAccess.Text(o, "metadata", "name") ?? string.Empty, StringComparer.Ordinal);
        foreach (var obj in objects)
        {
            var name = ValueAccess.Text(obj, "metadata", "name") ?? "unnamed";
            var spec = ValueAccess.At(obj, "spec");
            var workloads = ValueAccess.Text(obj, "kind") switch
            {
                "Kafka" => Kafka(group.Component, name, spec),
                "KafkaNodePool" => [NodePool(group.Component, name, obj, spec, clusters)],
                _ => [],
            };
            foreach (var workload in workloads)
            {
                yield return workload;
            }
        }
    }

    /// <summary>Bytes of a Strimzi storage spec: persistent-claim size, or the sum of a JBOD's persistent volumes.</summary>
    public static decimal StrimziStorage(Value? storage) => ValueAccess.Text(storage, "type") switch
    {
        "persistent-claim" => ValueAccess.Quantity(storage, "size") ?? 0m,
        "jbod" => ValueAccess.List(storage, "volumes").Sum(StrimziStorage),
        _ => 0m,
    };

    private static IEnumerable<WorkloadFootprint> Kafka(string component, string name, Value? spec)
    {
        // Strimzi's entity operator runs the topic and user operators as two containers of one pod.
        var entity = ValueAccess.Object(spec, "entityOperator");
        if (entity is not null)
        {
            var containers = new List<ContainerFootprint>();
            foreach (var (key, container) in new[] { ("topicOperator", "topic-operator"), ("userOperator", "user-operator") })
            {
                if (entity[key] is ObjectValue part)
                {
                    containers.Add(ContainerFootprint.FromResources(container, part["resources"]));
                }
            }

            if (containers.Count > 0)
            {
                yield return new(component, $"{name}-entity-operator", ChartWorkloads.Deployment, 1, containers, []);
            }
        }

        foreach (var (key, suffix) in new[] { ("kafkaExporter", "kafka-exporter"), ("cruiseControl", "cruise-control") })
        {
            if (ValueAccess.Object(spec, key) is { } part)
            {
                yield return new(component, $"{name}-{suffix}", ChartWorkloads.Deployment, 1, [ContainerFootprint.FromResources(suffix, part["resources"])], []);
            }
        }
    }

    private static WorkloadFootprint NodePool(string component, string name, ObjectValue obj, Value? spec, Dictionary<string, ObjectValue> clusters)
    {
        var cluster = ValueAccess.Text(obj, "metadata", "labels", "strimzi.io/cluster") ?? string.Empty;

        // A node pool without resources takes the Kafka resource's spec.kafka.resources.
        var resources = ValueAccess.At(spec, "resources")
            ?? (clusters.TryGetValue(cluster, out var kafka) ? ValueAccess.At(kafka, "spec", "kafka", "resources") : null);
        var roles = ValueAccess.List(spec, "roles").OfType<StringValue>().Select(r => r.Text);
        var storage = StrimziStorage(ValueAccess.At(spec, "storage"));
        return new(component, $"{cluster}-{name} ({string.Join(", ", roles)})", "StrimziPodSet", ValueAccess.Count(spec, 0, "replicas"),
            [ContainerFootprint.FromResources("kafka", resources)],
            storage > 0 ? [new VolumeFootprint("data", storage)] : [])
        {
            // Strimzi makes one PodDisruptionBudget for the cluster's Kafka pods (maxUnavailable 1 unless the template changes it).
            Spread = Placement.Read(ValueAccess.At(spec, "template", "pod"), disruptionBudget: true),
        };
    }
}
