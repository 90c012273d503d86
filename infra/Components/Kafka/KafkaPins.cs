namespace Infra.Model;

/// <summary>The versions Kafka deploys (chart and images): part of <see cref="Pins"/>, declared beside the component.</summary>
public static partial class Pins
{
    public static ChartPin StrimziKafkaOperator { get; } =
        new("strimzi-kafka-operator", "1.2.0", "oci://quay.io/strimzi-helm/strimzi-kafka-operator", null);

    /// <summary>Kafka version run by Strimzi 1.2.0 (its default).</summary>
    public const string Kafka = "4.3.1";

    /// <summary>
    /// kubectl with a POSIX shell (Alpine) for the CronJob that restarts the Kafka clients after a CA renewal. The tag is
    /// not verified against Docker Hub, only referenced by other public projects (docs/day-2-operations.md).
    /// </summary>
    public const string KubectlImage = "docker.io/alpine/kubectl:1.34.2";

    /// <summary>The charts of the Kafka product (KafkaProduct).</summary>
    public static IReadOnlyList<ChartPin> ChartsOfKafka => [StrimziKafkaOperator];
}
