using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Fluent Bit on every node (tolerates every taint): tails container logs with an offset DB, adds
/// Kubernetes metadata, buffers on the node's disk, and produces to the cluster's Kafka over TLS
/// with SCRAM, acks=all and idempotence, without a retry limit.
/// </summary>
public sealed class FluentBit : IComponent
{
    public const string ComponentName = "FluentBit";
    public const string ReleaseName = "fluent-bit";
    public const string BufferPath = "/var/lib/fluent-bit";
    public const string KafkaCaPath = "/fluent-bit/kafka-ca";

    /// <summary>Fluent Bit's HTTP server: health checks and Prometheus metrics.</summary>
    public const int MetricsPort = 2020;

    /// <summary>
    /// The prometheus_exporter output serving the delivery-failure counter (log_to_metrics metrics are pipeline
    /// data: they leave through an output, not the built-in HTTP server; fluent/fluent-bit v5.1.1
    /// plugins/out_prometheus_exporter, whose default port this is).
    /// </summary>
    public const int LogMetricsPort = 2021;

    /// <summary>The chart's name of that port (extraPorts) and of its ServiceMonitor endpoint.</summary>
    public const string LogMetricsPortName = "log-metrics";

    /// <summary>Tag of the metrics the log_to_metrics filter emits; neither the Kafka output nor a log filter matches it.</summary>
    public const string LogMetricsTag = "fluentbit.metrics";

    /// <summary>
    /// Counter of out_kafka's permanent-failure lines in Fluent Bit's own log: log_to_metrics names it
    /// &lt;metric_namespace&gt;_&lt;metric_subsystem&gt;_&lt;metric_name&gt; and cmetrics adds no _total.
    /// </summary>
    public const string DeliveryFailedMetric = "log_metric_counter_kafka_delivery_failed";

    /// <summary>
    /// The lines out_kafka writes when librdkafka gave up on records whose chunk was already released
    /// (fluent/fluent-bit v5.1.1 plugins/out_kafka/kafka.c: cb_kafka_msg "message delivery failed: %s";
    /// kafka_flush_force "Failed to force flush: %s" at shutdown).
    /// </summary>
    public const string DeliveryFailurePattern = "message delivery failed|Failed to force flush";

    /// <summary>Chunks held in memory (storage.max_chunks_up); the rest of the buffer stays on disk.</summary>
    public const int MaxChunksUp = 64;

    /// <summary>A filesystem chunk is closed near 2,048,000 bytes (FLB_INPUT_CHUNK_FS_MAX_SIZE); counted as 2 MiB.</summary>
    public const long ChunkBytes = 2L * 1024 * 1024;

    /// <summary>storage.backlog.mem_limit, in Fluent Bit's syntax and in bytes (decimal units).</summary>
    public const string BacklogMemLimit = "16M";
    public const long BacklogMemLimitBytes = 16_000_000;

    /// <summary>Fluent Bit itself, the Kubernetes filter's metadata cache, Lua, TLS and librdkafka's own buffers.</summary>
    public const long BaseMemoryBytes = 64L * 1024 * 1024;

    /// <summary>Smallest librdkafka queue, and its cap on records: what a crashing pod loses is bounded by it.</summary>
    public const long MinQueueBytes = 16L * 1024 * 1024;
    public const int QueueMessages = 10_000;

    /// <summary>Room per record beyond its line: the Kubernetes metadata, labels and the record's own keys.</summary>
    public const long RecordOverheadBytes = 64 * 1024;

    /// <summary>The longest line shipped (fluentBitMaxLineSize) in bytes.</summary>
    public static long MaxLineBytes(StackSettings settings) =>
        FluentBitSize.Bytes(settings.Get(SettingsCatalog.FluentBitMaxLineSize)) ?? throw new InvalidOperationException("fluentBitMaxLineSize is validated as a Fluent Bit size");

    /// <summary>
    /// librdkafka's message.max.bytes: the line embedded as a JSON string (escaping at most doubles it)
    /// plus its metadata. A larger record fails rd_kafka_produce, and out_kafka then drops the whole chunk.
    /// </summary>
    public static long MessageMaxBytes(StackSettings settings) => (2 * MaxLineBytes(settings)) + RecordOverheadBytes;

