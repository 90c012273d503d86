using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Elasticsearch on the controlplane through the ECK operator: one node set of all-role nodes on
/// persistent volumes, TLS by ECK, and the Elasticsearch exporter for its metrics.
/// </summary>
public sealed class Elasticsearch
{
    public const string ComponentName = "Elasticsearch";
    public const string OperatorRelease = "eck-operator";
    public const string ClusterName = "logs";

    public Elasticsearch(StackContext context, KubePrometheus kubePrometheus)
    {
        var settings = context.Settings;
        var operatorNs = context.Namespace(Namespaces.ElasticSystem, ComponentName, "restricted", holdsData: false);
        var release = new HelmRelease(ComponentName, OperatorRelease, Pins.EckOperator, operatorNs, Namespaces.ElasticSystem);
        foreach (var group in new[] { "elasticsearch.k8s.elastic.co", "kibana.k8s.elastic.co", "logstash.k8s.elastic.co" })
        {
            release.ProvidesApiGroups.Add(group);
        }

        // The operator's ServiceMonitor needs the monitoring CRDs.
        release.DependsOn.Add(kubePrometheus.Chart);
        release.Wire(ObjectValue.Of(("installCRDs", true)));
        Operator = release.Build(context);

        Namespace = context.Namespace(Namespaces.Elastic, ComponentName, "baseline", holdsData: true);
        var storageClass = settings.Get(SettingsCatalog.StorageClass);
        var memory = settings.IsProduction ? "8Gi" : "2Gi";
        var resources = ObjectValue.Of(
            ("requests", ObjectValue.Of(("cpu", settings.IsProduction ? "2" : "500m"), ("memory", memory))),
            ("limits", ObjectValue.Of(("memory", memory))));
        var podTemplate = ObjectValue.Of(("spec", ObjectValue.Of(("containers", ListValue.Of(
            ObjectValue.Of(("name", "elasticsearch"), ("resources", resources)))))));
        var volumeClaim = ObjectValue.Of(
            ("metadata", ObjectValue.Of(("name", "elasticsearch-data"))),
            ("spec", ObjectValue.Of(
                ("accessModes", ListValue.Of("ReadWriteOnce")),
                ("storageClassName", storageClass.Length == 0 ? null : storageClass),
                ("resources", ObjectValue.Of(("requests", ObjectValue.Of(
                    ("storage", settings.Get(SettingsCatalog.ElasticsearchStorageSize)))))))));
        var nodeSet = ObjectValue.Of(
            ("name", "default"),
            ("count", settings.Get(SettingsCatalog.ElasticsearchNodes)),
            // No mmap: no privileged sysctl init container needed.
            ("config", ObjectValue.Of(("node.store.allow_mmap", false))),
            ("podTemplate", podTemplate),
            ("volumeClaimTemplates", ListValue.Of(volumeClaim)));
        var cluster = ObjectValue.Of(
            ("apiVersion", "elasticsearch.k8s.elastic.co/v1"),
            ("kind", "Elasticsearch"),
            ("metadata", StackContext.Metadata(ClusterName, Namespaces.Elastic, "elasticsearch")),
            ("spec", ObjectValue.Of(
                ("version", Pins.ElasticStack),
                ("nodeSets", ListValue.Of(nodeSet)))));
        Cluster = context.CustomResources(ComponentName, "elasticsearch-cluster", [cluster], Operator, stateful: true, Namespace);
    }

    public Resource Operator { get; }

    public Resource Namespace { get; }

    public Resource Cluster { get; }

    /// <summary>HTTPS service ECK creates for the cluster.</summary>
    public static string HttpService => $"{ClusterName}-es-http.{Namespaces.Elastic}.svc";
}
