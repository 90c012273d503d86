using Infra.Components;
using Infra.Config;
using NodeExporterComponent = Infra.Components.NodeExporter;
using static Infra.Tests.FailureModes.SyntheticSeries;

namespace Infra.Tests.FailureModes;

/// <summary>
/// The series of a healthy cluster of a stack's role, named from the exporters' catalogs: every target up,
/// logs flowing through every hop, nothing near a limit. A scenario replaces some of them (same name and
/// labels) with what its fault produces. The baseline alone must raise no alert but the Watchdog
/// (<see cref="FailureModeTests"/>), so an alert in a scenario is the fault's doing.
/// </summary>
public static class HealthyCluster
{
    private const double Day = 86400;

    // Label sets shared by the baseline and the scenarios that break them.
    public static Labels NodeExporter(string node) => ScenarioContext.Job("node-exporter", Namespaces.NodeAgents).With(("instance", $"{node}:9100"), (NodeExporterComponent.NodeLabel, node));

    public static Labels FluentBitPod(string node) => ScenarioContext.Job("fluent-bit", Namespaces.NodeAgents).With(("pod", $"fluent-bit-{node}"));

    // A node has no namespace: kube-state-metrics' own target's applies (honorLabels keeps only what the series has).
    public static Labels NodeCondition(string node) => ScenarioContext.Job("kube-state-metrics", Namespaces.Monitoring).With(("node", node), ("condition", "Ready"), ("status", "true"));

    public static Labels FluentBitPodInfo(string node) => ScenarioContext.Job("kube-state-metrics", Namespaces.NodeAgents).With(("pod", $"fluent-bit-{node}"), ("node", node));

    public static Labels FluentBitDaemonSet => ScenarioContext.Job("kube-state-metrics", Namespaces.NodeAgents).With(("daemonset", FluentBit.ReleaseName));

    public static Labels FluentBitOutput(string node) => FluentBitPod(node).With(("name", "kafka.0"));

    public static Labels FluentBitInput(string node) => FluentBitPod(node).With(("name", "tail.0"));

    public static Labels KafkaBroker(int id) => ScenarioContext.Job("logging/kafka-brokers", Namespaces.Logging).With(("pod", $"logs-brokers-{id}"));

