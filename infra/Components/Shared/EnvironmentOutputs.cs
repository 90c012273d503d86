namespace Infra.Components;

/// <summary>
/// The names of the stack outputs an environment publishes for the controlplane (read there through
/// <see cref="EnvironmentStack"/>), defined once for both sides. The components that own the values
/// contribute the outputs (Kafka, FederationGateway); the stack's identity is the context's.
/// </summary>
public static class EnvironmentOutputs
{
    public const string Environment = "environment";
    public const string Cluster = "cluster";
    public const string KafkaBootstrap = "kafkaBootstrap";
    public const string KafkaConsumerUser = "kafkaConsumerUser";
    public const string KafkaConsumerPassword = "kafkaConsumerPassword";
    public const string KafkaTopic = "kafkaTopic";
    public const string LogTimeZone = "logTimeZone";
    public const string LogRetentionDays = "logRetentionDays";
    public const string FederationTarget = "federationTarget";
    public const string FederationUsername = "federationUsername";
    public const string FederationPassword = "federationPassword";
    public const string FederationGrafanaUsername = "federationGrafanaUsername";
    public const string FederationGrafanaPassword = "federationGrafanaPassword";
    public const string TlsCaCertificate = "tlsCaCertificate";
}
