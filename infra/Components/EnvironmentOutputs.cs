using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The stack outputs an environment publishes for the controlplane (read there through
/// <see cref="EnvironmentStack"/>). The names are defined once, here, for both sides.
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
    public const string TlsCaCertificate = "tlsCaCertificate";

    public static void Export(StackContext context, Kafka kafka, Alertmanager alertmanager)
    {
        var settings = context.Settings;
        var graph = context.Graph;
        graph.AddOutput(new StackOutput(Environment, settings.Environment, false, "value of the environment label"));
        graph.AddOutput(new StackOutput(Cluster, settings.Cluster, false, "value of the cluster label"));
        graph.AddOutput(new StackOutput("alertmanagerReceiversSecret", $"{Namespaces.Monitoring}/{Alertmanager.ReceiversSecretName}", false,
            $"Secret holding the receiver credentials ({alertmanager.ReceiversSecret.Name})"));
        if (settings.Role != StackRole.Environment)
        {
            return;
        }

        graph.AddOutput(new StackOutput(KafkaBootstrap, $"{settings.Get(SettingsCatalog.KafkaExternalHost)}:{Kafka.ExternalPort}", false,
            "bootstrap address of the external Kafka listener (TLS, SCRAM-SHA-512)"));
        graph.AddOutput(new StackOutput(KafkaTopic, Kafka.LogsTopic, false, "topic holding this environment's logs"));
        graph.AddOutput(new StackOutput(LogTimeZone, settings.Get(SettingsCatalog.LogTimeZone), false, "time zone of application timestamps without an offset"));
        graph.AddOutput(new StackOutput(LogRetentionDays, settings.Get(SettingsCatalog.LogRetentionDays), false, "days the controlplane keeps this environment's logs"));
        graph.AddOutput(new StackOutput(KafkaConsumerUser, Kafka.ConsumerUser, false, "SCRAM user the controlplane's Logstash consumes with"));
        graph.AddOutput(new StackOutput(TlsCaCertificate, settings.Get(SettingsCatalog.TlsCaCertificate), false,
            "PEM of the private CA behind the Kafka listener's and federation endpoint's certificates; empty when they are publicly trusted"));
        graph.AddOutput(new StackOutput(KafkaConsumerPassword, new ReferenceValue(kafka.ConsumerPassword, "result"), true,
            "SCRAM password of that user"));
    }
}
