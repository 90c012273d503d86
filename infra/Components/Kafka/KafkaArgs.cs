using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>What Kafka reads of the stack's settings, bound once (<see cref="Bind"/>).</summary>
/// <param name="Role">The stack's role: an environment's Kafka has the external listener the controlplane pulls over, and exports what that needs.</param>
/// <param name="Brokers">Broker nodes.</param>
/// <param name="Controllers">KRaft controller nodes (none: one combined node).</param>
/// <param name="NodePools">The KafkaNodePools (roles, sizes, storage).</param>
/// <param name="ExternalHost">An environment's external listener's DNS name (its brokers are broker-N under it).</param>
/// <param name="ClusterIssuer">The cert-manager ClusterIssuer of the external listener's certificate.</param>
/// <param name="ControlplaneCidrs">The only sources the external listener admits; empty: any address.</param>
/// <param name="BootstrapAnnotations">The bootstrap load balancer's annotations (empty on the controlplane).</param>
/// <param name="PerBrokerAnnotations">Each broker's load balancer's annotations (empty on the controlplane).</param>
/// <param name="Partitions">Partitions of the logs topic.</param>
/// <param name="RetentionHours">Hours the topic keeps records.</param>
/// <param name="RetentionBytes">Bytes each partition keeps at most.</param>
/// <param name="TopicMaxMessageBytes">The topic's record limit: what Fluent Bit may produce (<see cref="FluentBit.TopicMaxMessageBytes"/>).</param>
/// <param name="Rules">The thresholds and scope of its rules.</param>
/// <param name="LogTimeZone">Exported: the time zone of application timestamps without an offset.</param>
/// <param name="LogRetentionDays">Exported: days the controlplane keeps this environment's logs.</param>
public sealed record KafkaArgs(
    StackRole Role,
    int Brokers,
    int Controllers,
    IReadOnlyList<ObjectValue> NodePools,
    string ExternalHost,
    string ClusterIssuer,
    IReadOnlyList<string> ControlplaneCidrs,
    ObjectValue BootstrapAnnotations,
    ObjectValue PerBrokerAnnotations,
    int Partitions,
    int RetentionHours,
    long RetentionBytes,
    long TopicMaxMessageBytes,
    RuleContext Rules,
    string LogTimeZone,
    int LogRetentionDays)
{
    /// <param name="settings">The stack's settings.</param>
    /// <param name="topicMaxMessageBytes">The record limit Fluent Bit needs (<see cref="FluentBit.TopicMaxMessageBytes"/>).</param>
    public static KafkaArgs Bind(StackSettings settings, long topicMaxMessageBytes)
    {
        var brokers = settings.Get(SettingsCatalog.KafkaBrokers);
        var controllers = settings.Get(SettingsCatalog.KafkaControllers);
        var host = settings.Get(SettingsCatalog.KafkaExternalHost);
        var external = settings.Role == StackRole.Environment;
        return new(settings.Role, brokers, controllers, [.. Kafka.NodePools(settings, brokers, controllers)], host, settings.Get(SettingsCatalog.TlsClusterIssuer),
            settings.Get(SettingsCatalog.ControlplaneCidrs).Items,
            external ? LoadBalancers.Annotations(settings, host) : ObjectValue.Empty,
            external ? LoadBalancers.Annotations(settings, $"broker-{{nodeId}}.{host}") : ObjectValue.Empty,
            settings.Get(SettingsCatalog.KafkaLogPartitions), settings.Get(SettingsCatalog.KafkaLogRetentionHours), settings.Get(SettingsCatalog.KafkaLogRetentionBytes),
            topicMaxMessageBytes, new RuleContext(settings), settings.Get(SettingsCatalog.LogTimeZone), settings.Get(SettingsCatalog.LogRetentionDays));
    }
}
