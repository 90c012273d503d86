using Infra.Config;
using Infra.Footprint;
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

    public string Name => ComponentName;

    public string Service { get; private set; } = string.Empty;

    public string Inputs { get; private set; } = string.Empty;

    public string Filters { get; private set; } = string.Empty;

    public string Outputs { get; private set; } = string.Empty;

    public void Build(StackContext context)
    {
        var settings = context.Settings;
        var release = context.Release(ComponentName, ReleaseName, Pins.FluentBit, Namespaces.Logging);
        release.Reserve("existingConfigMap", "Fluent Bit would read that ConfigMap instead of the generated pipeline", new StringValue(string.Empty));
        release.DependsOn(context.Component<KubePrometheus>().Chart);
        release.DependsOn(context.Component<Kafka>().Cluster);

        Service = ServiceSection();
        Inputs = InputsSection();
        Filters = FiltersSection(settings);
        Outputs = OutputsSection(settings);
        release.Wire(ObjectValue.Of(
            ("fullnameOverride", ReleaseName),
            ("kind", "DaemonSet"),
            ("tolerations", ListValue.Of(ObjectValue.Of(("operator", "Exists")))),
            ("serviceMonitor", ObjectValue.Of(("enabled", true))),
            ("env", ListValue.Of(ObjectValue.Of(
                ("name", "KAFKA_PASSWORD"),
                ("valueFrom", ObjectValue.Of(("secretKeyRef", ObjectValue.Of(
                    ("name", Kafka.ProducerUser),
                    ("key", "password")))))))),
            ("extraVolumes", ListValue.Of(
                ObjectValue.Of(("name", "buffer"), ("hostPath", ObjectValue.Of(("path", BufferPath), ("type", "DirectoryOrCreate")))),
                ObjectValue.Of(("name", "kafka-ca"), ("secret", ObjectValue.Of(("secretName", Kafka.ClusterCaSecret)))))),
            ("extraVolumeMounts", ListValue.Of(
                ObjectValue.Of(("name", "buffer"), ("mountPath", BufferPath)),
                ObjectValue.Of(("name", "kafka-ca"), ("mountPath", KafkaCaPath), ("readOnly", true)))),
            ("luaScripts", ObjectValue.Of(("dedot.lua", DedotScript))),
            ("config", ObjectValue.Of(
                ("service", Service),
                ("inputs", Inputs),
                ("filters", Filters),
                ("outputs", Outputs)))));
        context.AddWorkloads(release.Resource, ReadWorkloads);
        context.AddRules(ComponentName, "fluent-bit", [FluentBitRules.Group(new RuleContext(settings))]);
        foreach (var dashboard in FluentBitDashboards.All)
        {
            context.AddDashboard(dashboard);
        }

        context.AddEdge(NetworkEdge.Scrape(Namespaces.Logging, MetricsPort));

        // The chart concatenates the sections into fluent-bit.conf; render shows that file.
        context.Graph.AddDocument(new RenderedDocument("fluent-bit/fluent-bit.conf", Service + Inputs + Filters + Outputs, ComponentName));
        context.Graph.AddDocument(new RenderedDocument("fluent-bit/dedot.lua", DedotScript, ComponentName));
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

    private static string ServiceSection() => $"""
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
            storage.backlog.mem_limit 16M
            storage.max_chunks_up 128
            storage.metrics on

        """;

    private static string InputsSection() => $"""
        [INPUT]
            Name tail
            Tag kube.*
            Path /var/log/containers/*.log
            Exclude_Path /var/log/containers/fluent-bit-*.log
            multiline.parser cri, docker
            DB {BufferPath}/tail.db
            DB.locking true
            Skip_Long_Lines On
            Refresh_Interval 10
            storage.type filesystem
            storage.pause_on_chunks_overlimit off

        """;

    private static string FiltersSection(StackSettings settings) => $"""
        [FILTER]
            Name kubernetes
            Match kube.*
            # The line stays in "log": Logstash parses JSON and the application's time on the controlplane.
            Merge_Log Off
            K8S-Logging.Exclude On
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
            Add cluster {settings.Cluster}
            Add environment {settings.Environment}

        """;

    private static string OutputsSection(StackSettings settings) => $$"""
        [OUTPUT]
            Name kafka
            Match kube.*
            Brokers {{Kafka.InternalBootstrap}}
            Topics {{Kafka.LogsTopic}}
            Format json
            Timestamp_Key @timestamp
            Timestamp_Format iso8601_ns
            Retry_Limit no_limits
            storage.total_limit_size {{settings.Get(SettingsCatalog.FluentBitBufferLimit)}}
            rdkafka.security.protocol SASL_SSL
            rdkafka.sasl.mechanism SCRAM-SHA-512
            rdkafka.sasl.username {{Kafka.ProducerUser}}
            rdkafka.sasl.password ${KAFKA_PASSWORD}
            rdkafka.ssl.ca.location {{KafkaCaPath}}/ca.crt
            rdkafka.request.required.acks -1
            rdkafka.enable.idempotence true
            rdkafka.compression.codec zstd

        """;
}
