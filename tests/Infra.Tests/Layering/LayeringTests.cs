namespace Infra.Tests.Layering;

/// <summary>
/// Issue #23: no dependency cycle among the compiler's layers, and no edge the declared layering
/// (<see cref="Layers"/>, docs/architecture.md) does not allow. Read from Infra.dll's IL by ArchUnitNET.
/// </summary>
public sealed class LayeringTests
{
    private static LayerGraph Graph => LayerGraph.OfInfra;

    [Fact]
    public void NoDependencyCycleAmongLayers()
    {
        var cycles = Graph.Without(Layers.Known).Cycles();
        Assert.True(cycles.Count == 0,
            "dependency cycles among the compiler's namespaces (move the type to the layer below, or pass the value in from above; docs/architecture.md):\n"
            + string.Join("\n", cycles.Select(c => "  cycle: " + string.Join("; ", c))));
    }

    [Fact]
    public void EveryEdgeIsOneTheLayeringAllows()
    {
        var backEdges = Graph.Pairs.Where(e => !Layers.MayUse[e.From].Contains(e.To)).Except(Layers.Known).ToList();
        Assert.True(backEdges.Count == 0,
            "dependencies the layering does not allow (docs/architecture.md lists the allowed ones; move the type down or invert the call):\n"
            + string.Join("\n", backEdges.Select(e => "  " + e)));
    }

    [Fact]
    public void EveryKnownBackEdgeStillExists()
    {
        var gone = Layers.Known.Except(Graph.Pairs).ToList();
        Assert.True(gone.Count == 0, "known back-edges that are gone: remove them from Layers.Known and docs/architecture.md:\n" + string.Join("\n", gone.Select(e => "  " + e)));
    }

    [Fact]
    public void EveryTypeIsInALayer()
    {
        Assert.True(Graph.Unplaced.Count == 0,
            "types in a namespace the layering does not know; add the namespace to Layers.MayUse and docs/architecture.md: " + string.Join(", ", Graph.Unplaced));
    }

    [Fact]
    public void TheCheckSeesEveryLayerAndTheirEdges()
    {
        // Guards against a vacuous pass: a renamed namespace or a loader that reads nothing would leave layers empty.
        Assert.Equal(Layers.MayUse.Keys.Order(StringComparer.Ordinal), Graph.LayersWithTypes.Order(StringComparer.Ordinal));
        // Model is the bottom; Program's only method is the compiler-generated Main of the top-level statements, which ArchUnitNET skips.
        Assert.All(Layers.MayUse.Where(l => l.Key is not Layers.Model and not Layers.Program), layer =>
            Assert.True(Graph.Edges.Any(e => e.From == layer.Key), $"no dependency read from layer {layer.Key}: the IL reader sees nothing"));
    }

    [Fact]
    public void TheDeclaredLayeringIsItselfFreeOfCycles()
    {
        var declared = new LayerGraph(Layers.MayUse.SelectMany(l => l.Value.Select(to => new LayerDependency(l.Key, to, l.Key, to))), Layers.MayUse.Keys);
        Assert.Empty(declared.Cycles());
    }

    [Fact]
    public void TheCycleFinderNamesTheTypesOfEachStep()
    {
        // A synthetic back-edge Model -> Components next to the allowed Components -> Model: the finder must report it.
        var graph = new LayerGraph(
            [
                new LayerDependency(Layers.Components, Layers.Model, "Infra.Components.Grafana", "Infra.Model.Resource"),
                new LayerDependency(Layers.Model, Layers.Components, "Infra.Model.Resource", "Infra.Components.Grafana"),
                new LayerDependency(Layers.Cli, Layers.Model, "Infra.Cli.CommandLine", "Infra.Model.Resource"),
            ],
            []);
        var cycle = Assert.Single(graph.Cycles());
        Assert.Equal(2, cycle.Count);
        Assert.Contains(cycle, e => e.OriginType == "Infra.Model.Resource" && e.TargetType == "Infra.Components.Grafana");
    }
}
