using Infra.Components;
using Infra.Model;

namespace Infra.Emitters;

/// <summary>
/// The program printed when Pulumi runs the compiler without a stack (plugin discovery,
/// <c>pulumi about</c>): one provider per package with the pinned versions, nothing to deploy.
/// </summary>
public static class DiscoveryProgram
{
    public static ResourceGraph Build()
    {
        var graph = new ResourceGraph("(none)", "Observability platform: package discovery (no stack selected)");
        foreach (var package in Pins.Providers.Keys)
        {
            graph.Add(new Resource($"{package}-provider", $"pulumi:providers:{package}", Platform.ComponentName, ObjectValue.Empty));
        }

        return graph;
    }
}
