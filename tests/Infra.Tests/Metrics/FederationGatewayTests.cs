using System.Globalization;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Metrics;

/// <summary>The federation gateway's Deployment: what its container runs and mounts, and where its replicas go.</summary>
public sealed class FederationGatewayTests
{
    public static TheoryData<string> Environments() => Stacks.Data(StackRole.Environment);

    [Theory]
    [MemberData(nameof(Environments))]
    public void TheContainerRunsTheRenderedWrapperOverWholeVolumesItWatches(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var script = compiled.Graph.Documents.Single(d => d.Path == FederationGateway.ScriptDocument).Content;
        var container = (ObjectValue)((ListValue)compiled.Graph["federation-gateway"].Properties.At("spec.template.spec.containers")!).Items.Single();

        // The rendered document is exactly what the pod runs.
        Assert.Equal(ListValue.Strings(["/bin/sh", "-c", script]), container["command"], ValueComparer.Instance);

        // A subPath mount is a copy the kubelet never updates: every volume is mounted whole.
        var mounts = ((ListValue)container["volumeMounts"]!).Items.Cast<ObjectValue>().ToList();
        Assert.All(mounts, m => Assert.Null(m["subPath"]));

        // nginx reads its configuration from the mounted ConfigMap, its certificate, key and password
        // files (one per user) from mounted Secrets; the wrapper watches them all.
        Assert.Contains("-c \"$config\"", script, StringComparison.Ordinal);
        Assert.Contains($"config={FederationGateway.ConfigPath}\n", script, StringComparison.Ordinal);
        var config = compiled.Graph.Documents.Single(d => d.Path == "prometheus/federation-gateway.conf").Content;
        var watched = script.Split('\n').Single(l => l.StartsWith("watched=", StringComparison.Ordinal));
        Assert.Contains("$config", watched, StringComparison.Ordinal);
        foreach (var path in new[] { FederationGateway.CertificatePath, FederationGateway.KeyPath, FederationGateway.FederateHtpasswdPath, FederationGateway.GrafanaHtpasswdPath })
        {
            Assert.Contains($" {path};", config, StringComparison.Ordinal);
            Assert.Contains(path, watched, StringComparison.Ordinal);
        }

        foreach (var path in new[] { FederationGateway.ConfigPath, FederationGateway.CertificatePath, FederationGateway.KeyPath, FederationGateway.FederateHtpasswdPath, FederationGateway.GrafanaHtpasswdPath })
        {
            Assert.Contains(mounts, m => path.StartsWith(((StringValue)m["mountPath"]!).Text + "/", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ReplicasRunOnDifferentNodesSpreadOverZonesAndKeepOneAvailable(int replicas)
    {
        var environment = Stacks.Of(StackRole.Environment).First();
        var compiled = Stacks.CompileWith(environment, new Dictionary<string, string>
        {
            [SettingsCatalog.FederationGatewayReplicas.Key] = replicas.ToString(CultureInfo.InvariantCulture),
        });
        var deployment = compiled.Graph["federation-gateway"].Properties;
        var labels = deployment.At("spec.selector.matchLabels");
        var pod = (ObjectValue)deployment.At("spec.template.spec")!;

        var spread = (ObjectValue)Assert.Single(((ListValue)pod["topologySpreadConstraints"]!).Items);
        Assert.Equal(new StringValue("topology.kubernetes.io/zone"), spread["topologyKey"]);
        Assert.Equal(new StringValue("ScheduleAnyway"), spread["whenUnsatisfiable"]);
        Assert.Equal(labels, spread.At("labelSelector.matchLabels"), ValueComparer.Instance);

        var pdb = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:policy/v1:PodDisruptionBudget" && r.Properties.At("metadata.name") == new StringValue(FederationGateway.Name)).ToList();
        if (replicas == 1)
        {
            Assert.Null(pod["affinity"]);
            Assert.Empty(pdb);
            return;
        }

        var term = (ObjectValue)Assert.Single(((ListValue)pod.At("affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution")!).Items);
        Assert.Equal(new StringValue("kubernetes.io/hostname"), term["topologyKey"]);
        Assert.Equal(labels, term.At("labelSelector.matchLabels"), ValueComparer.Instance);
        Assert.Equal(labels, Assert.Single(pdb).Properties.At("spec.selector.matchLabels"), ValueComparer.Instance);
        // A surge pod could find every node taken by a replica: roll by replacing one pod at a time.
        Assert.Equal((Value)0, deployment.At("spec.strategy.rollingUpdate.maxSurge"), ValueComparer.Instance);
        Assert.Equal((Value)1, deployment.At("spec.strategy.rollingUpdate.maxUnavailable"), ValueComparer.Instance);
    }
}
