using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The cluster's own Kafka (Strimzi, KRaft): the local log buffer that rides out controlplane and
/// network outages. A logs topic, SCRAM users with least-privilege ACLs, Kafka Exporter for lag.
/// </summary>
public sealed class Kafka : IComponent<KafkaResources>
{
    public const string ComponentName = "Kafka";
    public const string ReleaseName = "strimzi";
    public const string ApiGroup = "kafka.strimzi.io";
    public const string ClusterName = "logs";
    public const string LogsTopic = "logs";
    public const string ProducerUser = "fluent-bit";
    public const string ConsumerUser = "logstash";
    public const int TlsPort = 9093;
    public const int ExternalPort = 9094;

    /// <summary>Strimzi's internal ports: KRaft controllers, replication (operator, entity operator, exporter), the KafkaAgent's broker state.</summary>
    public const int ControlPlanePort = 9090;
    public const int ReplicationPort = 9091;
    public const int AgentPort = 8443;

    /// <summary>Every pod of the Kafka cluster (nodes, entity operator, Kafka Exporter): Strimzi labels them with the cluster's name.</summary>
    public static readonly (string Key, string Value)[] ClusterPodLabels = [("strimzi.io/cluster", ClusterName)];

    /// <summary>The Strimzi cluster operator, by the label Strimzi's own NetworkPolicies admit it with.</summary>
    public static readonly (string Key, string Value)[] OperatorPods = [("strimzi.io/kind", "cluster-operator")];

    /// <summary>The Kafka cluster's pods, as a destination.</summary>
    public static NetworkPeer Pods { get; } = NetworkPeer.Pods(Namespaces.Logging, ClusterPodLabels);

    /// <summary>Metrics port of the brokers (Strimzi metrics reporter) and of Kafka Exporter.</summary>
    public const int MetricsPort = 9404;

    /// <summary>Metrics port of the Strimzi cluster operator.</summary>
    public const int OperatorMetricsPort = 8080;

    /// <summary>The PodMonitor of the brokers and controllers (the broker alerts name its job).</summary>
    public const string BrokerMonitorName = "kafka-brokers";

    /// <summary>The broker node pool (its pods are <c>logs-brokers-&lt;id&gt;</c>).</summary>
    public const string BrokerPool = "brokers";

    private readonly KafkaArgs _args;
    private readonly HelmRelease _kubePrometheus;

    /// <param name="args">Its settings.</param>
    /// <param name="kubePrometheus">kube-prometheus-stack's release: its kube-state-metrics reads the Strimzi resources' state.</param>
    public Kafka(KafkaArgs args, HelmRelease kubePrometheus)
    {
        _args = args;
        _kubePrometheus = kubePrometheus;
    }

    public string Name => ComponentName;

