using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>Fluent Bit on every node, shipping logs to Kafka; on every cluster stack.</summary>
public static class FluentBitProduct
{
    public static Product Manifest { get; } = new("FluentBit")
    {
        Components =
        [
            ProductComponent.Of(w => new FluentBit(FluentBitArgs.Bind(w.Settings), w.Built<KubePrometheus, HelmRelease>().Resource, w.Built<Kafka, KafkaResources>()), StackRole.Environment, StackRole.Controlplane),
        ],
        Settings = SettingsCatalog.OfFluentBit,
        Thresholds = Thresholds.OfFluentBit,
        Charts = Pins.ChartsOfFluentBit,
        RuleTests = ["fluent-bit.test.yaml"],
    };
}
