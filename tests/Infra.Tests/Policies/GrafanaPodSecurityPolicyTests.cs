using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests.Policies;

/// <summary>
/// Grafana's pods are the chart's, not the program's, so PodSecurityPolicyTests does not see them: here its
/// rendered values over the pinned chart's defaults (../shared/charts) give the restricted profile's fields on
/// every container the chart makes, and no root init container (initChownData) next to Elasticsearch; the
/// data volume gets Grafana's group from the pod's fsGroup instead.
/// </summary>
public sealed class GrafanaPodSecurityPolicyTests
{
    public static TheoryData<string> Controlplanes() => Stacks.Data(Infra.Config.StackRole.Controlplane);

    [SharedTheory]
    [MemberData(nameof(Controlplanes))]
    public void GrafanasChartPodsRunAsNonRootWithoutTheRootInitContainer(string stack)
    {
        var values = GraphTests.ChartValues(Stacks.Compile(stack), Grafana.ReleaseName);
        var defaults = Defaults();
        Value? At(string path) => values.At(path) ?? defaults.At(path);

        // The init container that chowns the volume as root is off, and the volume still gets Grafana's group.
        Assert.Equal(new BoolValue(false), At("initChownData.enabled"));
        Assert.Equal(new BoolValue(true), At("persistence.enabled"));
        Assert.Equal(new BoolValue(true), At("securityContext.runAsNonRoot"));
        Assert.NotNull(At("securityContext.fsGroup"));

        // Grafana's container and the dashboard sidecar: restricted's container fields.
        foreach (var container in new[] { "containerSecurityContext", "sidecar.securityContext" })
        {
            Assert.True(At($"{container}.allowPrivilegeEscalation") == new BoolValue(false), $"{stack}: {container} allows privilege escalation");
            Assert.Equal(ListValue.Strings(["ALL"]), At($"{container}.capabilities.drop"), ValueComparer.Instance);
            Assert.Equal(new StringValue("RuntimeDefault"), At($"{container}.seccompProfile.type"));
        }

        // The image renderer would be another pod with an empty securityContext by default: not used.
        Assert.NotEqual(new BoolValue(true), At("imageRenderer.enabled"));
    }

    /// <summary>The pinned chart's values.yaml as a value tree (strings and booleans are what the checks read).</summary>
    private static ObjectValue Defaults()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Repo.SharedDirectory, "charts", "grafana", Pins.Grafana.Version, "values.yaml")))
        {
            stream.Load(reader);
        }

        return (ObjectValue)Convert(stream.Documents[0].RootNode);
    }

    private static Value Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new ObjectValue([.. map.Children.Select(c => new KeyValuePair<string, Value>(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))]),
        YamlSequenceNode list => new ListValue([.. list.Children.Select(Convert)]),
        YamlScalarNode { Value: "true" } => new BoolValue(true),
        YamlScalarNode { Value: "false" } => new BoolValue(false),
        YamlScalarNode scalar => new StringValue(scalar.Value ?? string.Empty),
        _ => new StringValue(string.Empty),
    };
}