    public KafkaResources Build(StackContext context)
    {
        var args = _args;
        var ns = context.Namespace(Namespaces.Logging);
        var release = context.Release(ComponentName, ReleaseName, Pins.StrimziKafkaOperator, Namespaces.Logging);
        release.ProvidesApiGroups.Add(ApiGroup);
        // Strimzi's restricted pod security provider: every container it makes (nodes, entity operator,
        // Kafka Exporter) drops all capabilities, runs as non-root with RuntimeDefault seccomp and no
        // privilege escalation, so the Kafka pods pass the restricted Pod Security level (Strimzi docs,
        // "Applying security context to Strimzi pods and containers"); the default provider meets baseline only.
        release.Wire(ObjectValue.Of(("extraEnvs", ListValue.Of(ObjectValue.Of(("name", "STRIMZI_POD_SECURITY_PROVIDER_CLASS"), ("value", "restricted"))))));
        // Only the namespaces holding the platform's Kafka resources: the chart always adds its own
        // (watchNamespaces lists the others) and binds Roles there, never a ClusterRole to every namespace.
        release.ScopeWatchedNamespaces(namespaces => ObjectValue.Of(
            ("watchAnyNamespace", false),
            ("watchNamespaces", ListValue.Strings([.. namespaces.Where(n => n != Namespaces.Logging)]))));
        var @operator = release.Resource;
        context.AddWorkloads(@operator, KafkaWorkloads.Operator);

        var brokers = args.Brokers;
        var replication = Math.Min(3, brokers);
        var minInSync = Math.Min(2, replication);

        // The consumer's password is generated here so it can be exported (secret) to the controlplane;
        // Strimzi sets the SCRAM credential from this Secret. Fluent Bit's is generated too, so that FluentBit
        // can write it into node-agents as well (Strimzi writes a KafkaUser's Secrets only in its own namespace).
        var consumerPassword = context.RandomPassword(ComponentName, "kafka-consumer-password");
        var consumerSecret = KubernetesObjects.Secret(context, ComponentName, "kafka-consumer-password-secret", "logstash-consumer-password", Namespaces.Logging, "kafka",
            ObjectValue.Of(("password", new ReferenceValue(consumerPassword, "result"))));
        var producerPassword = context.RandomPassword(ComponentName, "kafka-producer-password");
        var producerSecret = KubernetesObjects.Secret(context, ComponentName, "kafka-producer-password-secret", ProducerPasswordSecret, Namespaces.Logging, "kafka",
            ObjectValue.Of(("password", new ReferenceValue(producerPassword, "result"))));

        var listeners = new List<Value>
        {
            // In-cluster clients: Fluent Bit, and on the controlplane its own Logstash. Strimzi writes the
            // listener's NetworkPolicy with these peers as they are (a peer without namespaceSelector is a pod of logging).
            ObjectValue.Of(
                ("name", "tls"),
                ("port", TlsPort),
                ("type", "internal"),
                ("tls", true),
                ("authentication", ObjectValue.Of(("type", "scram-sha-512"))),
                ("networkPolicyPeers", ListValue.Of(TlsClients.Select(c => c.ToPeer(Namespaces.Logging)).OfType<ObjectValue>()))),
        };
        var dependencies = new List<Resource> { consumerSecret, producerSecret };
        if (args.Role == StackRole.Environment)
        {
            // The controlplane's Logstash pulls over this listener: a load balancer per broker, names kept by
            // external-dns, and a certificate from the cluster's issuer so the controlplane trusts it.
            var host = args.ExternalHost;
            dependencies.Add(context.CustomResources(ComponentName, "kafka-external-certificate", [ObjectValue.Of(
                ("apiVersion", "cert-manager.io/v1"),
                ("kind", "Certificate"),
                ("metadata", StackContext.Metadata(ExternalCertificateSecret, Namespaces.Logging, "kafka")),
                ("spec", ObjectValue.Of(
                    ("secretName", ExternalCertificateSecret),
                    ("dnsNames", ListValue.Of(host, $"*.{host}")),
                    // Strimzi reads the key as unencrypted PKCS #8.
                    ("privateKey", ObjectValue.Of(("algorithm", "RSA"), ("size", 2048), ("encoding", "PKCS8"), ("rotationPolicy", "Always"))),
                    ("issuerRef", ObjectValue.Of(("kind", "ClusterIssuer"), ("name", args.ClusterIssuer))))))],
                stateful: false, ns));
            var cidrs = args.ControlplaneCidrs;
            listeners.Add(ObjectValue.Of(
                ("name", "external"),
                ("port", ExternalPort),
                ("type", "loadbalancer"),
                ("tls", true),
                ("authentication", ObjectValue.Of(("type", "scram-sha-512"))),
                ("configuration", ObjectValue.Of(
                    ("brokerCertChainAndKey", ObjectValue.Of(
                        ("secretName", ExternalCertificateSecret),
                        ("certificate", "tls.crt"),
                        ("key", "tls.key"))),
                    ("bootstrap", ObjectValue.Of(("annotations", args.BootstrapAnnotations))),
                    ("advertisedHostTemplate", $"broker-{{nodeId}}.{host}"),
                    ("perBrokerAnnotationsTemplate", args.PerBrokerAnnotations),
                    ("loadBalancerSourceRanges", cidrs.Count == 0 ? null : ListValue.Strings(cidrs)),
                    // The NLBs send to pod IPs: no NodePorts, through which any pod could reach the listener via a node's address.
                    ("allocateLoadBalancerNodePorts", false)))));
        }

        var objects = new List<ObjectValue>
        {
            ObjectValue.Of(
                ("apiVersion", "kafka.strimzi.io/v1"),
                ("kind", "Kafka"),
                ("metadata", StackContext.Metadata(ClusterName, Namespaces.Logging, "kafka")),
                ("spec", ObjectValue.Of(
                    ("kafka", ObjectValue.Of(
                        ("version", Pins.Kafka),
                        // broker.rack from the node's zone: replicas of a partition go to different zones.
                        ("rack", brokers > 1 ? ObjectValue.Of(("topologyKey", Placement.ZoneKey)) : null),
                        ("listeners", ListValue.Of(listeners)),
                        ("authorization", ObjectValue.Of(("type", "simple"))),
                        // Broker metrics straight from Kafka, scraped by the kafka-brokers PodMonitor.
                        ("metricsConfig", ObjectValue.Of(
                            ("type", "strimziMetricsReporter"),
                            ("values", ObjectValue.Of(("allowList", ListValue.Strings([
                                "kafka_controller.*", "kafka_log.*", "kafka_network.*", "kafka_server.*", "kafka_cluster.*",
                            ])))))),
                        ("config", ObjectValue.Of(
                            ("auto.create.topics.enable", false),
                            ("default.replication.factor", replication),
                            ("min.insync.replicas", minInSync),
                            ("offsets.topic.replication.factor", replication),
                            ("transaction.state.log.replication.factor", replication),
                            ("transaction.state.log.min.isr", minInSync))))),
                    ("entityOperator", ObjectValue.Of(
                        ("topicOperator", ObjectValue.Of(("resources", KubernetesObjects.Resources("100m", "256Mi", "512Mi")))),
                        ("userOperator", ObjectValue.Of(("resources", KubernetesObjects.Resources("100m", "256Mi", "512Mi")))))),
                    ("kafkaExporter", ObjectValue.Of(
                        ("topicRegex", ".*"),
                        ("groupRegex", ".*"),
                        ("resources", KubernetesObjects.Resources("50m", "64Mi", "256Mi"))))))),
        };
        objects.AddRange(args.NodePools);
        objects.Add(ObjectValue.Of(
            ("apiVersion", "kafka.strimzi.io/v1"),
            ("kind", "KafkaTopic"),
            ("metadata", StackContext.Metadata(LogsTopic, Namespaces.Logging, "kafka", ClusterLabel())),
            ("spec", ObjectValue.Of(
                ("partitions", args.Partitions),
                ("replicas", replication),
                ("config", ObjectValue.Of(
                    ("retention.ms", (long)args.RetentionHours * 3_600_000L),
                    ("retention.bytes", args.RetentionBytes),
                    ("min.insync.replicas", minInSync),
                    // Fluent Bit's largest batch: a smaller limit would refuse it for good, and the records would be lost.
                    ("max.message.bytes", args.TopicMaxMessageBytes),
                    ("cleanup.policy", "delete")))))));
        objects.Add(User(ProducerUser, ProducerPasswordSecret,
            Acl("topic", LogsTopic, "Write", "Describe")));
        objects.Add(User(ConsumerUser, "logstash-consumer-password",
            Acl("topic", LogsTopic, "Read", "Describe"),
            Acl("group", ConsumerGroupPrefix, "Read", patternPrefix: true)));

        var cluster = context.CustomResources(ComponentName, "kafka-cluster", objects, stateful: true, dependencies.ToArray());
        context.AddWorkloads(cluster, KafkaWorkloads.Cluster);
        context.CustomResources(ComponentName, "kafka-monitors", [BrokerMonitor(), ExporterMonitor()], stateful: false, cluster);
        // The operator's own monitor waits only for the operator: it matters most when the cluster does not come up.
        context.CustomResources(ComponentName, "strimzi-operator-monitor", [StrimziOperatorMonitor.Definition()], stateful: false, @operator);
        // The custom resources' Ready condition, read by kube-prometheus-stack's kube-state-metrics (StrimziResourceNotReady).
        _kubePrometheus.Wire(StrimziResourceState.ChartValues());
        KafkaRetention.Check(context, brokers, replication);
        KafkaRetention.CheckHeadroom(context);
        var clientCa = KafkaClientRestart.Build(context, cluster);
        context.AddRules(ComponentName, "kafka", [KafkaRules.Group(args.Rules, brokers, minInSync)]);
        foreach (var dashboard in KafkaDashboards.All)
        {
            context.AddDashboard(dashboard);
        }

        // Prometheus scrapes brokers, Kafka Exporter and the operator; the listeners get Strimzi's own policies.
        context.AddEdge(NetworkEdge.Scrape(Namespaces.Logging, MetricsPort, OperatorMetricsPort));

        // Egress to the Kafka pods: their ingress is Strimzi's generated NetworkPolicies (listeners, replication, KafkaAgent).
        context.AddEgress(NetworkEgress.ApiServer(Namespaces.Logging, "egress-strimzi-operator", "the Strimzi cluster operator reconciles its resources", OperatorPods));
        context.AddEgress(new NetworkEgress(Namespaces.Logging, "egress-strimzi-operator", OperatorPods, [Pods], [ControlPlanePort, ReplicationPort, AgentPort],
            "the cluster operator manages the nodes: KRaft quorum, admin client on the replication listener, the KafkaAgent's broker state (ingress: Strimzi's policies)"));
        context.AddEgress(NetworkEgress.ApiServer(Namespaces.Logging, "egress-kafka", "brokers' init container reads its node's zone (broker.rack); the entity operator manages topics and users", ClusterPodLabels));
        context.AddEgress(new NetworkEgress(Namespaces.Logging, "egress-kafka", ClusterPodLabels, [Pods], [ControlPlanePort, ReplicationPort, TlsPort],
            "nodes replicate and form the KRaft quorum; the entity operator and Kafka Exporter use the replication listener (ingress: Strimzi's policies)"));
        if (args.Role == StackRole.Environment)
        {
            AddOutputs(context, args, consumerPassword);
        }

        return new KafkaResources(cluster, producerPassword, clientCa);
    }