    /// <summary>
    /// The logs topic's max.message.bytes: librdkafka fills a batch up to message.max.bytes and may overshoot
    /// by one message, so a batch is at most twice that; the broker refuses a larger one for good.
    /// </summary>
    public static long TopicMaxMessageBytes(StackSettings settings) => 2 * MessageMaxBytes(settings);

    /// <summary>
    /// librdkafka's queue.buffering.max.kbytes: at least <see cref="MinQueueBytes"/>, and two of the largest
    /// records, since a record larger than the queue could never be enqueued.
    /// </summary>
    public static long QueueKBytes(StackSettings settings) => Math.Max(MinQueueBytes, 2 * MessageMaxBytes(settings)) / 1024;

    /// <summary>
    /// Memory Fluent Bit needs at most: the chunks up, the backlog being loaded, librdkafka's full queue, one
    /// line at its maximum and the base. The container's memory limit must hold it, or the pod is OOM-killed
    /// and loses what librdkafka had queued.
    /// </summary>
    public static long MemoryBudgetBytes(StackSettings settings) =>
        (MaxChunksUp * ChunkBytes) + BacklogMemLimitBytes + (QueueKBytes(settings) * 1024) + MaxLineBytes(settings) + BaseMemoryBytes;

    /// <summary>Tag, record and period of the heartbeat input (log freshness, docs/log-pipeline.md).</summary>
    public const string HeartbeatTag = "heartbeat";
    public const string HeartbeatRecord = "{\"heartbeat\":true,\"message\":\"fluent-bit heartbeat\"}";
    public const int HeartbeatIntervalSeconds = 30;

    /// <summary>The Kafka output's Match_Regex: the tailed container logs (kube.*) and the heartbeat.</summary>
    public const string OutputMatch = $"^(kube\\..*|{HeartbeatTag}|{SelfTag})$";

    /// <summary>
    /// Fluent Bit's own container logs: the kubelet names them &lt;pod&gt;_&lt;namespace&gt;_&lt;container&gt;-&lt;id&gt;.log, so the
    /// namespace is part of the glob (a tenant's pod named fluent-bit-* elsewhere stays an ordinary, labelled log).
    /// </summary>
    public static string SelfLogPath => $"/var/log/containers/{ReleaseName}-*_{Namespaces.NodeAgents}_{ReleaseName}-*.log";

    /// <summary>Tag of Fluent Bit's own log records.</summary>
    public const string SelfTag = "fluentbit.self";

    /// <summary>Field marking Fluent Bit's own records; Logstash routes them to logs-fluentbit-&lt;stack&gt;.</summary>
    public const string SelfMarkerKey = "fluentbit_self";

    /// <summary>The chart's selector label (its name, which fullnameOverride does not change).</summary>
    public static readonly (string Key, string Value)[] Pods = [("app.kubernetes.io/name", "fluent-bit")];

    private readonly FluentBitArgs _args;
    private readonly Resource _kubePrometheusChart;
    private readonly KafkaResources _kafka;

    /// <param name="args">What it reads of the stack's settings.</param>
    /// <param name="kubePrometheusChart">kube-prometheus-stack's chart: its CRDs hold the ServiceMonitor this chart renders.</param>
    /// <param name="kafka">The stack's Kafka, which Fluent Bit produces to.</param>
    public FluentBit(FluentBitArgs args, Resource kubePrometheusChart, KafkaResources kafka)
    {
        _args = args;
        _kubePrometheusChart = kubePrometheusChart;
        _kafka = kafka;
    }

    public string Name => ComponentName;

