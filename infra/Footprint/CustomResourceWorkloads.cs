using Infra.Model;

namespace Infra.Footprint;

/// <summary>
/// Workloads that operators create from custom resources declared in ConfigGroups: Strimzi
/// (Kafka, KafkaNodePool) and ECK (Elasticsearch, Kibana, Logstash). Other kinds have no pods.
/// </summary>
internal static class CustomResourceWorkloads
{
    public static IEnumerable<WorkloadFootprint> Read(string component, ObjectValue obj, IReadOnlyDictionary<string, ObjectValue> kafkaClusters)
    {
        var name = ValueAccess.Text(obj, "metadata", "name") ?? "unnamed";
        var spec = ValueAccess.At(obj, "spec");
        return (Group(obj), ValueAccess.Text(obj, "kind")) switch
        {
            ("kafka.strimzi.io", "Kafka") => Kafka(component, name, spec),
            ("kafka.strimzi.io", "KafkaNodePool") => [NodePool(component, name, obj, spec, kafkaClusters)],
            ("elasticsearch.k8s.elastic.co", "Elasticsearch") => ValueAccess.List(spec, "nodeSets").Select(nodeSet =>
                EckWorkload(component, $"{name}-es-{ValueAccess.Text(nodeSet, "name")}", "StatefulSet", "elasticsearch", nodeSet)),
            ("kibana.k8s.elastic.co", "Kibana") => [EckWorkload(component, $"{name}-kb", "Deployment", "kibana", spec)],
            ("logstash.k8s.elastic.co", "Logstash") => [EckWorkload(component, $"{name}-ls", "StatefulSet", "logstash", spec)],
            ("apps", var kind) when kind is not null && NativeWorkloads.Kinds.Contains(kind) => [NativeWorkloads.Read(component, kind, obj)],
            _ => [],
        };
    }

    public static string Group(ObjectValue obj)
    {
        var apiVersion = ValueAccess.Text(obj, "apiVersion") ?? string.Empty;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? string.Empty : apiVersion[..slash];
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
                yield return new(component, $"{name}-entity-operator", "Deployment", 1, containers, []);
            }
        }

        foreach (var (key, suffix) in new[] { ("kafkaExporter", "kafka-exporter"), ("cruiseControl", "cruise-control") })
        {
            if (ValueAccess.Object(spec, key) is { } part)
            {
                yield return new(component, $"{name}-{suffix}", "Deployment", 1, [ContainerFootprint.FromResources(suffix, part["resources"])], []);
            }
        }
    }

    private static WorkloadFootprint NodePool(string component, string name, ObjectValue obj, Value? spec, IReadOnlyDictionary<string, ObjectValue> kafkaClusters)
    {
        var cluster = ValueAccess.Text(obj, "metadata", "labels", "strimzi.io/cluster") ?? string.Empty;

        // A node pool without resources takes the Kafka resource's spec.kafka.resources.
        var resources = ValueAccess.At(spec, "resources")
            ?? (kafkaClusters.TryGetValue(cluster, out var kafka) ? ValueAccess.At(kafka, "spec", "kafka", "resources") : null);
        var roles = ValueAccess.List(spec, "roles").OfType<StringValue>().Select(r => r.Text);
        var storage = StrimziStorage(ValueAccess.At(spec, "storage"));
        return new(component, $"{cluster}-{name} ({string.Join(", ", roles)})", "StrimziPodSet", ValueAccess.Count(spec, 0, "replicas"),
            [ContainerFootprint.FromResources("kafka", resources)],
            storage > 0 ? [new VolumeFootprint("data", storage)] : []);
    }

    /// <summary>An ECK workload: <c>count</c> pods (default 1) of the pod template's containers, the main one always listed.</summary>
    private static WorkloadFootprint EckWorkload(string component, string name, string kind, string mainContainer, Value? spec)
    {
        var containers = ValueAccess.List(spec, "podTemplate", "spec", "containers")
            .Select(c => ContainerFootprint.FromResources(ValueAccess.Text(c, "name") ?? "unnamed", ValueAccess.At(c, "resources")))
            .ToList();
        if (containers.All(c => c.Name != mainContainer))
        {
            containers.Insert(0, ContainerFootprint.FromResources(mainContainer, null));
        }

        var volumes = ValueAccess.List(spec, "volumeClaimTemplates")
            .Select(v => new VolumeFootprint(ValueAccess.Text(v, "metadata", "name") ?? "data", ValueAccess.Quantity(v, "spec", "resources", "requests", "storage") ?? 0m))
            .ToList();
        return new(component, name, kind, ValueAccess.Count(spec, 1, "count"), containers, volumes);
    }
}