    /// <summary>What the controlplane needs to consume this environment's logs (read there by <see cref="EnvironmentStack"/>).</summary>
    private static void AddOutputs(StackContext context, KafkaArgs args, Resource consumerPassword)
    {
        context.AddOutput(new StackOutput(EnvironmentOutputs.KafkaBootstrap, $"{args.ExternalHost}:{ExternalPort}", false,
            "bootstrap address of the external Kafka listener (TLS, SCRAM-SHA-512)"));
        context.AddOutput(new StackOutput(EnvironmentOutputs.KafkaTopic, LogsTopic, false, "topic holding this environment's logs"));
        context.AddOutput(new StackOutput(EnvironmentOutputs.LogTimeZone, args.LogTimeZone, false, "time zone of application timestamps without an offset"));
        context.AddOutput(new StackOutput(EnvironmentOutputs.LogRetentionDays, args.LogRetentionDays, false, "days the controlplane keeps this environment's logs"));
        context.AddOutput(new StackOutput(EnvironmentOutputs.KafkaConsumerUser, ConsumerUser, false, "SCRAM user the controlplane's Logstash consumes with"));
        context.AddOutput(new StackOutput(EnvironmentOutputs.KafkaConsumerPassword, new ReferenceValue(consumerPassword, "result"), true,
            "SCRAM password of that user"));
    }