    public void Build(StackContext context)
    {
        var args = _args;
        var kafka = _kafka;
        // node-agents (privileged: host paths), away from Kafka's namespace, whose Secrets it cannot mount: its
        // SCRAM password is written here too, and the cluster CA certificate is a copy kept by KafkaClientRestart.
        var release = context.Release(ComponentName, ReleaseName, Pins.FluentBit, Namespaces.NodeAgents);
        release.Reserve("existingConfigMap", "Fluent Bit would read that ConfigMap instead of the generated pipeline", new StringValue(string.Empty));
        release.DependsOn(_kubePrometheusChart);
        release.DependsOn(kafka.Cluster);
        release.DependsOn(KubernetesObjects.Secret(context, ComponentName, "fluent-bit-kafka-password-secret", Kafka.ProducerPasswordSecret, Namespaces.NodeAgents, "fluent-bit",
            ObjectValue.Of(("password", new ReferenceValue(kafka.ProducerPassword, "result")))));
        // The first copy of the CA exists once this Job has completed (first deployment: Strimzi's first reconciliation).
        release.DependsOn(kafka.ClientCa);

        var service = ServiceSection(args);
        CheckLimits(context, args);
        var inputs = InputsSection(args);
        var filters = FiltersSection(args);
        var outputs = OutputsSection(args);
        release.Wire(ObjectValue.Of(
            ("fullnameOverride", ReleaseName),
            ("kind", "DaemonSet"),
            ("tolerations", ListValue.Of(ObjectValue.Of(("operator", "Exists")))),
            ("serviceMonitor", ObjectValue.Of(
                ("enabled", true),
                // The delivery-failure counter's own port (the chart's extraPorts), beside the built-in one.
                ("additionalEndpoints", ListValue.Of(ObjectValue.Of(("port", LogMetricsPortName), ("path", "/metrics")))))),
            ("extraPorts", ListValue.Of(ObjectValue.Of(
                ("port", LogMetricsPort), ("containerPort", LogMetricsPort), ("protocol", "TCP"), ("name", LogMetricsPortName)))),
            ("env", ListValue.Of(ObjectValue.Of(
                ("name", "KAFKA_PASSWORD"),
                ("valueFrom", ObjectValue.Of(("secretKeyRef", ObjectValue.Of(
                    ("name", Kafka.ProducerPasswordSecret),
                    ("key", "password")))))))),
            ("extraVolumes", ListValue.Of(
                ObjectValue.Of(("name", "buffer"), ("hostPath", ObjectValue.Of(("path", BufferPath), ("type", "DirectoryOrCreate")))),
                ObjectValue.Of(("name", "kafka-ca"), ("secret", ObjectValue.Of(("secretName", Kafka.ClientCaSecret)))))),
            ("extraVolumeMounts", ListValue.Of(
                ObjectValue.Of(("name", "buffer"), ("mountPath", BufferPath)),
                ObjectValue.Of(("name", "kafka-ca"), ("mountPath", KafkaCaPath), ("readOnly", true)))),
            ("luaScripts", ObjectValue.Of(("dedot.lua", DedotScript))),
            ("config", ObjectValue.Of(
                ("service", service),
                ("inputs", inputs),
                ("filters", filters),
                ("outputs", outputs)))));
        release.Wire(FluentBitPodSecurity.Values);
        release.CheckMerged(values => CheckMemoryLimit(context, args, values));
        context.AddWorkloads(release.Resource, ReadWorkloads);
        context.AddRules(ComponentName, "fluent-bit", [FluentBitRules.Group(args.Rules)]);
        foreach (var dashboard in FluentBitDashboards.All)
        {
            context.AddDashboard(dashboard);
        }

        context.AddEdge(NetworkEdge.Scrape(Namespaces.NodeAgents, MetricsPort, LogMetricsPort));
        context.AddEgress(NetworkEgress.ApiServer(Namespaces.NodeAgents, "egress-fluent-bit", "the kubernetes filter reads each pod's metadata", Pods));
        context.AddEgress(new NetworkEgress(Namespaces.NodeAgents, "egress-fluent-bit", Pods, [Kafka.Pods], [Kafka.TlsPort],
            "produces to Kafka's TLS listener in logging (ingress: Strimzi's policy of the listener, whose networkPolicyPeers admit Fluent Bit from node-agents)"));

        // The chart concatenates the sections into fluent-bit.conf; render shows that file.
        context.Graph.AddDocument(new RenderedDocument("fluent-bit/fluent-bit.conf", service + inputs + filters + outputs, ComponentName));
        context.Graph.AddDocument(new RenderedDocument("fluent-bit/dedot.lua", DedotScript, ComponentName));
    }

