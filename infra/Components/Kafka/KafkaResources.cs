using Infra.Model;

namespace Infra.Components;

/// <summary>What Fluent Bit and Logstash need of the stack's Kafka (returned by <see cref="Kafka.Build"/>).</summary>
/// <param name="Cluster">The Kafka, its node pools, topic and users: clients start after it.</param>
/// <param name="ProducerPassword">Fluent Bit's SCRAM password (its KafkaUser reads it from <see cref="Kafka.ProducerPasswordSecret"/> in logging).</param>
/// <param name="ClientCa">The Job that first copies the cluster CA certificate into node-agents: Fluent Bit starts after it.</param>
public sealed record KafkaResources(Resource Cluster, Resource ProducerPassword, Resource ClientCa);
