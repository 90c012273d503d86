using System.Text;
using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Logstash on the controlplane (ECK): one pipeline per log source (the controlplane's own Kafka and
/// every environment's, addresses and credentials from stack outputs) writing a data stream per
/// environment, with a small persisted queue and a dead-letter queue. Every pod runs every pipeline in
/// the source's consumer group, so the pods share each topic's partitions (docs/log-pipeline.md).
/// </summary>
public sealed class Logstash : IComponent
{
    public const string ComponentName = "Logstash";
    public const string Name = "logstash";
    public const string KafkaCaMount = "/usr/share/logstash/kafka-ca";

    /// <summary>Logstash's API port (ECK's operator reads its health there).</summary>
    public const int ApiPort = 9600;

    /// <summary>What each pod's volume keeps free besides the queues (Logstash's own data: pipeline state, logs).</summary>
    public const int HeadroomGiB = 2;

    /// <summary>Logstash's default <c>queue.page_capacity</c> (64 MiB): a queue holds at least two pages, one written while the other drains.</summary>
    public const int MinimumQueueMiB = 128;

    /// <summary>queue.checkpoint.writes: Logstash's default; the most events an abnormal end may lose per pipeline.</summary>
    public const int CheckpointWrites = 1024;

    /// <summary>
    /// How long a stopping pod may drain its persisted queues (queue.drain) into Elasticsearch: normally they hold
    /// seconds of events; at the model's 1,000 events a second per core of 1 KiB, 5 minutes drain about two full
    /// 128 MiB queues per core. With Elasticsearch away the drain cannot finish, and the queue stays on the volume.
    /// </summary>
    public const int DrainGraceSeconds = 300;

    /// <summary>Records per Kafka poll (Kafka's default), whose offsets are committed together once they are queued.</summary>
    public const int MaxPollRecords = 500;

    /// <summary>Dead-letter queue segments are up to 10 MiB; a few of them.</summary>
    public const int MinimumDeadLetterQueueMiB = 32;

    private const decimal GiB = 1024m * 1024 * 1024;

    private const decimal MiB = 1024m * 1024;

    /// <summary>Heap estimate (docs/sizing.md, "Logstash"): Logstash itself, and each pipeline's batches and consumer buffers.</summary>
    public const int HeapBaseMiB = 512;

    /// <summary>pipeline.batch.size, Logstash's default (not set here): events each worker holds in flight.</summary>
    public const int BatchSize = 125;

    /// <summary>
    /// Heap one in-flight event takes: its message and the fields the json filter parses from it, as JVM objects,
    /// several times the 1 KiB it is stored as. An estimate, not a measurement.
    /// </summary>
    public const int HeapPerEventKiB = 8;

    /// <summary>max.partition.fetch.bytes, the Kafka consumer's default (not set here): a completed fetch per assigned partition.</summary>
    public const int FetchMiBPerPartition = 1;

    /// <summary>
    /// The least heap of a production pod: Elastic's "no less than 4GB" for typical ingestion (Logstash reference,
    /// "JVM settings", "Setting the JVM heap size"), until a catch-up measurement says otherwise.
    /// </summary>
    public const int HeapFloorMiB = 4096;

    /// <summary>Partitions of one topic a pod holds in the sample (6 partitions over 2 serving pods), the estimate's default.</summary>
    public const int DefaultPartitionsPerPod = 3;

    /// <summary>
    /// Copies of a line an in-flight event holds: its message and the fields the json filter parses from it. With the longest
    /// line a source ships (fluentBitMaxLineSize) this bounds one pipeline's batches of long lines.
    /// </summary>
    public const int CopiesPerEvent = 2;

    /// <summary>A raised logstashMemory is a whole number of these.</summary>
    private const int MemoryStepMiB = 512;

    string IComponent.Name => ComponentName;

    /// <summary>Labels ECK puts on the Logstash pods.</summary>
    public static ObjectValue Pods { get; } = ObjectValue.Of(("logstash.k8s.elastic.co/name", Name));

    private readonly LogstashArgs _args;
    private readonly ElasticsearchResources _elasticsearch;
    private readonly KafkaResources _localKafka;
    private readonly Resource _setupJob;

    /// <param name="elasticsearch">The Elasticsearch Logstash writes to.</param>
    /// <param name="localKafka">The controlplane's own Kafka, one of the sources Logstash consumes.</param>
    /// <param name="setupJob">
    /// The setup Job: the data streams' templates and lifecycle policies exist before Logstash writes the first event,
    /// or Elasticsearch creates the data stream from a template that never deletes.
    /// </param>
    /// <param name="args">What it reads of the stack's settings.</param>
    public Logstash(LogstashArgs args, ElasticsearchResources elasticsearch, KafkaResources localKafka, Resource setupJob)
    {
        _args = args;
        _elasticsearch = elasticsearch;
        _localKafka = localKafka;
        _setupJob = setupJob;
    }

    public void Build(StackContext context)
    {
        var args = _args;
        var elasticsearch = _elasticsearch;
        var environments = context.Environments;

        var sources = new List<LogSource>
        {
            // The controlplane's own cluster: in-cluster listener, Strimzi's CA, the password Secret Kafka created here.
            new(args.Stack, args.Environment, new StringValue(Kafka.InternalBootstrap), "logstash-consumer-password", true,
                new StringValue(args.Cluster), new StringValue(args.LogTimeZone)),
        };
        var secrets = new List<Resource>();
        foreach (var environment in environments)
        {
            var secretName = $"logstash-kafka-{environment.Stack}";
            // Only what the deploy alone knows comes from the environment's outputs, and it reaches the pipeline as data
            // (an environment variable Logstash substitutes after parsing), never as configuration text; the labels and
            // time zone are literals from its stack file (EnvironmentLiterals).
            secrets.Add(KubernetesObjects.Secret(context, ComponentName, $"{secretName}-secret", secretName, Namespaces.Logging, "logstash",
                ObjectValue.Of(("password", environment.KafkaConsumerPassword), (CaKey, environment.TlsCaCertificate), (BootstrapKey, environment.KafkaBootstrap))));
            var literals = context.EnvironmentLiterals[environment.Stack];
            sources.Add(new LogSource(environment.Stack, literals.Environment, new StringValue($"${{{BootstrapVariable(environment.Stack)}}}"), secretName, false,
                new StringValue(literals.Cluster), new StringValue(literals.LogTimeZone)));
        }

        var queue = QueueSize(context, args.Stack, SettingsCatalog.LogstashQueueSize, args.QueueSize, MinimumQueueMiB);
        var deadLetters = QueueSize(context, args.Stack, SettingsCatalog.LogstashDeadLetterQueueSize, args.DeadLetterQueueSize, MinimumDeadLetterQueueMiB);
        var volume = CheckVolume(context, args, PipelinesFor(environments.Count), queue, deadLetters);
        CheckMemory(context, args, PipelinesFor(environments.Count));
        CheckConsumers(context, args);
        var workers = args.PipelineWorkers;
        // The dead-letter pipeline: drains every source pipeline's dead-letter queue into the quarantine data
        // stream (docs/log-pipeline.md, "No mapping conflicts"). Its own refusals stay in its own queue, unread.
        var deadLetterConfig = DeadLetterPipelineConfig(sources.Select(s => s.Stack).ToList(), args.Stack);
        var configs = sources.Select(s => (Id: s.Stack, Config: (Value)PipelineConfig(s, Teams.TeamLogs.LogstashFilter(context.Teams, s.Environment, s.Stack)))).Append((Id: DeadLetterPipeline, Config: (Value)deadLetterConfig)).ToList();

        // The configurations live in ConfigMaps (each under the 1 MiB Kubernetes allows an object), mounted into the
        // pods, and the resource names each pipeline's file (path.config): with the texts inline (config.string), the
        // Secret ECK writes the pipelines into reached 1 MiB near 200 environments.
        var chunks = Chunks(configs.Select(c => Encoding.UTF8.GetByteCount(DocumentText.Of(c.Config))).ToList());
        var configMaps = new List<Resource>();
        for (var chunk = 0; chunk <= chunks.DefaultIfEmpty(0).Max(); chunk++)
        {
            var data = new ObjectValue(configs.Where((_, i) => chunks[i] == chunk).Select(c => new KeyValuePair<string, Value>($"{c.Id}.conf", c.Config)).ToList());
            configMaps.Add(context.Kubernetes(ComponentName, $"{PipelinesConfigMap(chunk)}-configmap", "kubernetes:core/v1:ConfigMap", ObjectValue.Of(
                ("metadata", StackContext.Metadata(PipelinesConfigMap(chunk), Namespaces.Logging, "logstash")),
                ("data", data)), false, context.Namespace(Namespaces.Logging)));
        }

        string PathOf(int index) => $"{PipelinesDirectory}/{chunks[index]}/{configs[index].Id}.conf";

        var pipelines = new List<Value>();
        for (var index = 0; index < sources.Count; index++)
        {
            var (id, config) = configs[index];
            pipelines.Add(ObjectValue.Of(
                ("pipeline.id", id),
                ("path.config", PathOf(index)),
                ("pipeline.workers", workers),
                ("queue.type", "persisted"),
                ("queue.max_bytes", queue.Setting),
                // At least once, with Kafka as the durable buffer (docs/log-pipeline.md, "At least once"): the kafka
                // input commits a poll's offsets only once every event of it is in this queue (enable_auto_commit
                // false), and the queue checkpoints every CheckpointWrites events, Logstash's default: an abnormal
                // end of the pod loses at most that many events per pipeline, where a checkpoint per event (1)
                // would fsync every event.
                ("queue.checkpoint.writes", CheckpointWrites),
                // A pipeline that stops (a reload that removes it, a pod scaled away or rolled) first empties its queue
                // into Elasticsearch: those events' offsets are already committed (docs/day-2-operations.md).
                ("queue.drain", true),
                ("dead_letter_queue.enable", true),
                ("dead_letter_queue.max_bytes", deadLetters.Setting)));
            context.Graph.AddDocument(new RenderedDocument($"logstash/pipelines/{id}.conf", () => DocumentText.Of(config), ComponentName));
        }

        pipelines.Add(ObjectValue.Of(
            ("pipeline.id", DeadLetterPipeline),
            ("path.config", PathOf(configs.Count - 1)),
            ("pipeline.workers", 1),
            ("queue.type", "persisted"),
            ("queue.max_bytes", queue.Setting),
            ("queue.checkpoint.writes", CheckpointWrites),
            ("queue.drain", true),
            // Its own refusals go to its own dead-letter queue, which no input reads (no loop): the last copy of a
            // document even the quarantine stream refused stays on the volume, and LogstashDeadLetterQueueGrowing
            // pages for it. Counted in the volume estimate like every pipeline's (PipelinesFor).
            ("dead_letter_queue.enable", true),
            ("dead_letter_queue.max_bytes", deadLetters.Setting)));
        context.Graph.AddDocument(new RenderedDocument($"logstash/pipelines/{DeadLetterPipeline}.conf", () => DocumentText.Of(deadLetterConfig), ComponentName));

        CheckPipelinesSize(context, args.Stack, pipelines, environments.Count);
        var memory = args.Memory;
        var env = sources.SelectMany(s => new[] { (Name: PasswordVariable(s.Stack), Key: "password") }
                .Concat(s.Local ? [] : [(Name: BootstrapVariable(s.Stack), Key: BootstrapKey)])
                .Select(v => (Value)ObjectValue.Of(
                    ("name", v.Name),
                    ("valueFrom", ObjectValue.Of(("secretKeyRef", ObjectValue.Of(("name", s.PasswordSecret), ("key", v.Key)))))))).ToList();
        env.Insert(0, ObjectValue.Of(("name", "LS_JAVA_OPTS"), ("value", JavaOptions(memory))));
        var replicas = args.Replicas;

        var instance = context.CustomResources(ComponentName, "logstash", [ObjectValue.Of(
            ("apiVersion", "logstash.k8s.elastic.co/v1alpha1"),
            ("kind", "Logstash"),
            ("metadata", StackContext.Metadata(Name, Namespaces.Logging, "logstash")),
            ("spec", ObjectValue.Of(
                ("version", Pins.ElasticStack),
                ("count", replicas),
                ("elasticsearchRefs", ListValue.Of(ObjectValue.Of(
                    ("name", Elasticsearch.ClusterName),
                    ("namespace", Namespaces.Elastic),
                    // ECK_ES_HOSTS names this Service: the data nodes, not the dedicated masters.
                    ("serviceName", Elasticsearch.IngestServiceName),
                    ("clusterName", "eck")))),
                // A changed configuration reaches the mounted file within about a minute; Logstash reloads that pipeline.
                ("config", ObjectValue.Of(("config.reload.automatic", true))),
                ("pipelines", ListValue.Of(pipelines)),
                ("volumeClaimTemplates", ListValue.Of(KubernetesObjects.ClaimTemplate(args.Sizing, "logstash-data", volume))),
                ("podTemplate", ObjectValue.Of(
                    ("metadata", ObjectValue.Of(("labels", ObjectValue.Of(("app.kubernetes.io/name", Name))))),
                    ("spec", ObjectValue.Of(
                    // Time to drain the persisted queues on stop (queue.drain) before the kubelet kills the pod.
                    ("terminationGracePeriodSeconds", DrainGraceSeconds),
                    ("affinity", replicas > 1 ? Placement.OnePerNode(Pods) : null),
                    // Required over several zones: the capacity model sizes the pods for a zone's share lost (⌈pods / zones⌉),
                    // which only a required spread bounds.
                    ("topologySpreadConstraints", replicas <= 1 ? null
                        : args.ElasticsearchZones > 1 ? Placement.AcrossZonesRequired(Pods) : Placement.AcrossZones(Pods)),
                    // The restricted Pod Security level of logging: the image's user (1000) named, fsGroup 1000 for the
                    // data volume (ECK's default pod context, which it applies only to a template without one).
                    ("securityContext", PodSecurity),
                    // Logstash never calls the API server; ECK 3.5.0 would mount the token when this is unset (pod.go).
                    ("automountServiceAccountToken", false),
                    ("initContainers", ListValue.Of([
                        EckInitContainer,
                        .. environments.Count == 0 ? Array.Empty<Value>() : [TruststoreContainer(environments)]])),
                    ("containers", ListValue.Of(ObjectValue.Of(
                        ("name", "logstash"),
                        ("securityContext", KubernetesObjects.RestrictedWritableContainerSecurity()),
                        ("env", ListValue.Of(env)),
                        ("resources", KubernetesObjects.Resources(args.Cpu, memory, memory)),
                        ("volumeMounts", ListValue.Of([
                            ObjectValue.Of(("name", "kafka-ca"), ("mountPath", KafkaCaMount), ("readOnly", true)),
                            ObjectValue.Of(("name", "truststores"), ("mountPath", TruststoreDirectory), ("readOnly", true)),
                            .. Enumerable.Range(0, configMaps.Count).Select(k => (Value)ObjectValue.Of(
                                ("name", PipelinesConfigMap(k)), ("mountPath", $"{PipelinesDirectory}/{k}"), ("readOnly", true)))]))),
                        ExporterContainer())),
                    ("volumes", ListValue.Of([
                        ObjectValue.Of(
                            ("name", "kafka-ca"),
                            ("secret", ObjectValue.Of(("secretName", Kafka.ClusterCaSecret)))),
                        ObjectValue.Of(("name", "truststores"), ("emptyDir", ObjectValue.Empty)),
                        .. Enumerable.Range(0, configMaps.Count).Select(k => (Value)ObjectValue.Of(
                            ("name", PipelinesConfigMap(k)), ("configMap", ObjectValue.Of(("name", PipelinesConfigMap(k)))))),
                        .. environments.Select(e => (Value)ObjectValue.Of(
                            ("name", $"ca-{e.Stack}"),
                            ("secret", ObjectValue.Of(
                                ("secretName", $"logstash-kafka-{e.Stack}"),
                                ("items", ListValue.Of(ObjectValue.Of(("key", CaKey), ("path", CaKey)))))))),
                    ])))))))))],
            stateful: false, [elasticsearch.Cluster, elasticsearch.IngestService, _localKafka.Cluster, _setupJob, .. secrets, .. configMaps]);
        // ECK makes no PodDisruptionBudget for Logstash.
        var budget = replicas > 1 ? Placement.DisruptionBudget(context, ComponentName, "logstash-pdb", Name, Namespaces.Logging, "logstash", Pods) : null;
        EckWorkloads.Register(context, instance, ComponentName, "ls", ChartWorkloads.StatefulSet, "logstash", budget is not null);

        var monitor = ObjectValue.Of(
            ("apiVersion", "monitoring.coreos.com/v1"),
            ("kind", "PodMonitor"),
            ("metadata", StackContext.Metadata(Name, Namespaces.Logging, "logstash")),
            ("spec", ObjectValue.Of(
                ("selector", ObjectValue.Of(("matchLabels", ObjectValue.Of(("logstash.k8s.elastic.co/name", Name))))),
                ("podMetricsEndpoints", ListValue.Of(ObjectValue.Of(("port", "metrics"), ("path", "/metrics")))))));
        context.CustomResources(ComponentName, "logstash-monitor", [monitor], stateful: false, instance);
        context.AddRules(ComponentName, "logstash", [LogstashRules.Group(args.Rules, [.. sources.Select(s => s.Stack), DeadLetterPipeline])]);
        context.AddRules(ComponentName, "log-freshness", [LogFreshnessRules.Group(args.Rules)]);
        foreach (var dashboard in LogstashDashboards.All)
        {
            context.AddDashboard(dashboard);
        }

        context.AddEdge(NetworkEdge.Scrape(Namespaces.Logging, ExporterPort));
        context.AddEgress(new NetworkEgress(Namespaces.Logging, "egress-logstash", [("app.kubernetes.io/name", Name)], [Kafka.Pods], [Kafka.TlsPort],
            "consumes the controlplane's own Kafka (ingress: Strimzi's policies)"));
        context.AddEgress(new NetworkEgress(Namespaces.Logging, "egress-logstash", [("app.kubernetes.io/name", Name)], NetworkPeer.AnyAddress, [Kafka.ExternalPort],
            "consumes every environment's Kafka through its load balancer: a private address (internal scheme) or a public one, per that environment's loadBalancerScheme"));
        context.AddEdge(new NetworkEdge(Namespaces.Logging, "allow-eck-operator-to-logstash", [("app.kubernetes.io/name", Name)], NetworkPeer.Pods(Namespaces.ElasticSystem), [ApiPort]));
        context.AddEdge(new NetworkEdge(Namespaces.Elastic, "allow-logstash-to-elasticsearch", [("elasticsearch.k8s.elastic.co/cluster-name", Elasticsearch.ClusterName)],
            NetworkPeer.Pods(Namespaces.Logging, ("app.kubernetes.io/name", Name)), [Elasticsearch.HttpPort]));
    }

    /// <summary>Where the pods mount the pipeline ConfigMaps (one directory per ConfigMap).</summary>
    public const string PipelinesDirectory = "/usr/share/logstash/pipeline-configs";

    public static string PipelinesConfigMap(int chunk) => $"logstash-pipelines-{chunk}";

    /// <summary>
    /// The ConfigMap of each configuration, in order: a new ConfigMap when the next one would take the current one
    /// over <see cref="PipelinesSecretShare"/> of the 1 MiB Kubernetes allows a ConfigMap.
    /// </summary>
    public static IReadOnlyList<int> Chunks(IReadOnlyList<int> bytes)
    {
        var limit = SecretLimitBytes * PipelinesSecretShare;
        var chunks = new List<int>();
        var (chunk, used) = (0, 0m);
        foreach (var size in bytes)
        {
            if (used > 0 && used + size > limit)
            {
                (chunk, used) = (chunk + 1, 0m);
            }

            chunks.Add(chunk);
            used += size;
        }

        return chunks;
    }

    /// <summary>
    /// Kubernetes refuses a Secret over 1 MiB (kubernetes/kubernetes pkg/apis/core/types.go, MaxSecretSize), and ECK
    /// writes the Logstash resource's pipelines into one Secret (<c>logstash-ls-pipeline</c>, pipelines.yml).
    /// </summary>
    public const int SecretLimitBytes = 1024 * 1024;

    /// <summary>
    /// The share of <see cref="SecretLimitBytes"/> the pipelines may take as rendered: stack outputs (Kafka bootstrap
    /// addresses) are placeholders at compile time and may be longer when deployed, and ECK adds its own keys.
    /// </summary>
    public const decimal PipelinesSecretShare = 0.9m;

    /// <summary>The pipelines as ECK writes them (pipelines.yml): their YAML, as the compiler renders it.</summary>
    public static int PipelinesBytes(IReadOnlyList<Value> pipelines) =>
        System.Text.Encoding.UTF8.GetByteCount(Yaml.YamlWriter.Write(new ListValue(pipelines), Yaml.YamlMode.Document));

    /// <summary>
    /// One Logstash resource lists every source's pipeline (about 250 bytes each since the configurations are in
    /// ConfigMaps; 4.5 KB each inline): ECK writes that list into one Secret, so past some thousands of environments
    /// the apply would fail on the cluster. The compile refuses it first and names the largest fleet one controlplane holds.
    /// </summary>
    private static void CheckPipelinesSize(StackContext context, string stack, List<Value> pipelines, int environments)
    {
        if (PipelinesSizeProblem(stack, pipelines.Select(p => PipelinesBytes([p])).ToList(), environments) is { } problem)
        {
            context.Problems.Add(problem);
        }
    }

    /// <summary>
    /// The problem, if the pipeline entries (bytes of each, as rendered: the controlplane's own, one per environment, the
    /// dead-letter pipeline's) exceed <see cref="PipelinesSecretShare"/> of the Secret, naming how many environments fit.
    /// </summary>
    public static string? PipelinesSizeProblem(string stack, IReadOnlyList<int> sizes, int environments)
    {
        var bytes = sizes.Sum();
        var limit = SecretLimitBytes * PipelinesSecretShare;
        if (bytes <= limit)
        {
            return null;
        }

        // The controlplane's own and the dead-letter pipeline stay; then as many environments, in order, as fit.
        var used = (decimal)sizes[0] + sizes[^1];
        var most = 0;
        while (most < environments && used + sizes[1 + most] <= limit)
        {
            used += sizes[1 + most];
            most++;
        }

        var perEnvironment = environments == 0 ? 0 : (decimal)sizes.Skip(1).Take(environments).Sum() / environments;
        return $"stack '{stack}': the Logstash pipelines of {environments} environments take {RuleContext.Number(decimal.Round(bytes / 1024m))} KiB in the Logstash resource (about {RuleContext.Number(decimal.Round(perEnvironment, 0))} bytes each), over {RuleContext.Number(decimal.Round(limit / 1024m))} KiB ({PipelinesSecretShare * 100:0}% of the 1 MiB Kubernetes allows a Secret; ECK writes them into the Secret {Name}-ls-pipeline, so the apply would fail); fix: list at most {most} environments in {SettingsCatalog.Environments.Key} of this controlplane and deploy another controlplane for the rest (docs/sizing.md, \"The controlplane for a fleet\").";
    }

    /// <summary>A per-pipeline queue size setting: its size in bytes and as Logstash writes it (gb or mb, powers of 1024).</summary>
    private static (decimal Bytes, string Setting) QueueSize(StackContext context, string stack, Setting<string> setting, string text, int minimumMiB)
    {
        var bytes = KubeQuantity.Parse(text);
        if (bytes < minimumMiB * MiB || bytes % MiB != 0)
        {
            context.Problems.Add($"stack '{stack}': {setting.Key} {text} is not a whole number of MiB of at least {minimumMiB}Mi; fix: pulumi config set {setting.Key} {minimumMiB}Mi --stack {stack}");
            return (minimumMiB * MiB, $"{minimumMiB}mb");
        }

        return bytes % GiB == 0 ? (bytes, $"{bytes / GiB}gb") : (bytes, $"{bytes / MiB}mb");
    }

    /// <summary>
    /// Bytes each pod's volume must hold: during an Elasticsearch outage every pipeline's persisted queue
    /// and dead-letter queue can fill up to its limit, and they all live on the pod's one data volume.
    /// Linear in the pipelines, but small per pipeline: Kafka, not this volume, buffers an outage.
    /// </summary>
    public static decimal RequiredVolumeBytes(int pipelines, decimal queueBytes, decimal deadLetterQueueBytes) =>
        (pipelines * (queueBytes + deadLetterQueueBytes)) + (HeadroomGiB * GiB);

    /// <summary>
    /// Heap one pipeline holds at its fullest (a catch-up, every queue full): its workers' batches
    /// (workers x <see cref="BatchSize"/> x <see cref="HeapPerEventKiB"/>) and its Kafka consumer's completed fetches
    /// (<see cref="FetchMiBPerPartition"/> per partition the pod holds). An estimate, not a measurement.
    /// </summary>
    public static decimal PipelineHeapBytes(int workers, int partitionsPerPod) =>
        (workers * BatchSize * HeapPerEventKiB * 1024m) + (partitionsPerPod * FetchMiBPerPartition * MiB);

    /// <summary>
    /// JVM heap for a pod running this many pipelines (docs/sizing.md, "Logstash"): a base for Logstash itself plus
    /// <see cref="PipelineHeapBytes"/> per pipeline, and in production at least <see cref="HeapFloorMiB"/>.
    /// LogstashJvmHeapHigh says when it is short.
    /// </summary>
    public static decimal RequiredHeapBytes(int pipelines, int workers = LogCapacity.DefaultWorkers, int partitionsPerPod = DefaultPartitionsPerPod, bool floor = true, long longestLineBytes = EnvironmentFacts.DefaultMaxLineBytes) =>
        Math.Max(floor ? HeapFloorMiB * MiB : 0, (HeapBaseMiB * MiB) + (pipelines * PipelineHeapBytes(workers, partitionsPerPod)) + LongLinesBytes(workers, longestLineBytes));

    /// <summary>
    /// One pipeline's batches full of the longest lines its source ships (workers x <see cref="BatchSize"/> x
    /// <see cref="CopiesPerEvent"/> x the line): a source of long lines must not run the heap out, or the pod is killed, the
    /// batch is not committed and the next pod reads the same records (docs/sizing.md, "Logstash").
    /// </summary>
    public static decimal LongLinesBytes(int workers, long longestLineBytes) => (decimal)workers * BatchSize * CopiesPerEvent * longestLineBytes;

    /// <summary>The smallest logstashMemory whose half (the heap, <see cref="JavaOptions"/>) holds <see cref="RequiredHeapBytes"/>, in steps of 512Mi.</summary>
    public static string RequiredMemory(int pipelines, int workers = LogCapacity.DefaultWorkers, int partitionsPerPod = DefaultPartitionsPerPod, bool floor = true, long longestLineBytes = EnvironmentFacts.DefaultMaxLineBytes)
    {
        var steps = decimal.Ceiling(2 * RequiredHeapBytes(pipelines, workers, partitionsPerPod, floor, longestLineBytes) / (MemoryStepMiB * MiB));
        var mebibytes = steps * MemoryStepMiB;
        return mebibytes % 1024 == 0 ? $"{mebibytes / 1024}Gi" : $"{mebibytes}Mi";
    }

    /// <summary>
    /// Memory grows with the pipelines but is a setting (the pods' requests are what the cluster reserves):
    /// the compile refuses a heap below the estimate and names the memory to set.
    /// </summary>
    private static void CheckMemory(StackContext context, LogstashArgs args, int pipelines)
    {
        var memory = args.Memory;
        var heap = KubeQuantity.Parse(memory) / 2;
        var (workers, partitions, floor, line) = HeapInputs(args.Sizing, context.EnvironmentFacts);
        var needed = RequiredHeapBytes(pipelines, workers, partitions, floor, line);
        if (heap < needed)
        {
            var perPipeline = RuleContext.Number(decimal.Round(PipelineHeapBytes(workers, partitions) / MiB, 2));
            var floorText = floor ? $", at least {HeapFloorMiB} MiB as the profile's {WorkloadDefault.LogstashHeapFloor.Key} asks (Elastic's recommended least heap for typical ingestion)" : string.Empty;
            context.Problems.Add($"stack '{args.Stack}': {SettingsCatalog.LogstashMemory.Key} {memory} gives each Logstash pod a heap of {RuleContext.Number(decimal.Round(heap / MiB))} MiB (half of it), below the {RuleContext.Number(decimal.Round(needed / MiB))} MiB estimated for {pipelines} pipelines ({HeapBaseMiB} MiB + {perPipeline} MiB per pipeline: {workers} workers x {BatchSize} events x {HeapPerEventKiB} KiB in flight + {partitions} partitions x {FetchMiBPerPartition} MiB fetched, + {RuleContext.Number(decimal.Round(LongLinesBytes(workers, line) / MiB))} MiB for one pipeline's batches of its source's longest lines ({workers} x {BatchSize} x {CopiesPerEvent} x {line} bytes, the largest fluentBitMaxLineSize){floorText}; docs/sizing.md); fix: pulumi config set {SettingsCatalog.LogstashMemory.Key} {RequiredMemory(pipelines, workers, partitions, floor, line)} --stack {args.Stack}.");
        }
    }

    /// <summary>
    /// What the heap estimate of a controlplane reads: its workers per pipeline, the most partitions of one topic a
    /// pod holds with a zone's pods lost (the capacity model's bound), and whether the production floor applies.
    /// </summary>
    public static (int Workers, int PartitionsPerPod, bool Floor, long LongestLineBytes) HeapInputs(StackSettings settings, IReadOnlyList<EnvironmentFacts> environments) =>
        HeapInputs(LogCapacity.For(settings, environments), settings.Profile);

    public static (int Workers, int PartitionsPerPod, bool Floor, long LongestLineBytes) HeapInputs(LogCapacity capacity, Profile profile)
    {
        var serving = capacity.ServingPods(capacity.LogstashPods);
        var partitions = capacity.Sources.Select(s => (int)Math.Ceiling(s.Partitions / (decimal)Math.Max(1, Math.Min(serving, s.Partitions)))).DefaultIfEmpty(1).Max();
        var line = capacity.Sources.Select(s => s.MaxLineBytes).DefaultIfEmpty(EnvironmentFacts.DefaultMaxLineBytes).Max();
        return (capacity.Workers, partitions, profile.Flag(WorkloadDefault.LogstashHeapFloor), line);
    }

    /// <summary>
    /// The volume size is a setting rather than derived, because ECK refuses to shrink a volume (removing
    /// an environment would fail) and can only grow one where the StorageClass allows expansion.
    /// </summary>
    private static string CheckVolume(StackContext context, LogstashArgs args, int pipelines, (decimal Bytes, string Setting) queue, (decimal Bytes, string Setting) deadLetters)
    {
        var needed = RequiredVolumeBytes(pipelines, queue.Bytes, deadLetters.Bytes);
        var neededGiB = decimal.Ceiling(needed / GiB);
        var volume = args.StorageSize;
        if (KubeQuantity.Parse(volume) < needed)
        {
            context.Problems.Add($"stack '{args.Stack}': {SettingsCatalog.LogstashStorageSize.Key} {volume} cannot hold the queues of {pipelines} pipelines ({pipelines} x ({args.QueueSize} queue + {args.DeadLetterQueueSize} dead-letter queue) + {HeadroomGiB} GiB = {RuleContext.Number(decimal.Round(needed / GiB, 2))} GiB); fix: pulumi config set {SettingsCatalog.LogstashStorageSize.Key} {neededGiB}Gi --stack {args.Stack} (growing a deployed volume needs a StorageClass with allowVolumeExpansion), or smaller {SettingsCatalog.LogstashQueueSize.Key} / {SettingsCatalog.LogstashDeadLetterQueueSize.Key}.");
        }

        return volume;
    }

    /// <summary>
    /// Every pod joins each source's consumer group, and Kafka gives each partition to one member: with
    /// fewer partitions than pods, the extra pods idle for that source and the work does not spread.
    /// </summary>
    private static void CheckConsumers(StackContext context, LogstashArgs args)
    {
        var replicas = args.Replicas;
        var partitions = SettingsCatalog.KafkaLogPartitions.Key;
        var fewer = new List<string>();
        if (args.KafkaLogPartitions < replicas)
        {
            fewer.Add($"{args.Stack} (this stack, {args.KafkaLogPartitions})");
        }

        fewer.AddRange(context.EnvironmentFacts.Where(e => e.KafkaLogPartitions < replicas).Select(e => $"{e.Stack} ({e.KafkaLogPartitions}, {e.Source})"));
        if (fewer.Count > 0)
        {
            context.Problems.Add($"stack '{args.Stack}': {SettingsCatalog.LogstashReplicas.Key} {replicas} Logstash pods share each log topic through one consumer group, but these stacks' logs topics have fewer partitions ({partitions}), so pods would idle: {string.Join(", ", fewer)}; fix: pulumi config set {partitions} {replicas} --stack <each of them> (Kafka can add partitions, never remove them), or pulumi config set {SettingsCatalog.LogstashReplicas.Key} {context.EnvironmentFacts.Select(e => e.KafkaLogPartitions).Append(args.KafkaLogPartitions).Min()} --stack {args.Stack}.");
        }
    }

    /// <summary>
    /// The JVM heap as half the container's memory (the image's jvm.options fix it at 1 GiB whatever the
    /// limit); the other half holds the threads' stacks, metaspace, direct buffers and the page cache of the queues.
    /// </summary>
    public static string JavaOptions(string memory)
    {
        var heapMiB = (long)(KubeQuantity.Parse(memory) / 2 / (1024 * 1024));
        return $"-Xms{heapMiB}m -Xmx{heapMiB}m";
    }

    /// <summary>Key of an environment's private CA (PEM, empty when publicly trusted) in its Logstash Secret.</summary>
    public const string CaKey = "ca.crt";

    /// <summary>Where the init container leaves one PKCS12 trust store per environment.</summary>
    public const string TruststoreDirectory = "/usr/share/logstash/truststores";

    /// <summary>
    /// JVM trust stores hold no password-protected secrets: the password only guards their integrity,
    /// so the JDK's well-known default is used rather than a generated one.
    /// </summary>
    public const string TruststorePassword = "changeit";

    private const string EnvironmentCaDirectory = "/usr/share/logstash/environment-ca";

    /// <summary>
    /// Builds each environment's trust store: the JDK's public roots plus the environment's private CA when
    /// it has one. A PEM trust store of the CA alone would reject a publicly trusted environment, and the
    /// pipeline configuration cannot depend on an output only known at deploy time.
    /// </summary>
    public const string TruststoreScript = """
        set -eu
        for dir in "$CA_DIRECTORY"/*/; do
          [ -d "$dir" ] || continue
          name=${dir%/}
          name=${name##*/}
          store="$TRUSTSTORE_DIRECTORY/$name.p12"
          rm -f "$store"
          "$JDK_HOME/bin/keytool" -importkeystore -noprompt -srckeystore "$JDK_HOME/lib/security/cacerts" -srcstorepass "$TRUSTSTORE_PASSWORD" \
            -destkeystore "$store" -deststoretype PKCS12 -deststorepass "$TRUSTSTORE_PASSWORD" >/dev/null
          if [ -s "$dir/ca.crt" ]; then
            "$JDK_HOME/bin/keytool" -importcert -noprompt -alias environment-ca -file "$dir/ca.crt" \
              -keystore "$store" -storetype PKCS12 -storepass "$TRUSTSTORE_PASSWORD"
          fi
        done

        """;

    /// <summary>The Logstash pods' security context (restricted).</summary>
    public static ObjectValue PodSecurity { get; } = ChartValuesMerger.Merge(KubernetesObjects.RestrictedPodSecurity(fsGroup: 1000), ObjectValue.Of(("runAsUser", 1000)));

    /// <summary>The init container ECK adds to every Logstash pod (ECK 3.5.0 pkg/controller/logstash/initcontainer.go).</summary>
    public const string EckInitContainerName = "logstash-internal-init-config";

    /// <summary>
    /// ECK's init container, named here only for its security context: ECK takes a template's init container of
    /// that name as the base and fills in its own image, command, env, mounts and resources, but not its security
    /// context (pkg/controller/common/defaults/pod_template.go WithInitContainers; container/defaulter.go From).
    /// Its own (privileged: false only) would fail the restricted level.
    /// </summary>
    private static ObjectValue EckInitContainer { get; } = ObjectValue.Of(
        ("name", EckInitContainerName),
        ("securityContext", KubernetesObjects.RestrictedWritableContainerSecurity()));

    /// <summary>The init container that runs <see cref="TruststoreScript"/> with the Logstash image's own JDK.</summary>
    private static ObjectValue TruststoreContainer(IReadOnlyList<EnvironmentStack> environments) => ObjectValue.Of(
        ("name", "truststores"),
        ("securityContext", KubernetesObjects.RestrictedWritableContainerSecurity()),
        ("image", $"docker.elastic.co/logstash/logstash:{Pins.ElasticStack}"),
        ("command", ListValue.Of("bash", "-c", TruststoreScript)),
        ("env", ListValue.Of(
            ObjectValue.Of(("name", "JDK_HOME"), ("value", "/usr/share/logstash/jdk")),
            ObjectValue.Of(("name", "CA_DIRECTORY"), ("value", EnvironmentCaDirectory)),
            ObjectValue.Of(("name", "TRUSTSTORE_DIRECTORY"), ("value", TruststoreDirectory)),
            ObjectValue.Of(("name", "TRUSTSTORE_PASSWORD"), ("value", TruststorePassword)))),
        ("resources", KubernetesObjects.Resources("100m", "256Mi", "512Mi")),
        ("volumeMounts", ListValue.Of([
            ObjectValue.Of(("name", "truststores"), ("mountPath", TruststoreDirectory)),
            .. environments.Select(e => (Value)ObjectValue.Of(("name", $"ca-{e.Stack}"), ("mountPath", $"{EnvironmentCaDirectory}/{e.Stack}"), ("readOnly", true))),
        ])));

    /// <summary>Port of the Prometheus exporter sidecar.</summary>
    public const int ExporterPort = 9198;

    /// <summary>Environment variable holding a source's Kafka password inside the Logstash pod.</summary>
    public static string PasswordVariable(string stack) => $"KAFKA_PASSWORD_{stack.ToUpperInvariant().Replace('-', '_')}";

    /// <summary>The environment variable holding an environment's Kafka bootstrap address (its stack output, as data).</summary>
    public static string BootstrapVariable(string stack) => $"KAFKA_BOOTSTRAP_{stack.ToUpperInvariant().Replace('-', '_')}";

    /// <summary>Key of the bootstrap address in an environment's Logstash Secret.</summary>
    public const string BootstrapKey = "bootstrap";

    /// <summary>The exporter sidecar: Logstash has no Prometheus endpoint of its own.</summary>
    private static ObjectValue ExporterContainer() => ObjectValue.Of(
        ("name", "logstash-exporter"),
        ("image", Pins.LogstashExporterImage),
        ("env", ListValue.Of(ObjectValue.Of(("name", "LOGSTASH_URL"), ("value", "http://localhost:9600")))),
        ("ports", ListValue.Of(KubernetesObjects.ContainerPort("metrics", ExporterPort))),
        ("resources", KubernetesObjects.Resources("10m", "32Mi", "64Mi")),
        ("securityContext", KubernetesObjects.RestrictedContainerSecurity(runAsNonRoot: true)));

    /// <summary>Candidate fields holding the application's own time, in the order they are tried.</summary>
    public static readonly string[] TimeFields = ["[app][@timestamp]", "[app][timestamp]", "[app][time]", "[app][ts]"];

    /// <summary>Time formats Logstash accepts in those fields; a value with an offset keeps it, one without is read in the environment's zone.</summary>
    public static readonly string[] TimeFormats = ["ISO8601", "yyyy-MM-dd HH:mm:ss.SSSZZ", "yyyy-MM-dd HH:mm:ss.SSS", "yyyy-MM-dd HH:mm:ss", "UNIX_MS", "UNIX"];

    /// <summary>
    /// One pipeline: consume the source's Kafka, parse JSON lines and the application's own time, set the
    /// authoritative labels, write the environment's data stream. @@markers@@ are deploy-time values.
    /// </summary>
    /// <param name="teams">The filter sending teams' namespaces to their data streams (Teams/TeamLogs); empty without teams.</param>
    private static InterpolatedValue PipelineConfig(LogSource source, string teams)
    {
        // Local Kafka: Strimzi's cluster CA. Remote: the external listener's certificate comes from the
        // environment's cert-manager issuer; its trust store holds the public roots and the private CA if any.
        var truststore = source.Local
            ? $"""
                    ssl_truststore_type => "PEM"
                    ssl_truststore_location => "{KafkaCaMount}/ca.crt"
                """
            : $"""
                    ssl_truststore_type => "PKCS12"
                    ssl_truststore_location => "{TruststoreDirectory}/{source.Stack}.p12"
                    ssl_truststore_password => "{TruststorePassword}"
                """;
        var dates = string.Concat(TimeFields.Select((field, i) => $$"""
              {{(i == 0 ? "if" : "else if")}} {{field}} {
                date {
                  match => ["{{field}}", {{string.Join(", ", TimeFormats.Select(Quote))}}]
                  timezone => "@@timeZone@@"
                  target => "@timestamp"
                  tag_on_failure => ["_app_time_unparsed"]
                }
              }

            """));
        var template = $$"""
            input {
              kafka {
                id => "kafka-{{source.Stack}}"
                bootstrap_servers => "@@bootstrap@@"
                topics => ["{{Kafka.LogsTopic}}"]
                group_id => "{{Kafka.ConsumerGroupPrefix}}{{source.Stack}}"
                client_id => "logstash-{{source.Stack}}"
                codec => json
                auto_offset_reset => "earliest"
                # Commit a poll's offsets after its events are in the persisted queue, not on a timer.
                enable_auto_commit => false
                max_poll_records => {{MaxPollRecords}}
                security_protocol => "SASL_SSL"
                sasl_mechanism => "SCRAM-SHA-512"
                sasl_jaas_config => "org.apache.kafka.common.security.scram.ScramLoginModule required username='{{Kafka.ConsumerUser}}' password='${{{PasswordVariable(source.Stack)}}}';"
            {{truststore}}
              }
            }
            filter {
              # Only this pipeline names the data stream (the output routes by these fields): a producer's own
              # [data_stream] could write into another environment's or a team's stream.
              mutate {
                remove_field => ["[data_stream]"]
              }
              # Fluent Bit ships the container line in "log" and its collection time in @timestamp (UTC).
              # A JSON line is parsed under [app]; any other line stays plain text.
              if [log] =~ /^\s*\{/ {
                json {
                  source => "log"
                  target => "app"
                  skip_on_invalid_json => true
                }
              }
              mutate {
                rename => { "log" => "message" }
              }
            {{dates}}  # Fluent Bit's own log goes to a data stream of its own (logs-{{SelfDataset}}-<stack>): the
              # output's data_stream_auto_routing takes the stream's name from these fields.
              if [{{FluentBit.SelfMarkerKey}}] {
                mutate {
                  add_field => {
                    "[data_stream][type]" => "logs"
                    "[data_stream][dataset]" => "{{SelfDataset}}"
                    "[data_stream][namespace]" => "{{source.Stack}}"
                  }
                  remove_field => ["{{FluentBit.SelfMarkerKey}}"]
                }
              }
            {{teams}}  # Authoritative labels, from the environment's stack, whatever the producer sent.
              mutate {
                replace => {
                  "environment" => "{{source.Environment}}"
                  "cluster" => "@@cluster@@"
                }
              }
            }
            {{ElasticsearchOutput(DataStreamDataset, source.Stack)}}

            """;
        return TemplatedText.Fill(template, ("bootstrap", source.Bootstrap), ("timeZone", source.TimeZone), ("cluster", source.Cluster));
    }

    /// <summary>The output both pipelines share: the data stream of a dataset and namespace, through ECK's connection.</summary>
    private static string ElasticsearchOutput(string dataset, string @namespace) => $$"""
        output {
          elasticsearch {
            hosts => ["${ECK_ES_HOSTS}"]
            user => "${ECK_ES_USER}"
            password => "${ECK_ES_PASSWORD}"
            ssl_certificate_authorities => ["${ECK_ES_SSL_CERTIFICATE_AUTHORITY}"]
            data_stream => "true"
            data_stream_type => "logs"
            data_stream_dataset => "{{dataset}}"
            data_stream_namespace => "{{@namespace}}"
          }
        }
        """;

    private static string Quote(string text) => $"\"{text}\"";

    /// <summary>Pipelines of a controlplane with this many environments: one per log source (its own and each environment's) and the dead-letter pipeline.</summary>
    public static int PipelinesFor(int environments) => environments + 2;

    /// <summary>The pipeline that drains the dead-letter queues.</summary>
    public const string DeadLetterPipeline = "dead-letters";

    /// <summary>Dataset of the quarantine data stream: logs-quarantine-&lt;controlplane stack&gt;.</summary>
    public const string QuarantineDataset = "quarantine";

    /// <summary>Where ECK's Logstash keeps path.data (the pod's volume); each pipeline's dead-letter queue is below it.</summary>
    public const string DeadLetterQueuePath = "/usr/share/logstash/data/dead_letter_queue";

    /// <summary>
    /// Reads every source pipeline's dead-letter queue (committing what it read and deleting consumed
    /// segments, so the queues drain), keeps the event's time, environment, cluster and message, stores
    /// everything else as one unindexed JSON string (so no field of it can conflict again) with the reason
    /// Elasticsearch gave, and writes the quarantine data stream.
    /// </summary>
    private static string DeadLetterPipelineConfig(IReadOnlyList<string> stacks, string controlplane)
    {
        var inputs = string.Concat(stacks.Select(stack => $$"""
              dead_letter_queue {
                id => "dead-letters-{{stack}}"
                path => "{{DeadLetterQueuePath}}"
                pipeline_id => "{{stack}}"
                commit_offsets => true
                clean_consumed => true
              }

            """));
        return $$"""
            input {
            {{inputs}}}
            filter {
              ruby {
                code => '
                  kept = ["@timestamp", "environment", "cluster", "message"]
                  original = event.to_hash.reject { |key, _| kept.include?(key) || key.start_with?("@") }
                  original.each_key { |key| event.remove(key) }
                  event.set("original", LogStash::Json.dump(original))
                '
              }
              mutate {
                add_field => {
                  "[dead_letter][reason]" => "%{[@metadata][dead_letter_queue][reason]}"
                  "[dead_letter][pipeline]" => "%{[@metadata][dead_letter_queue][pipeline_id]}"
                  "[data_stream][type]" => "logs"
                  "[data_stream][dataset]" => "{{QuarantineDataset}}"
                  "[data_stream][namespace]" => "{{controlplane}}"
                }
              }
            }
            {{ElasticsearchOutput(QuarantineDataset, controlplane)}}

            """;
    }

    /// <summary>Dataset of Fluent Bit's own logs: logs-fluentbit-&lt;environment stack&gt;.</summary>
    public const string SelfDataset = "fluentbit";

    /// <summary>Dataset of every log data stream: logs-kubernetes-&lt;environment stack&gt;.</summary>
    public const string DataStreamDataset = "kubernetes";

    /// <summary>One Kafka to consume: an environment stack's (from its outputs) or the controlplane's own.</summary>
    private sealed record LogSource(string Stack, string Environment, Value Bootstrap, string PasswordSecret, bool Local, Value Cluster, Value TimeZone);
}
