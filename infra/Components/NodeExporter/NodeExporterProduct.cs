using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>node-exporter on every node and the node rules; on every cluster stack.</summary>
public static class NodeExporterProduct
{
    public static Product Manifest { get; } = new("NodeExporter")
    {
        Components =
        [
            ProductComponent.Of(_ => new NodeExporter(), StackRole.Environment, StackRole.Controlplane),
        ],
        Thresholds = Thresholds.OfNodeExporter,
        Charts = Pins.ChartsOfNodeExporter,
        RuleTests = ["node.test.yaml"],
    };
}