    /// <summary>
    /// The multiline buffer must not build a record above the Kafka record limit (derived from the line
    /// maximum), and the node buffer must fit the filesystem it is given.
    /// </summary>
    private static void CheckLimits(StackContext context, FluentBitArgs args)
    {
        var stack = args.Stack;
        // Fluent Bit reads multiline_buffer_limit in binary units (1K = 1024), the line maximum in decimal ones.
        var multiline = FluentBitSize.BinaryBytes(args.MultilineLimit) ?? 0;
        if (multiline > args.MaxLineBytes)
        {
            context.Problems.Add($"stack '{stack}': {SettingsCatalog.FluentBitMultilineBufferLimit.Key} {args.MultilineBufferLimit} ({multiline} bytes: Fluent Bit reads this setting in binary units) lets Fluent Bit rejoin a record larger than {SettingsCatalog.FluentBitMaxLineSize.Key} {args.MaxLineSize} ({args.MaxLineBytes} bytes), from which the Kafka record limit (rdkafka.message.max.bytes {args.MessageMaxBytes}) follows: such a record fails its whole chunk; fix: pulumi config set {SettingsCatalog.FluentBitMultilineBufferLimit.Key} {args.LineMaximumAsMultilineLimit} --stack {stack}, or raise {SettingsCatalog.FluentBitMaxLineSize.Key} to {args.MultilineBufferLimit} (the record limits and the memory budget grow with it).");
        }

        var buffer = FluentBitSize.Bytes(args.BufferLimit) ?? 0;
        var disk = KubeQuantity.Parse(args.BufferDiskSize);
        if (buffer > disk * BufferDiskShare)
        {
            var fitting = decimal.Floor(disk * BufferDiskShare / 1_000_000);
            var neededGi = decimal.Ceiling(buffer / BufferDiskShare / (1024m * 1024 * 1024));
            context.Problems.Add($"stack '{stack}': {SettingsCatalog.FluentBitBufferLimit.Key} {args.BufferLimit} is over {BufferDiskShare * 100}% of {SettingsCatalog.FluentBitBufferDiskSize.Key} {args.BufferDiskSize} (the filesystem at {BufferPath} on each node, with the offset databases beside the chunks): a long Kafka outage would fill it; fix: pulumi config set {SettingsCatalog.FluentBitBufferLimit.Key} {fitting}M --stack {stack}, or give the nodes a larger dedicated volume and pulumi config set {SettingsCatalog.FluentBitBufferDiskSize.Key} {neededGi}Gi --stack {stack}.");
        }
    }

    /// <summary>service multiline_buffer_limit: the setting, or the line maximum when it is empty.</summary>
    public static string MultilineLimit(StackSettings settings) =>
        settings.Get(SettingsCatalog.FluentBitMultilineBufferLimit) is { Length: > 0 } limit ? limit : LineMaximumAsMultilineLimit(settings);

    /// <summary>The line maximum (decimal bytes) as the largest whole number of binary K not above it (1M: 976K).</summary>
    public static string LineMaximumAsMultilineLimit(StackSettings settings) => $"{MaxLineBytes(settings) / 1024}K";

    /// <summary>Share of the buffer filesystem the chunks may take; the rest holds the offset databases and slack.</summary>
    public const decimal BufferDiskShare = 0.9m;

    /// <summary>The memory limit, which only charts-values/ sets, must hold <see cref="MemoryBudgetBytes"/>.</summary>
    private static void CheckMemoryLimit(StackContext context, FluentBitArgs args, ObjectValue values)
    {
        var limit = ValueAccess.Quantity(values, "resources", "limits", "memory");
        var budget = args.MemoryBudgetBytes;
        const decimal MiB = 1024m * 1024;
        if (limit is { } bytes && bytes < budget)
        {
            var needed = decimal.Ceiling(budget / MiB);
            context.Problems.Add($"stack '{args.Stack}': charts-values/fluent-bit: resources.limits.memory {ValueAccess.Text(values, "resources", "limits", "memory") ?? RuleContext.Number(bytes)} is below Fluent Bit's memory budget of {needed}Mi "
                + $"({MaxChunksUp} chunks up x 2 MiB + storage.backlog.mem_limit {BacklogMemLimit} + librdkafka queue {args.QueueKBytes / 1024} MiB + one {args.MaxLineSize} line + {BaseMemoryBytes / MiB} MiB base); "
                + $"fix: set resources.limits.memory to at least {needed}Mi in charts-values/fluent-bit/ (values.yaml or the stack's file), or lower {SettingsCatalog.FluentBitMaxLineSize.Key}.");
        }
    }

