using Infra.Model;

namespace Infra.Components;

/// <summary>Kibana on the controlplane (ECK), connected to the logs Elasticsearch by reference.</summary>
public sealed class Kibana
{
    public const string ComponentName = "Kibana";

    public Kibana(StackContext context, Elasticsearch elasticsearch)
    {
        var settings = context.Settings;
        Instance = context.CustomResources(ComponentName, "kibana", [ObjectValue.Of(
            ("apiVersion", "kibana.k8s.elastic.co/v1"),
            ("kind", "Kibana"),
            ("metadata", StackContext.Metadata("kibana", Namespaces.Elastic, "kibana")),
            ("spec", ObjectValue.Of(
                ("version", Pins.ElasticStack),
                ("count", settings.IsProduction ? 2 : 1),
                ("elasticsearchRef", ObjectValue.Of(("name", Elasticsearch.ClusterName))),
                ("podTemplate", ObjectValue.Of(("spec", ObjectValue.Of(("containers", ListValue.Of(ObjectValue.Of(
                    ("name", "kibana"),
                    ("resources", ObjectValue.Of(
                        ("requests", ObjectValue.Of(("cpu", "500m"), ("memory", "1Gi"))),
                        ("limits", ObjectValue.Of(("memory", "1Gi")))))))))))))))],
            elasticsearch.Operator, stateful: false, elasticsearch.Cluster);
    }

    public Resource Instance { get; }
}
