using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>Kafka (Strimzi): the buffer between Fluent Bit and Logstash; on every cluster stack.</summary>
public static class KafkaProduct
{
    public static Product Manifest { get; } = new("Kafka")
    {
        Components =
        [
            ProductComponent.Of(w => new Kafka(KafkaArgs.Bind(w.Settings, FluentBit.TopicMaxMessageBytes(w.Settings)), w.Built<KubePrometheus, HelmRelease>()), StackRole.Environment, StackRole.Controlplane),
        ],
        Settings = SettingsCatalog.OfKafka,
        Thresholds = Thresholds.OfKafka,
        Charts = Pins.ChartsOfKafka,
        RuleTests = ["kafka.test.yaml"],
    };
}