    /// <summary>The chart's pods: a DaemonSet unless someone changed <c>kind</c>.</summary>
    private static IEnumerable<WorkloadFootprint> ReadWorkloads(Resource chart)
    {
        var values = ChartWorkloads.Values(chart);
        var release = ChartWorkloads.Release(chart);
        var kind = ValueAccess.Text(values, "kind") ?? ChartDefaults.FluentBitKind;
        int? replicas = kind == ChartWorkloads.DaemonSet ? null : ValueAccess.Count(values, ChartDefaults.ReplicaCount, "replicaCount");
        return [new(ComponentName, release, kind, replicas, [ChartWorkloads.Container(release, values)], [])];
    }

    /// <summary>
    /// Lua filter: dots in Kubernetes label keys become underscores, so "app" (a value) and
    /// "app.kubernetes.io/name" (which Elasticsearch would read as an object path under "app") cannot collide.
    /// </summary>
    public const string DedotScript = """
        -- De-dots Kubernetes label keys: "app.kubernetes.io/name" becomes "app_kubernetes_io/name",
        -- so it can no longer clash with a plain "app" label once Elasticsearch maps the fields.
        function dedot(tag, timestamp, record)
          local kubernetes = record["kubernetes"]
          if kubernetes == nil or kubernetes["labels"] == nil then
            return 0, timestamp, record
          end
          local labels = {}
          for key, value in pairs(kubernetes["labels"]) do
            labels[(string.gsub(key, "%.", "_"))] = value
          end
          kubernetes["labels"] = labels
          return 2, timestamp, record
        end

        """;

    private static string ServiceSection(FluentBitArgs args) => $"""
        [SERVICE]
            Daemon Off
            Flush 1
            Log_Level info
            Parsers_File /fluent-bit/etc/parsers.conf
            HTTP_Server On
            HTTP_Listen 0.0.0.0
            HTTP_Port {MetricsPort}
            Health_Check On
            storage.path {BufferPath}/buffer
            storage.sync normal
            storage.checksum off
            storage.backlog.mem_limit {BacklogMemLimit}
            storage.max_chunks_up {MaxChunksUp}
            storage.metrics on
            # Partial lines of the container runtime rejoined up to this size (binary units), below the Kafka record limit.
            multiline_buffer_limit {args.MultilineLimit}
            # Valid UTF-8 stays as is in the JSON sent to Kafka: escaped as \uXXXX (the default) a 2-byte character
            # takes 6 bytes, beyond the record limit's allowance for escaping.
            json.escape_unicode off
            # Retries of a chunk back off up to 120 s (default 2000 s): after a long Kafka outage the buffer drains
            # within minutes of Kafka's return. Retry_Limit stays unlimited.
            scheduler.cap 120

        """;

