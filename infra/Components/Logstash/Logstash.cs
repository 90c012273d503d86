using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Logstash on the controlplane (ECK): one pipeline per log source (the controlplane's own Kafka and
/// every environment's, addresses and credentials from stack outputs) writing a data stream per
/// environment, with a persisted queue and a dead-letter queue.
/// </summary>
public sealed class Logstash
{
    public const string ComponentName = "Logstash";
    public const string Name = "logstash";
    public const string KafkaCaMount = "/usr/share/logstash/kafka-ca";

    public Logstash(StackContext context, Elasticsearch elasticsearch, Kafka localKafka, IReadOnlyList<EnvironmentStack> environments, KubePrometheus kubePrometheus)
    {
        var settings = context.Settings;
        var ns = context.Namespace(Namespaces.Logging, ComponentName, "privileged", holdsData: true);

        var sources = new List<LogSource>
        {
            // The controlplane's own cluster: in-cluster listener, Strimzi's CA, the password Secret Kafka created here.
            new(settings.Stack, settings.Environment, new StringValue(Kafka.InternalBootstrap), "logstash-consumer-password", true,
                new StringValue(settings.Cluster), new StringValue(settings.Get(SettingsCatalog.LogTimeZone))),
        };
        var secrets = new List<Resource>();
        foreach (var environment in environments)
        {
            var secretName = $"logstash-kafka-{environment.Stack}";
            secrets.Add(context.Kubernetes(ComponentName, $"{secretName}-secret", "kubernetes:core/v1:Secret", ObjectValue.Of(
                ("metadata", StackContext.Metadata(secretName, Namespaces.Logging, "logstash")),
                ("type", "Opaque"),
                ("stringData", ObjectValue.Of(("password", environment.KafkaConsumerPassword), (CaKey, environment.TlsCaCertificate)))), false, ns));
            sources.Add(new LogSource(environment.Stack, environment.Stack, environment.KafkaBootstrap, secretName, false, environment.Cluster, environment.LogTimeZone));
        }

        // During an Elasticsearch outage every pipeline's persisted queue and dead-letter queue can fill
        // up to its limit, and they all live on the one data volume: it must hold all of them. The size
        // is a setting rather than derived, because ECK refuses to shrink a volume (removing an
        // environment would fail) and can only grow one where the StorageClass allows expansion.
        var queueGiB = settings.IsProduction ? 8 : 1;
        const int DeadLetterQueueGiB = 1;
        const int HeadroomGiB = 2;
        var neededGiB = (sources.Count * (queueGiB + DeadLetterQueueGiB)) + HeadroomGiB;
        var volume = settings.Get(SettingsCatalog.LogstashStorageSize);
        if (KubeQuantity.Parse(volume) < neededGiB * 1024m * 1024 * 1024)
        {
            context.Problems.Add($"stack '{settings.Stack}': {SettingsCatalog.LogstashStorageSize.Key} {volume} cannot hold the queues of {sources.Count} pipelines ({sources.Count} x ({queueGiB} GiB queue + {DeadLetterQueueGiB} GiB dead-letter queue) + {HeadroomGiB} GiB = {neededGiB} GiB); fix: pulumi config set {SettingsCatalog.LogstashStorageSize.Key} {neededGiB}Gi --stack {settings.Stack} (growing a deployed volume needs a StorageClass with allowVolumeExpansion).");
        }

        var pipelines = new List<Value>();
        foreach (var source in sources)
        {
            var config = PipelineConfig(source);
            pipelines.Add(ObjectValue.Of(
                ("pipeline.id", source.Stack),
                ("config.string", config),
                ("queue.type", "persisted"),
                ("queue.max_bytes", $"{queueGiB}gb"),
                ("dead_letter_queue.enable", true),
                ("dead_letter_queue.max_bytes", $"{DeadLetterQueueGiB}gb")));
            context.Graph.AddDocument(new RenderedDocument($"logstash/pipelines/{source.Stack}.conf", DocumentText.Of(config), ComponentName));
        }

        var env = sources.Select(s => (Value)ObjectValue.Of(
            ("name", PasswordVariable(s.Stack)),
            ("valueFrom", ObjectValue.Of(("secretKeyRef", ObjectValue.Of(("name", s.PasswordSecret), ("key", "password"))))))).ToList();

        Instance = context.CustomResources(ComponentName, "logstash", [ObjectValue.Of(
            ("apiVersion", "logstash.k8s.elastic.co/v1alpha1"),
            ("kind", "Logstash"),
            ("metadata", StackContext.Metadata(Name, Namespaces.Logging, "logstash")),
            ("spec", ObjectValue.Of(
                ("version", Pins.ElasticStack),
                ("count", settings.IsProduction ? 2 : 1),
                ("elasticsearchRefs", ListValue.Of(ObjectValue.Of(
                    ("name", Elasticsearch.ClusterName),
                    ("namespace", Namespaces.Elastic),
                    ("clusterName", "eck")))),
                ("pipelines", ListValue.Of(pipelines)),
                ("volumeClaimTemplates", ListValue.Of(ObjectValue.Of(
                    ("metadata", ObjectValue.Of(("name", "logstash-data"))),
                    ("spec", ObjectValue.Of(
                        ("accessModes", ListValue.Of("ReadWriteOnce")),
                        ("resources", ObjectValue.Of(("requests", ObjectValue.Of(("storage", volume)))))))))),
                ("podTemplate", ObjectValue.Of(
                    ("metadata", ObjectValue.Of(("labels", ObjectValue.Of(("app.kubernetes.io/name", Name))))),
                    ("spec", ObjectValue.Of(
                    ("initContainers", environments.Count == 0 ? null : ListValue.Of(TruststoreContainer(environments))),
                    ("containers", ListValue.Of(ObjectValue.Of(
                        ("name", "logstash"),
                        ("env", ListValue.Of(env)),
                        ("resources", ObjectValue.Of(
                            ("requests", ObjectValue.Of(("cpu", settings.IsProduction ? "1" : "250m"), ("memory", "2Gi"))),
                            ("limits", ObjectValue.Of(("memory", "2Gi"))))),
                        ("volumeMounts", ListValue.Of(
                            ObjectValue.Of(("name", "kafka-ca"), ("mountPath", KafkaCaMount), ("readOnly", true)),
                            ObjectValue.Of(("name", "truststores"), ("mountPath", TruststoreDirectory), ("readOnly", true))))),
                        ExporterContainer())),
                    ("volumes", ListValue.Of([
                        ObjectValue.Of(
                            ("name", "kafka-ca"),
                            ("secret", ObjectValue.Of(("secretName", Kafka.ClusterCaSecret)))),
                        ObjectValue.Of(("name", "truststores"), ("emptyDir", ObjectValue.Empty)),
                        .. environments.Select(e => (Value)ObjectValue.Of(
                            ("name", $"ca-{e.Stack}"),
                            ("secret", ObjectValue.Of(
                                ("secretName", $"logstash-kafka-{e.Stack}"),
                                ("items", ListValue.Of(ObjectValue.Of(("key", CaKey), ("path", CaKey)))))))),
                    ])))))))))],
            elasticsearch.Operator, stateful: false, [elasticsearch.Cluster, localKafka.Cluster, .. secrets]);

        var monitor = ObjectValue.Of(
            ("apiVersion", "monitoring.coreos.com/v1"),
            ("kind", "PodMonitor"),
            ("metadata", StackContext.Metadata(Name, Namespaces.Logging, "logstash")),
            ("spec", ObjectValue.Of(
                ("selector", ObjectValue.Of(("matchLabels", ObjectValue.Of(("logstash.k8s.elastic.co/name", Name))))),
                ("podMetricsEndpoints", ListValue.Of(ObjectValue.Of(("port", "metrics"), ("path", "/metrics")))))));
        context.CustomResources(ComponentName, "logstash-monitor", [monitor], kubePrometheus.Chart, stateful: false, Instance);
        context.AddRules(ComponentName, "logstash", [Rules.LogstashRules.Group(new Rules.RuleContext(settings))], kubePrometheus.Chart);
    }

    public Resource Instance { get; }

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

    /// <summary>The init container that runs <see cref="TruststoreScript"/> with the Logstash image's own JDK.</summary>
    private static ObjectValue TruststoreContainer(IReadOnlyList<EnvironmentStack> environments) => ObjectValue.Of(
        ("name", "truststores"),
        ("image", $"docker.elastic.co/logstash/logstash:{Pins.ElasticStack}"),
        ("command", ListValue.Of("bash", "-c", TruststoreScript)),
        ("env", ListValue.Of(
            ObjectValue.Of(("name", "JDK_HOME"), ("value", "/usr/share/logstash/jdk")),
            ObjectValue.Of(("name", "CA_DIRECTORY"), ("value", EnvironmentCaDirectory)),
            ObjectValue.Of(("name", "TRUSTSTORE_DIRECTORY"), ("value", TruststoreDirectory)),
            ObjectValue.Of(("name", "TRUSTSTORE_PASSWORD"), ("value", TruststorePassword)))),
        ("resources", ObjectValue.Of(
            ("requests", ObjectValue.Of(("cpu", "100m"), ("memory", "256Mi"))),
            ("limits", ObjectValue.Of(("memory", "512Mi"))))),
        ("volumeMounts", ListValue.Of([
            ObjectValue.Of(("name", "truststores"), ("mountPath", TruststoreDirectory)),
            .. environments.Select(e => (Value)ObjectValue.Of(("name", $"ca-{e.Stack}"), ("mountPath", $"{EnvironmentCaDirectory}/{e.Stack}"), ("readOnly", true))),
        ])));

    /// <summary>Port of the Prometheus exporter sidecar.</summary>
    public const int ExporterPort = 9198;

    /// <summary>Environment variable holding a source's Kafka password inside the Logstash pod.</summary>
    public static string PasswordVariable(string stack) => $"KAFKA_PASSWORD_{stack.ToUpperInvariant().Replace('-', '_')}";

    /// <summary>The exporter sidecar: Logstash has no Prometheus endpoint of its own.</summary>
    private static ObjectValue ExporterContainer() => ObjectValue.Of(
        ("name", "logstash-exporter"),
        ("image", Pins.LogstashExporterImage),
        ("env", ListValue.Of(ObjectValue.Of(("name", "LOGSTASH_URL"), ("value", "http://localhost:9600")))),
        ("ports", ListValue.Of(ObjectValue.Of(("name", "metrics"), ("containerPort", ExporterPort), ("protocol", "TCP")))),
        ("resources", ObjectValue.Of(
            ("requests", ObjectValue.Of(("cpu", "10m"), ("memory", "32Mi"))),
            ("limits", ObjectValue.Of(("memory", "64Mi"))))),
        ("securityContext", ObjectValue.Of(
            ("allowPrivilegeEscalation", false),
            ("readOnlyRootFilesystem", true),
            ("runAsNonRoot", true),
            ("capabilities", ObjectValue.Of(("drop", ListValue.Of("ALL")))))));

    /// <summary>Candidate fields holding the application's own time, in the order they are tried.</summary>
    public static readonly string[] TimeFields = ["[app][@timestamp]", "[app][timestamp]", "[app][time]", "[app][ts]"];

    /// <summary>Time formats Logstash accepts in those fields; a value with an offset keeps it, one without is read in the environment's zone.</summary>
    public static readonly string[] TimeFormats = ["ISO8601", "yyyy-MM-dd HH:mm:ss.SSSZZ", "yyyy-MM-dd HH:mm:ss.SSS", "yyyy-MM-dd HH:mm:ss", "UNIX_MS", "UNIX"];

    private static InterpolatedValue PipelineConfig(LogSource source)
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
        var input = $$"""
            input {
              kafka {
                id => "kafka-{{source.Stack}}"
                bootstrap_servers => "
            """;
        var afterBootstrap = $$"""
            "
                topics => ["{{Kafka.LogsTopic}}"]
                group_id => "{{Kafka.ConsumerGroupPrefix}}{{source.Stack}}"
                client_id => "logstash-{{source.Stack}}"
                codec => json
                auto_offset_reset => "earliest"
                security_protocol => "SASL_SSL"
                sasl_mechanism => "SCRAM-SHA-512"
                sasl_jaas_config => "org.apache.kafka.common.security.scram.ScramLoginModule required username='{{Kafka.ConsumerUser}}' password='${{{PasswordVariable(source.Stack)}}}';"{{truststore}}
              }
            }
            filter {
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

            """;
        var dates = string.Concat(TimeFields.Select((field, i) => $$"""
              {{(i == 0 ? "if" : "else if")}} {{field}} {
                date {
                  match => ["{{field}}", {{string.Join(", ", TimeFormats.Select(Quote))}}]
                  timezone => "
            """ + ZoneMarker + $$"""
            "
                  target => "@timestamp"
                  tag_on_failure => ["_app_time_unparsed"]
                }
              }

            """));
        var fields = """
              # Authoritative labels, from the environment's stack, whatever the producer sent.
              mutate {
                replace => {
                  "environment" => "
            """;
        var afterEnvironment = """
            "
                  "cluster" => "
            """;
        var output = $$"""
            "
                }
              }
            }
            output {
              elasticsearch {
                hosts => ["${ECK_ES_HOSTS}"]
                user => "${ECK_ES_USER}"
                password => "${ECK_ES_PASSWORD}"
                ssl_certificate_authorities => ["${ECK_ES_SSL_CERTIFICATE_AUTHORITY}"]
                data_stream => "true"
                data_stream_type => "logs"
                data_stream_dataset => "{{DataStreamDataset}}"
                data_stream_namespace => "{{source.Stack}}"
              }
            }

            """;

        // The zone goes where each date block left a marker; the other values are literal or stack outputs.
        var parts = new List<Value> { new StringValue(input), source.Bootstrap, new StringValue(afterBootstrap) };
        var pieces = dates.Split(ZoneMarker);
        for (var i = 0; i < pieces.Length; i++)
        {
            parts.Add(new StringValue(pieces[i]));
            if (i < pieces.Length - 1)
            {
                parts.Add(source.TimeZone);
            }
        }

        parts.AddRange([new StringValue(fields + source.Environment), new StringValue(afterEnvironment), source.Cluster, new StringValue(output)]);
        return InterpolatedValue.Of(Merge(parts).ToArray());
    }

    private const string ZoneMarker = "<time zone>";

    private static string Quote(string text) => $"\"{text}\"";

    /// <summary>Dataset of every log data stream: logs-kubernetes-&lt;environment stack&gt;.</summary>
    public const string DataStreamDataset = "kubernetes";

    /// <summary>Joins adjacent literals so the interpolation stays readable.</summary>
    private static IEnumerable<Value> Merge(IEnumerable<Value> parts)
    {
        string? pending = null;
        foreach (var part in parts)
        {
            if (part is StringValue text)
            {
                pending = (pending ?? string.Empty) + text.Text;
                continue;
            }

            if (pending is not null)
            {
                yield return new StringValue(pending);
                pending = null;
            }

            yield return part;
        }

        if (pending is not null)
        {
            yield return new StringValue(pending);
        }
    }

    /// <summary>One Kafka to consume: an environment stack's (from its outputs) or the controlplane's own.</summary>
    private sealed record LogSource(string Stack, string Environment, Value Bootstrap, string PasswordSecret, bool Local, Value Cluster, Value TimeZone);
}
