using Infra.Model;

namespace Infra.Components;

/// <summary>Kibana on the controlplane (ECK), connected to the logs Elasticsearch by reference.</summary>
public sealed class Kibana : IComponent<Resource>
{
    public const string ComponentName = "Kibana";

    /// <summary>Kibana's HTTP port (ECK's service).</summary>
    public const int HttpPort = 5601;

    /// <summary>Name of the Kibana resource.</summary>
    public const string InstanceName = "kibana";

    public string Name => ComponentName;

    /// <summary>Labels ECK puts on the Kibana pods.</summary>
    public static ObjectValue Pods { get; } = ObjectValue.Of(("kibana.k8s.elastic.co/name", "kibana"));

    private readonly KibanaArgs _args;
    private readonly ElasticsearchResources _elasticsearch;

    /// <param name="args">Its settings.</param>
    /// <param name="elasticsearch">The logs Elasticsearch Kibana is connected to.</param>
    public Kibana(KibanaArgs args, ElasticsearchResources elasticsearch)
    {
        _args = args;
        _elasticsearch = elasticsearch;
    }

    /// <summary>Declares Kibana and returns its resource (the setup Job and the sign-in proxies start after it).</summary>
    public Resource Build(StackContext context)
    {
        var elasticsearch = _elasticsearch;
        var replicas = _args.Replicas;
        var container = ObjectValue.Of(("name", "kibana"), ("resources", KubernetesObjects.Resources(_args.Cpu, _args.Memory, _args.Memory)),
            ("securityContext", KubernetesObjects.RestrictedWritableContainerSecurity()));
        var podTemplate = ObjectValue.Of(("spec", ObjectValue.Of(
            ("securityContext", KubernetesObjects.RestrictedPodSecurity()),
            ("affinity", replicas > 1 ? Placement.OnePerNode(Pods) : null),
            ("topologySpreadConstraints", replicas > 1 ? Placement.AcrossZones(Pods) : null),
            ("containers", ListValue.Of(container)))));
        var instance = context.CustomResources(ComponentName, "kibana", [ObjectValue.Of(
            ("apiVersion", "kibana.k8s.elastic.co/v1"),
            ("kind", "Kibana"),
            ("metadata", StackContext.Metadata(InstanceName, Namespaces.Elastic, "kibana")),
            ("spec", ObjectValue.Of(
                ("version", Pins.ElasticStack),
                ("count", replicas),
                ("elasticsearchRef", ObjectValue.Of(("name", Elasticsearch.ClusterName))),
                // The address people use (behind the Ingress): Kibana's own links and redirects point there.
                ("config", ObjectValue.Of(("server.publicBaseUrl", $"https://{_args.Host}"))),
                ("podTemplate", podTemplate))))],
            stateful: false, elasticsearch.Cluster);
        // ECK makes no PodDisruptionBudget for Kibana.
        var budget = replicas > 1 ? Placement.DisruptionBudget(context, ComponentName, "kibana-pdb", "kibana", Namespaces.Elastic, "kibana", Pods) : null;
        EckWorkloads.Register(context, instance, ComponentName, "kb", ChartWorkloads.Deployment, "kibana", budget is not null);

        // ECK names Kibana's Deployment <name>-kb.
        context.AddRules(ComponentName, "kibana", [KibanaRules.Group($"{InstanceName}-kb")]);

        // ECK's operator checks Kibana's health.
        context.AddEdge(new NetworkEdge(Namespaces.Elastic, "allow-eck-operator", [], NetworkPeer.Pods(Namespaces.ElasticSystem), [HttpPort]));
        context.AddEdge(new NetworkEdge(Namespaces.Elastic, "allow-kibana-to-elasticsearch", Elasticsearch.Nodes,
            NetworkPeer.Pods(Namespaces.Elastic, [.. Pods.Entries.Select(e => (e.Key, ((StringValue)e.Value).Text))]), [Elasticsearch.HttpPort]));
        return instance;
    }
}
