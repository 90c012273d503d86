using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Logs;

/// <summary>
/// Logstash's bulk requests go to the data nodes only: its Elasticsearch reference names a Service that selects
/// the pods ECK labels as data nodes, never the dedicated masters, and ECK's HTTP certificate carries that
/// Service's names so Logstash's host verification holds.
/// </summary>
public sealed class IngestServiceTests
{
    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void LogstashWritesThroughTheDataNodesOnly(string controlplane)
    {
        var objects = new PipelineObjects(controlplane);
        var reference = Assert.Single(((ListValue)objects.Single("Logstash").At("spec.elasticsearchRefs")!).Items.Cast<ObjectValue>());
        var serviceName = PipelineObjects.Text(reference["serviceName"]);

        var service = Assert.Single(objects.Compiled.Graph.Resources, r => r.Type == "kubernetes:core/v1:Service"
            && r.Properties.At("metadata.name") is StringValue { } name && name.Text == serviceName);
        Assert.Equal(new StringValue(Namespaces.Elastic), service.Properties.At("metadata.namespace"));
        var selector = (ObjectValue)service.Properties.At("spec.selector")!;
        Assert.Equal(new StringValue("true"), selector[Elasticsearch.DataNodeLabel]);
        Assert.Equal(new StringValue(Elasticsearch.ClusterName), selector["elasticsearch.k8s.elastic.co/cluster-name"]);
        Assert.Contains(((ListValue)service.Properties.At("spec.ports")!).Items.Cast<ObjectValue>(), p => p["port"] == new NumberValue(Elasticsearch.HttpPort));

        // Every node set that holds data is selected; a dedicated master node set (roles without data) is not.
        var cluster = objects.Single("Elasticsearch");
        foreach (var nodeSet in ((ListValue)cluster.At("spec.nodeSets")!).Items.Cast<ObjectValue>())
        {
            var roles = nodeSet.At("config") is ObjectValue config && config["node.roles"] is ListValue list
                ? list.Items.Cast<StringValue>().Select(v => v.Text).ToList()
                : null; // no node.roles: every role, data included
            if (roles is not null && !roles.Contains("data"))
            {
                Assert.Equal(["master"], roles);
            }
        }

        // ECK's self-signed HTTP certificate covers its own Services only: it must name this one too.
        var names = ((ListValue)cluster.At("spec.http.tls.selfSignedCertificate.subjectAltNames")!).Items.Cast<ObjectValue>()
            .Select(n => PipelineObjects.Text(n["dns"])).ToList();
        Assert.Contains($"{serviceName}.{Namespaces.Elastic}.svc", names);
        Assert.Contains($"{serviceName}.{Namespaces.Elastic}.svc.cluster.local", names);
    }
}
