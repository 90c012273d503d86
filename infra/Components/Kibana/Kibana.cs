using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>Kibana on the controlplane (ECK), connected to the logs Elasticsearch by reference.</summary>
public sealed class Kibana : IComponent
{
    public const string ComponentName = "Kibana";

    /// <summary>Kibana's HTTP port (ECK's service).</summary>
    public const int HttpPort = 5601;

    /// <summary>Name of the Kibana resource.</summary>
    public const string InstanceName = "kibana";

    public string Name => ComponentName;

    public Resource Instance { get; private set; } = null!;

    public void Build(StackContext context)
    {
        var settings = context.Settings;
        var elasticsearch = context.Component<Elasticsearch>();
        var container = ObjectValue.Of(("name", "kibana"), ("resources", KubernetesObjects.Resources("500m", "1Gi", "1Gi")));
        var podTemplate = ObjectValue.Of(("spec", ObjectValue.Of(("containers", ListValue.Of(container)))));
        Instance = context.CustomResources(ComponentName, "kibana", [ObjectValue.Of(
            ("apiVersion", "kibana.k8s.elastic.co/v1"),
            ("kind", "Kibana"),
            ("metadata", StackContext.Metadata(InstanceName, Namespaces.Elastic, "kibana")),
            ("spec", ObjectValue.Of(
                ("version", Pins.ElasticStack),
                ("count", settings.Get(SettingsCatalog.KibanaReplicas)),
                ("elasticsearchRef", ObjectValue.Of(("name", Elasticsearch.ClusterName))),
                ("podTemplate", podTemplate))))],
            stateful: false, elasticsearch.Cluster);
        context.AddWorkloads(Instance, group => EckWorkloads.Read(group, (name, obj) =>
            [EckWorkloads.Workload(ComponentName, $"{name}-kb", Footprint.ChartWorkloads.Deployment, "kibana", Footprint.ValueAccess.At(obj, "spec"))]));

        // ECK names Kibana's Deployment <name>-kb.
        context.AddRules(ComponentName, "kibana", [KibanaRules.Group($"{InstanceName}-kb")]);

        // ECK's operator checks Kibana's health.
        context.AddEdge(new NetworkEdge(Namespaces.Elastic, "allow-eck-operator", [], NetworkPeer.Pods(Namespaces.ElasticSystem), [HttpPort]));
    }
}