    // Buffer_Chunk_Size is the read buffer's first size and its growth step; it may not exceed the maximum.
    private static string InputsSection(FluentBitArgs args) => $"""
        [INPUT]
            Name tail
            Tag kube.*
            Path /var/log/containers/*.log
            Exclude_Path {SelfLogPath}
            multiline.parser cri, docker
            DB {BufferPath}/tail.db
            DB.locking true
            # A file with no DB offset at start (created while Fluent Bit was down) is read from its head, not its end.
            Read_from_Head On
            Buffer_Chunk_Size {Math.Min(32_768, args.MaxLineBytes)}
            Buffer_Max_Size {args.MaxLineSize}
            Skip_Long_Lines On
            # New files are found only by this periodic scan (inotify watches files already added): a container whose
            # log file lives a few seconds (a short Job, a pod deleted right after failing) is read if the scan sees it.
            Refresh_Interval 1
            storage.type filesystem
            storage.pause_on_chunks_overlimit off

        [INPUT]
            # Fluent Bit's own log, in a stream of its own (logs-fluentbit-<stack>): its delivery warnings reach
            # Elasticsearch through the same buffer and output. Not rejoined beyond the runtime's partial lines.
            Name tail
            Tag {SelfTag}
            Path {SelfLogPath}
            multiline.parser cri, docker
            DB {BufferPath}/tail-self.db
            DB.locking true
            Read_from_Head On
            Buffer_Max_Size {args.MaxLineSize}
            Skip_Long_Lines On
            Refresh_Interval 10
            storage.type filesystem

        [INPUT]
            # Log freshness (docs/log-pipeline.md): one record per node every {HeartbeatIntervalSeconds} s through the same
            # buffer and Kafka output as the logs, so the controlplane sees this environment's pipeline move even when it is quiet.
            Name dummy
            Tag {HeartbeatTag}
            Dummy {HeartbeatRecord}
            Interval_Sec {HeartbeatIntervalSeconds}
            Interval_NSec 0
            storage.type filesystem

        """;

    private static string FiltersSection(FluentBitArgs args) => $"""
        [FILTER]
            Name kubernetes
            Match kube.*
            # The line stays in "log": Logstash parses JSON and the application's time on the controlplane.
            Merge_Log Off
            # A pod cannot opt out of collection with the fluentbit.io/exclude annotation (docs/log-pipeline.md).
            K8S-Logging.Exclude Off
            Labels On
            Annotations Off

        [FILTER]
            Name lua
            Match kube.*
            script /fluent-bit/scripts/dedot.lua
            call dedot

        [FILTER]
            Name modify
            Match kube.*
            Add cluster {args.Cluster}
            Add environment {args.Environment}

        [FILTER]
            Name modify
            Match {SelfTag}
            Add cluster {args.Cluster}
            Add environment {args.Environment}
            Add {SelfMarkerKey} true

        [FILTER]
            # Records librdkafka fails after their chunk was released move no counter of Fluent Bit's own: count
            # out_kafka's lines about them in Fluent Bit's own log (the records pass on unchanged).
            Name log_to_metrics
            Match {SelfTag}
            Tag {LogMetricsTag}
            metric_mode counter
            metric_namespace log_metric
            metric_subsystem counter
            metric_name kafka_delivery_failed
            metric_description Lines of out_kafka about records librdkafka failed after their chunk was released.
            regex log {DeliveryFailurePattern}

        """;

    private static string OutputsSection(FluentBitArgs args) => $$"""
        [OUTPUT]
            Name kafka
            # The container logs and the heartbeat.
            Match_Regex {{OutputMatch}}
            Brokers {{Kafka.InternalBootstrap}}
            Topics {{Kafka.LogsTopic}}
            Format json
            Timestamp_Key @timestamp
            Timestamp_Format iso8601_ns
            Retry_Limit no_limits
            storage.total_limit_size {{args.BufferLimit}}
            rdkafka.security.protocol SASL_SSL
            rdkafka.sasl.mechanism SCRAM-SHA-512
            rdkafka.sasl.username {{Kafka.ProducerUser}}
            rdkafka.sasl.password ${KAFKA_PASSWORD}
            rdkafka.ssl.ca.location {{KafkaCaPath}}/ca.crt
            rdkafka.request.required.acks -1
            rdkafka.enable.idempotence true
            rdkafka.compression.codec zstd
            # 0: librdkafka never expires a queued record (its default drops it after 300 s, only logging).
            rdkafka.message.timeout.ms 0
            rdkafka.queue.buffering.max.kbytes {{args.QueueKBytes}}
            rdkafka.queue.buffering.max.messages {{QueueMessages}}
            rdkafka.message.max.bytes {{args.MessageMaxBytes}}

        [OUTPUT]
            # The delivery-failure counter, scraped by the ServiceMonitor on its own port.
            Name prometheus_exporter
            Match {{LogMetricsTag}}
            Host 0.0.0.0
            Port {{LogMetricsPort}}

        """;
}