    /// <summary>Consumer groups the controlplane's Logstash may use (one per environment).</summary>
    public const string ConsumerGroupPrefix = "logstash-";

    /// <summary>The Secret (key <c>password</c>) holding Fluent Bit's SCRAM password, in logging and in node-agents.</summary>
    public const string ProducerPasswordSecret = "kafka-producer-password";

    /// <summary>The copy of the cluster CA certificate (key <c>ca.crt</c>) in node-agents, kept by <see cref="KafkaClientRestart"/>.</summary>
    public const string ClientCaSecret = "kafka-cluster-ca";

    /// <summary>
    /// The pods admitted to the internal TLS listener (its <c>networkPolicyPeers</c>): Fluent Bit in node-agents,
    /// Logstash in logging. Their egress to <see cref="Pods"/> on <see cref="TlsPort"/> is declared by each client.
    /// </summary>
    public static IReadOnlyList<NetworkPeer> TlsClients { get; } =
    [
        NetworkPeer.Pods(Namespaces.NodeAgents, [.. FluentBit.Pods]),
        NetworkPeer.Pods(Namespaces.Logging, ("app.kubernetes.io/name", Logstash.Name)),
    ];

    /// <summary>In-cluster bootstrap address of the TLS listener (service named by Strimzi).</summary>
    public static string InternalBootstrap => $"{ClusterName}-kafka-bootstrap.{Namespaces.Logging}.svc:{TlsPort}";

