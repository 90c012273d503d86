using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Default-deny ingress in every platform namespace, then only the edges the platform needs: Fluent Bit
/// and Logstash to Kafka (Strimzi's own policies, restricted by the listener's peers), Logstash, Kibana
/// and Grafana to Elasticsearch, Grafana to Prometheus, Prometheus to every metrics port, the ECK operator
/// to what it manages, and the public endpoints (federation gateway, Kafka external listener).
/// Egress stays open: operators need the API server, whose address differs per cluster.
/// </summary>
public static class NetworkPolicies
{
    public const string Component = Platform.ComponentName;

    public static void Declare(StackContext context)
    {
        var controlplane = context.Settings.Role == StackRole.Controlplane;
        var namespaces = new List<string> { Namespaces.Monitoring, Namespaces.Logging };
        if (controlplane)
        {
            namespaces.AddRange([Namespaces.ElasticSystem, Namespaces.Elastic]);
        }

        foreach (var ns in namespaces)
        {
            Policy(context, ns, "default-deny-ingress", ObjectValue.Empty, []);
        }

        // monitoring: its own pods talk freely (Prometheus, Alertmanager, operator, gateway, kube-state-metrics).
        Policy(context, Namespaces.Monitoring, "allow-within-namespace", ObjectValue.Empty, [From(Pods(ObjectValue.Empty))]);
        if (!controlplane)
        {
            Policy(context, Namespaces.Monitoring, "allow-federation-gateway", Match(("app.kubernetes.io/name", FederationGateway.Name)),
                [ObjectValue.Of(("ports", Ports(FederationGateway.TlsPort)))]);
        }

        // logging: only Prometheus scrapes in; Kafka's listeners are opened by Strimzi's generated policies.
        Policy(context, Namespaces.Logging, "allow-prometheus-scrape", ObjectValue.Empty,
            [ObjectValue.Of(("from", ListValue.Of(Prometheus())), ("ports", Ports(2020, 9404, Logstash.ExporterPort, 8080)))]);

        if (controlplane)
        {
            Policy(context, Namespaces.Monitoring, "allow-grafana-to-prometheus", Match(("app.kubernetes.io/name", "prometheus")),
                [ObjectValue.Of(("from", ListValue.Of(NamespacedPods(Namespaces.Elastic, ("app.kubernetes.io/name", "grafana")))), ("ports", Ports(9090)))]);
            Policy(context, Namespaces.Elastic, "allow-within-namespace", ObjectValue.Empty, [From(Pods(ObjectValue.Empty))]);
            Policy(context, Namespaces.Elastic, "allow-logstash-to-elasticsearch", Match(("elasticsearch.k8s.elastic.co/cluster-name", Elasticsearch.ClusterName)),
                [ObjectValue.Of(("from", ListValue.Of(NamespacedPods(Namespaces.Logging, ("app.kubernetes.io/name", Logstash.Name)))), ("ports", Ports(9200)))]);
            Policy(context, Namespaces.Elastic, "allow-eck-operator", ObjectValue.Empty,
                [ObjectValue.Of(("from", ListValue.Of(NamespacedPods(Namespaces.ElasticSystem))), ("ports", Ports(9200, 5601, 9600)))]);
            Policy(context, Namespaces.Elastic, "allow-prometheus-scrape", ObjectValue.Empty,
                [ObjectValue.Of(("from", ListValue.Of(Prometheus())), ("ports", Ports(Elasticsearch.ExporterPort, 3000 /* Grafana's container port */)))]);
            Policy(context, Namespaces.Logging, "allow-eck-operator-to-logstash", Match(("app.kubernetes.io/name", Logstash.Name)),
                [ObjectValue.Of(("from", ListValue.Of(NamespacedPods(Namespaces.ElasticSystem))), ("ports", Ports(9600)))]);
            // The API server calls ECK's validating webhook; its source address is not known in advance.
            Policy(context, Namespaces.ElasticSystem, "allow-webhook", ObjectValue.Empty, [ObjectValue.Of(("ports", Ports(9443)))]);
            Policy(context, Namespaces.ElasticSystem, "allow-prometheus-scrape", ObjectValue.Empty,
                [ObjectValue.Of(("from", ListValue.Of(Prometheus())), ("ports", Ports(8080)))]);
        }
    }

    private static void Policy(StackContext context, string ns, string name, ObjectValue podSelector, IReadOnlyList<ObjectValue> ingress)
    {
        var @namespace = context.Namespace(ns, Component, "restricted", holdsData: false);
        context.Kubernetes(Component, $"{ns}-{name}", "kubernetes:networking.k8s.io/v1:NetworkPolicy", ObjectValue.Of(
            ("metadata", StackContext.Metadata(name, ns, "network-policy")),
            ("spec", ObjectValue.Of(
                ("podSelector", podSelector),
                ("policyTypes", ListValue.Of("Ingress")),
                ("ingress", ListValue.Of(ingress.Cast<Value>()))))), false, @namespace);
    }

    private static ObjectValue Match(params (string Key, Value? Value)[] labels) => ObjectValue.Of(("matchLabels", ObjectValue.Of(labels)));

    private static ObjectValue From(ObjectValue peer) => ObjectValue.Of(("from", ListValue.Of(peer)));

    private static ObjectValue Pods(ObjectValue selector) => ObjectValue.Of(("podSelector", selector));

    private static ObjectValue NamespacedPods(string ns, params (string Key, Value? Value)[] labels) => ObjectValue.Of(
        ("namespaceSelector", Match(("kubernetes.io/metadata.name", ns))),
        ("podSelector", labels.Length == 0 ? ObjectValue.Empty : Match(labels)));

    private static ObjectValue Prometheus() => NamespacedPods(Namespaces.Monitoring, ("app.kubernetes.io/name", "prometheus"));

    private static ListValue Ports(params int[] ports) =>
        ListValue.Of(ports.Select(p => (Value)ObjectValue.Of(("protocol", "TCP"), ("port", p))));
}