    public static Labels KafkaPartition(int partition) => ScenarioContext.In(Namespaces.Logging).With(("topic", "logs"), ("partition", partition.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static Labels ConsumerGroup(string stack, int partition) => KafkaPartition(partition).With(("consumergroup", $"logstash-{stack}"));

    public static Labels KafkaVolume(int id) => ScenarioContext.Job("kubelet", Namespaces.Logging).With(("metrics_path", "/metrics"), ("persistentvolumeclaim", $"data-logs-brokers-{id}"));

    public static Labels StrimziOperator => ScenarioContext.Job("logging/strimzi-cluster-operator", Namespaces.Logging);

    public static Labels StrimziResource(string name) => ScenarioContext.Job("kube-state-metrics", Namespaces.Logging).With(("name", name), ("ready", "True"));

    public static Labels CertManager => ScenarioContext.Job("cert-manager/cert-manager", "cert-manager");

    // The PodMonitor honours the exporter's labels: namespace is the Certificate's.
    public static Labels Certificate(string name) => CertManager.With(("name", name), ("namespace", Namespaces.Monitoring));

    public static Labels ElasticsearchCluster => ScenarioContext.In(Namespaces.Elastic).With(("es_cluster", "logs"));

    public static Labels ElasticsearchNode(int id) => ElasticsearchCluster.With(("name", $"logs-es-data-{id}"));

    public static Labels LogstashPipeline(int pod, string pipeline) => ScenarioContext.In(Namespaces.Logging).With(("pod", $"logstash-ls-{pod}"), ("pipeline", pipeline));

    public static Labels Federation(ScenarioContext c, string environment) => new() { ["job"] = c.FederationJob(environment), ["instance"] = $"federation.{environment}.example:443" };

    public static Labels AlertmanagerIntegration(string integration) => ScenarioContext.Job("alertmanager-operated", Namespaces.Monitoring).With(("pod", "alertmanager-0"), ("integration", integration));

    /// <summary>Every healthy series of the stack's role, keyed by <see cref="SyntheticSeries.Key"/>.</summary>
    public static IReadOnlyList<SyntheticSeries> For(ScenarioContext c)
    {
        var series = new List<SyntheticSeries>();
        foreach (var node in c.Nodes)
        {
            series.Add(Steady("up", NodeExporter(node), 1));
            series.Add(Steady("up", FluentBitPod(node), 1));
            series.Add(Counter("fluentbit_input_records_total", FluentBitInput(node), 300));
            series.Add(Counter("fluentbit_input_bytes_total", FluentBitInput(node), 90_000));
            series.Add(Counter("fluentbit_output_proc_records_total", FluentBitOutput(node), 300));
            series.Add(Counter("fluentbit_output_proc_bytes_total", FluentBitOutput(node), 90_000));
            series.Add(Steady("fluentbit_output_retries_total", FluentBitOutput(node), 0));
            series.Add(Steady("fluentbit_output_errors_total", FluentBitOutput(node), 0));
            series.Add(Steady("fluentbit_output_dropped_records_total", FluentBitOutput(node), 0));
            series.Add(Steady("fluentbit_output_chunk_available_capacity_percent", FluentBitOutput(node), 100));
            series.Add(Steady("kube_node_status_condition", NodeCondition(node), 1));
            series.Add(Steady("kube_pod_info", FluentBitPodInfo(node), 1));
            // Each node mounts the declared volume at Fluent Bit's buffer path (its filesystem a little smaller).
            series.Add(Steady("kube_node_info", new() { ["job"] = "kube-state-metrics", ["namespace"] = Namespaces.Monitoring, ["node"] = node }, 1));
            series.Add(Steady("node_filesystem_size_bytes", NodeExporter(node).With(("mountpoint", FluentBit.BufferPath), ("fstype", "ext4")),
                (double)(Infra.Model.KubeQuantity.Parse(c.Settings.Get(SettingsCatalog.FluentBitBufferDiskSize)) * 0.97m)));
        }

        // The Fluent Bit DaemonSet, a pod available on every node.
        series.Add(Steady("kube_daemonset_status_desired_number_scheduled", FluentBitDaemonSet, c.Nodes.Count));
        series.Add(Steady("kube_daemonset_status_number_available", FluentBitDaemonSet, c.Nodes.Count));

        // cert-manager and the certificates it renews (timestamps: promtool's clock starts at the epoch).
        series.Add(Steady("up", CertManager, 1));
        series.Add(Steady("certmanager_certificate_expiration_timestamp_seconds", Certificate("federation-tls"), 60 * Day));
        series.Add(Steady("certmanager_certificate_renewal_timestamp_seconds", Certificate("federation-tls"), 30 * Day));
        series.Add(Steady("certmanager_certificate_ready_status", Certificate("federation-tls").With(("condition", "True")), 1));
        series.Add(Steady("certmanager_certificate_ready_status", Certificate("federation-tls").With(("condition", "False")), 0));

        // Kafka: every broker up and reported, one active controller, every partition fully in sync, logs consumed.
        series.Add(Steady("up", StrimziOperator, 1));
        series.Add(Steady("strimzi_certificate_expiration_timestamp_ms", StrimziOperator.With(("cluster", "logs"), ("type", "cluster-ca"), ("resource_namespace", Namespaces.Logging)), 300 * Day * 1000));
        for (var id = 0; id < c.Brokers; id++)
        {
            series.Add(Steady("up", KafkaBroker(id), 1));
            series.Add(Steady("kafka_log_logmanager_offlinelogdirectorycount", KafkaBroker(id), 0));
            series.Add(Steady("kubelet_volume_stats_available_bytes", KafkaVolume(id), 80e9));
            series.Add(Steady("kubelet_volume_stats_capacity_bytes", KafkaVolume(id), 100e9));
        }

        series.Add(Steady("kafka_brokers", ScenarioContext.In(Namespaces.Logging), c.Brokers));
        series.Add(Steady("kafka_controller_kafkacontroller_activecontrollercount", ScenarioContext.In(Namespaces.Logging).With(("pod", "logs-controller-0")), 1));
        series.Add(Steady("kafka_controller_kafkacontroller_offlinepartitionscount", ScenarioContext.In(Namespaces.Logging).With(("pod", "logs-controller-0")), 0));
        for (var partition = 0; partition < 3; partition++)
        {
            series.Add(Steady("kafka_topic_partition_in_sync_replica", KafkaPartition(partition), Math.Min(c.Brokers, 3)));
            series.Add(Steady("kafka_topic_partition_under_replicated_partition", KafkaPartition(partition), 0));
            series.Add(Counter("kafka_topic_partition_current_offset", KafkaPartition(partition), 300));
            series.Add(Steady("kafka_topic_partition_oldest_offset", KafkaPartition(partition), 0));
            series.Add(Steady("kafka_consumergroup_lag", ConsumerGroup(c.Stack, partition), 50));
            series.Add(Counter("kafka_consumergroup_current_offset", ConsumerGroup(c.Stack, partition), 300));
        }

        // kube-state-metrics, and the Strimzi resources' Ready condition it reads (custom-resource state).
        series.Add(Steady("up", ScenarioContext.Job("kube-state-metrics", Namespaces.Monitoring), 1));
        series.Add(Steady("strimzi_kafka_resource_info", StrimziResource("logs"), 1));

        // Alertmanager delivers.
        foreach (var integration in new[] { "slack", "pagerduty", "webhook" })
        {
            series.Add(Counter("alertmanager_notifications_total", AlertmanagerIntegration(integration), 1));
            series.Add(Steady("alertmanager_notifications_failed_total", AlertmanagerIntegration(integration), 0));
        }

        series.Add(Steady("alertmanager_config_last_reload_successful", ScenarioContext.Job("alertmanager-operated", Namespaces.Monitoring).With(("pod", "alertmanager-0")), 1));

        if (c.Role == StackRole.Controlplane)
        {
            series.AddRange(Controlplane(c));
        }

        return series;
    }

    private static IEnumerable<SyntheticSeries> Controlplane(ScenarioContext c)
    {
        // Elasticsearch green, every node present, disks a quarter full, nothing rejected.
        foreach (var color in new[] { "green", "yellow", "red" })
        {
            yield return Steady("elasticsearch_cluster_health_status", ElasticsearchCluster.With(("color", color)), color == "green" ? 1 : 0);
        }

        yield return Steady("elasticsearch_clusterinfo_up", ElasticsearchCluster, 1);
        yield return Steady("elasticsearch_cluster_health_number_of_nodes", ElasticsearchCluster, c.ElasticsearchNodes + c.ElasticsearchMasters);
        yield return Steady("elasticsearch_cluster_health_number_of_data_nodes", ElasticsearchCluster, c.ElasticsearchNodes);
        yield return Steady("elasticsearch_cluster_health_unassigned_shards", ElasticsearchCluster, 0);
        yield return Steady("elasticsearch_cluster_health_number_of_pending_tasks", ElasticsearchCluster, 0);
        for (var id = 0; id < c.ElasticsearchNodes; id++)
        {
            yield return Steady("elasticsearch_filesystem_data_available_bytes", ElasticsearchNode(id), 150e9);
            yield return Steady("elasticsearch_filesystem_data_size_bytes", ElasticsearchNode(id), 200e9);
            yield return Steady("elasticsearch_thread_pool_rejected_count", ElasticsearchNode(id).With(("type", "write")), 0);
        }

        yield return Steady("elasticsearch_snapshot_stats_latest_snapshot_timestamp_seconds", ElasticsearchCluster.With(("repository", "s3-snapshots")), 0);
        yield return Steady("up", ScenarioContext.Job("elastic-system/eck-operator", Namespaces.ElasticSystem), 1);
        yield return Steady("kube_deployment_status_replicas_available", ScenarioContext.Job("kube-state-metrics", Namespaces.Elastic).With(("deployment", "kibana-kb")), c.Settings.Get(SettingsCatalog.KibanaReplicas));

        // Logstash: every pod runs every pipeline, the sources taking in and sending out, the dead-letter
        // pipeline idle (nothing refused: its counters stay flat).
        for (var pod = 0; pod < c.LogstashReplicas; pod++)
        {
            foreach (var pipeline in c.Pipelines.Concat(c.IdlePipelines))
            {
                var labels = LogstashPipeline(pod, pipeline);
                var events = c.IdlePipelines.Contains(pipeline) ? 0 : 300;
                yield return Steady("logstash_stats_pipeline_up", labels, 1);
                yield return Counter("logstash_stats_pipeline_events_in", labels, events);
                yield return Counter("logstash_stats_pipeline_events_out", labels, events);
                yield return Steady("logstash_stats_pipeline_queue_events_queue_size", labels, 1e6);
                yield return Steady("logstash_stats_pipeline_queue_max_size_in_bytes", labels, 128 * 1024 * 1024);
                yield return Steady("logstash_stats_pipeline_dead_letter_queue_size_in_bytes", labels, 1);
                yield return Steady("logstash_stats_pipeline_dead_letter_queue_dropped_events", labels, 0);
                yield return Steady("logstash_stats_pipeline_dead_letter_queue_max_size_in_bytes", labels, 128 * 1024 * 1024);
            }
        }

        // Every environment federated, with its Fluent Bit output.
        foreach (var environment in c.EnvironmentStacks)
        {
            yield return Steady("up", Federation(c, environment), 1);
            yield return Steady("scrape_duration_seconds", Federation(c, environment), 2);
            yield return Steady("scrape_samples_scraped", Federation(c, environment), 2000);
            yield return Steady("cluster:fluentbit_output_records:rate5m", Federation(c, environment).With(("environment", environment)), 30);
        }
    }
}