    /// <summary>cert-manager Secret with the external listener's certificate (bootstrap and broker-N names).</summary>
    public const string ExternalCertificateSecret = "kafka-external-tls";

    /// <summary>Secret Strimzi creates with the cluster CA certificate (key ca.crt).</summary>
    public static string ClusterCaSecret => $"{ClusterName}-cluster-ca-cert";

    private static ObjectValue ClusterLabel() => ObjectValue.Of(("strimzi.io/cluster", ClusterName));

    /// <summary>
    /// The pods of a node pool: one per node, spread over zones (Strimzi makes the cluster's PodDisruptionBudget);
    /// a pool with the controller role is the KRaft quorum, whose spread is required, and so is a pool of three or more brokers.
    /// </summary>
    private static ObjectValue PoolPlacement(string pool, bool quorum)
    {
        var pods = ObjectValue.Of(("strimzi.io/cluster", ClusterName), ("strimzi.io/pool-name", pool));
        return ObjectValue.Of(("pod", ObjectValue.Of(
            ("affinity", Placement.OnePerNode(pods)),
            ("topologySpreadConstraints", quorum ? Placement.AcrossZonesRequired(pods) : Placement.AcrossZones(pods)))));
    }

    /// <summary>The KafkaNodePools for these node counts (<see cref="KafkaArgs.Bind"/>).</summary>
    public static IEnumerable<ObjectValue> NodePools(StackSettings settings, int brokers, int controllers)
    {
        ObjectValue Storage(string size) => ObjectValue.Of(
            ("type", "persistent-claim"),
            ("size", size),
            ("class", KubernetesObjects.StorageClass(settings)),
            ("deleteClaim", false));
        ObjectValue Pool(string name, int replicas, string[] roles, string size) => ObjectValue.Of(
            ("apiVersion", "kafka.strimzi.io/v1"),
            ("kind", "KafkaNodePool"),
            ("metadata", StackContext.Metadata(name, Namespaces.Logging, "kafka", ClusterLabel())),
            ("spec", ObjectValue.Of(
                ("replicas", replicas),
                ("roles", ListValue.Strings(roles)),
                ("storage", Storage(size)),
                ("resources", roles.Contains("broker")
                    ? KubernetesObjects.Resources(settings.Get(SettingsCatalog.KafkaBrokerCpu), settings.Get(SettingsCatalog.KafkaBrokerMemory), settings.Get(SettingsCatalog.KafkaBrokerMemory))
                    : KubernetesObjects.Resources("250m", "1Gi", "1Gi")),
                // Two controllers on one node lose the quorum with it; two brokers on one node lose two replicas. Three or
                // more brokers spread like a quorum: each partition's replicas are on every broker of three, and two in one
                // zone would leave a zone outage below min.insync.replicas (every producer refused).
                ("template", replicas > 1 ? PoolPlacement(name, roles.Contains("controller") || (roles.Contains("broker") && replicas >= 3)) : null))));

        if (brokers == 1 && controllers == 1)
        {
            // Development: one node that is both controller and broker (no redundancy; documented).
            yield return Pool("combined", 1, ["controller", "broker"], settings.Get(SettingsCatalog.KafkaStorageSize));
            yield break;
        }

        yield return Pool("controllers", controllers, ["controller"], settings.Get(SettingsCatalog.KafkaControllerStorageSize));
        yield return Pool(BrokerPool, brokers, ["broker"], settings.Get(SettingsCatalog.KafkaStorageSize));
    }

    private static ObjectValue User(string name, string? passwordSecret, params ObjectValue[] acls)
    {
        var authentication = passwordSecret is null
            ? ObjectValue.Of(("type", "scram-sha-512"))
            : ObjectValue.Of(
                ("type", "scram-sha-512"),
                ("password", ObjectValue.Of(("valueFrom", ObjectValue.Of(("secretKeyRef", ObjectValue.Of(
                    ("name", passwordSecret),
                    ("key", "password"))))))));
        return ObjectValue.Of(
            ("apiVersion", "kafka.strimzi.io/v1"),
            ("kind", "KafkaUser"),
            ("metadata", StackContext.Metadata(name, Namespaces.Logging, "kafka", ClusterLabel())),
            ("spec", ObjectValue.Of(
                ("authentication", authentication),
                ("authorization", ObjectValue.Of(
                    ("type", "simple"),
                    ("acls", ListValue.Of(acls)))))));
    }

    private static ObjectValue Acl(string type, string name, string operation, string? second = null, bool patternPrefix = false) => ObjectValue.Of(
        ("resource", ObjectValue.Of(
            ("type", type),
            ("name", name),
            ("patternType", patternPrefix ? "prefix" : "literal"))),
        ("operations", second is null ? ListValue.Of(operation) : ListValue.Of(operation, second)));

    private static ObjectValue BrokerMonitor() => ObjectValue.Of(
        ("apiVersion", "monitoring.coreos.com/v1"),
        ("kind", "PodMonitor"),
        ("metadata", StackContext.Metadata(BrokerMonitorName, Namespaces.Logging, "kafka")),
        ("spec", ObjectValue.Of(
            ("selector", ObjectValue.Of(("matchLabels", ObjectValue.Of(
                ("strimzi.io/cluster", ClusterName),
                ("strimzi.io/kind", "Kafka"),
                ("strimzi.io/name", $"{ClusterName}-kafka"))))),
            ("podMetricsEndpoints", ListValue.Of(ObjectValue.Of(
                ("port", "tcp-prometheus"),
                ("path", "/metrics")))))));

    private static ObjectValue ExporterMonitor() => ObjectValue.Of(
        ("apiVersion", "monitoring.coreos.com/v1"),
        ("kind", "PodMonitor"),
        ("metadata", StackContext.Metadata("kafka-exporter", Namespaces.Logging, "kafka")),
        ("spec", ObjectValue.Of(
            ("selector", ObjectValue.Of(("matchLabels", ObjectValue.Of(
                ("strimzi.io/cluster", ClusterName),
                ("strimzi.io/kind", "Kafka"),
                ("strimzi.io/name", $"{ClusterName}-kafka-exporter"))))),
            ("podMetricsEndpoints", ListValue.Of(ObjectValue.Of(
                ("port", "tcp-prometheus"),
                ("path", "/metrics")))))));
}
