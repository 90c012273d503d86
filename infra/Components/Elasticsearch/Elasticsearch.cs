using System.Globalization;
using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Elasticsearch on the controlplane through the ECK operator: one node set of all-role nodes on
/// persistent volumes, TLS by ECK, and the Elasticsearch exporter for its metrics.
/// </summary>
public sealed class Elasticsearch : IComponent<ElasticsearchResources>
{
    public const string ComponentName = "Elasticsearch";
    public const string OperatorRelease = "eck-operator";
    public const string ClusterName = "logs";

    /// <summary>The node set of dedicated master-eligible nodes, when the cluster has one.</summary>
    public const string MasterNodeSet = "masters";

    /// <summary>
    /// Above this many data nodes the master role moves to <see cref="DedicatedMasters"/> dedicated nodes
    /// (docs/sizing.md, "Dedicated master nodes"): up to two data nodes per zone the data nodes are the
    /// quorum (a voting configuration of at most 5); past that, cluster-state work (shards, mappings,
    /// ILM of every data stream) grows with the fleet and competes with indexing on busy data nodes.
    /// </summary>
    public const int MostNodesWithoutDedicatedMasters = 6;

    /// <summary>One dedicated master per zone: a lost zone leaves 2 of 3 voters.</summary>
    public const int DedicatedMasters = 3;

    public const string MasterCpu = "500m";

    /// <summary>The least memory of a dedicated master (a 1 GiB heap: Elasticsearch gives the heap half the container's memory).</summary>
    public const int MasterMemoryGiB = 2;

    /// <summary>
    /// Indices one GiB of a master's heap serves: Elastic's "Master-eligible nodes should have at least 1GB of heap per
    /// 3000 indices" (Elasticsearch, "Size your shards", elastic.co/docs/deploy-manage/production-guidance/optimize-performance/size-shards).
    /// </summary>
    public const int IndicesPerMasterHeapGiB = 3000;

    /// <summary>A dedicated master's memory for this many indices: twice the heap the indices need, at least <see cref="MasterMemoryGiB"/>.</summary>
    public static string MasterMemoryFor(int indices) =>
        $"{Math.Max(MasterMemoryGiB, 2 * (int)Math.Ceiling(indices / (decimal)IndicesPerMasterHeapGiB))}Gi";

    /// <summary>Master nodes keep only the cluster state on disk.</summary>
    public const string MasterStorage = "10Gi";

    /// <summary>Labels ECK puts on the pods of one node set.</summary>
    private static ObjectValue NodeSetPods(string nodeSet) =>
        ObjectValue.Of(("elasticsearch.k8s.elastic.co/cluster-name", ClusterName), ("elasticsearch.k8s.elastic.co/statefulset-name", $"{ClusterName}-es-{nodeSet}"));

    /// <summary>Whether a cluster of this many data nodes gets dedicated master nodes.</summary>
    public static bool HasDedicatedMasters(int dataNodes) => dataNodes > MostNodesWithoutDedicatedMasters;

    /// <summary>Elasticsearch's HTTP port (ECK's service).</summary>
    public const int HttpPort = 9200;

    /// <summary>Node-to-node transport (ECK's default transport port).</summary>
    public const int TransportPort = 9300;

    /// <summary>Labels ECK puts on every node of the cluster: the destination of its clients' edges.</summary>
    public static readonly (string Key, string Value)[] Nodes = [("elasticsearch.k8s.elastic.co/cluster-name", ClusterName)];

    /// <summary>
    /// A label of ours on the exporter's pods (the chart's podLabels), so its edge does not depend on the
    /// chart's own label scheme.
    /// </summary>
    public static readonly (string Key, string Value)[] ExporterPods = [("observability.platform/workload", "elasticsearch-exporter")];

    /// <summary>Metrics port of the ECK operator.</summary>
    public const int OperatorMetricsPort = 8080;

    public string Name => ComponentName;

    /// <summary>Labels ECK puts on the Elasticsearch pods.</summary>
    public static ObjectValue Pods { get; } = ObjectValue.Of(("elasticsearch.k8s.elastic.co/cluster-name", ClusterName));

    private readonly ElasticsearchArgs _args;
    private readonly Resource _kubePrometheusChart;

    /// <param name="args">What it reads of the stack's settings.</param>
    /// <param name="kubePrometheusChart">kube-prometheus-stack's chart: its CRDs hold the operator's and the exporter's monitors.</param>
    public Elasticsearch(ElasticsearchArgs args, Resource kubePrometheusChart)
    {
        _args = args;
        _kubePrometheusChart = kubePrometheusChart;
    }

    public ElasticsearchResources Build(StackContext context)
    {
        var args = _args;
        var release = context.Release(ComponentName, OperatorRelease, Pins.EckOperator, Namespaces.ElasticSystem);
        foreach (var group in new[] { "elasticsearch.k8s.elastic.co", "kibana.k8s.elastic.co", "logstash.k8s.elastic.co" })
        {
            release.ProvidesApiGroups.Add(group);
        }

        // Reconciles (and reads Secrets in) only the namespaces holding the platform's ECK resources.
        release.ScopeWatchedNamespaces(namespaces => ObjectValue.Of(("managedNamespaces", ListValue.Strings(namespaces.Count == 0 ? [Namespaces.ElasticSystem] : namespaces))));

        // The operator's PodMonitor needs the monitoring CRDs.
        release.DependsOn(_kubePrometheusChart);
        // elastic-system enforces the restricted Pod Security level, which requires a seccomp profile;
        // the chart sets every other restricted field itself. Metrics (off by default) on the port the
        // NetworkPolicy opens, scraped by the chart's PodMonitor at Prometheus' usual pace (at its 5m, 'up'
        // lacks a sample now and then, which restarts EckOperatorDown's 10 minutes).
        // No cluster-wide rights: with createClusterScopedResources false the chart binds its rules (Secrets
        // included) in a Role per managed namespace and in its own, never a ClusterRole (eck-operator 3.5.0
        // templates/role-bindings.yaml). The chart then refuses the validating webhook and the storage class
        // check (templates/validate-chart.yaml): both off. The one cluster-scoped read it still needs, nodes
        // for zoneAwareness' downward node labels, is the program's ClusterRole below.
        release.Wire(ObjectValue.Of(
            ("installCRDs", true),
            ("createClusterScopedResources", false),
            ("webhook", ObjectValue.Of(("enabled", false))),
            ("podSecurityContext", ObjectValue.Of(("seccompProfile", ObjectValue.Of(("type", "RuntimeDefault"))))),
            ("config", ObjectValue.Of(
                ("metrics", ObjectValue.Of(("port", OperatorMetricsPort.ToString(CultureInfo.InvariantCulture)))),
                ("validateStorageClass", false))),
            ("podMonitor", ObjectValue.Of(("enabled", true), ("interval", "30s")))));
        NodeReader(context, release.Resource);
        context.AddWorkloads(release.Resource, OperatorWorkloads);

        var elasticNamespace = context.Namespace(Namespaces.Elastic);
        var snapshots = new SnapshotStorage(context, elasticNamespace);
        var memory = args.Memory;
        var resources = KubernetesObjects.Resources(args.Cpu, memory, memory);
        // The snapshot service account (IRSA) and the web-identity token where repository-s3 looks for it.
        var tokenMount = ObjectValue.Of(
            ("name", "aws-web-identity-token"),
            ("mountPath", "/usr/share/elasticsearch/config/repository-s3"),
            ("readOnly", true));
        var container = ObjectValue.Of(
            ("name", "elasticsearch"),
            ("resources", resources),
            ("securityContext", KubernetesObjects.RestrictedWritableContainerSecurity()),
            ("volumeMounts", ListValue.Of(tokenMount)));
        var token = ObjectValue.Of(("serviceAccountToken", ObjectValue.Of(
            ("audience", "sts.amazonaws.com"),
            ("expirationSeconds", 86400),
            ("path", "aws-web-identity-token-file"))));
        var tokenVolume = ObjectValue.Of(
            ("name", "aws-web-identity-token"),
            ("projected", ObjectValue.Of(("sources", ListValue.Of(token)))));
        var nodes = args.Nodes;
        var dedicatedMasters = HasDedicatedMasters(nodes);
        var zones = args.Zones;
        // The indices the cluster holds (every data stream's backing indices and the system ones): the masters' heap and
        // the exporter's ILM series grow with them.
        var series = ElasticsearchExporterSeries.For(args.Sizing, context.EnvironmentFacts);
        if (series.Problem(args.Sizing) is { } scrape)
        {
            context.Problems.Add(scrape);
        }
        ObjectValue PodTemplate(ObjectValue pods, bool quorum, ObjectValue containerSpec) => ObjectValue.Of(
            ("spec", ObjectValue.Of(
            ("serviceAccountName", SnapshotStorage.ServiceAccountName),
            // Restricted-ready (the namespace stays baseline: ECK's own init containers are not checked here); fsGroup 1000 is ECK's default for the data volume.
            ("securityContext", KubernetesObjects.RestrictedPodSecurity(fsGroup: 1000)),
            // ECK only prefers different nodes; a shard and its replica (or two masters) must never share one.
            ("affinity", Placement.OnePerNode(pods)),
            // A quorum (master-eligible nodes) spreads with DoNotSchedule, and so do the data nodes over several zones:
            // the capacity model's zone loss takes nodes / zones of them, which a preferred spread does not guarantee
            // (a first placement into a zone short of room would pin the skew to its volumes for good). A node whose
            // zone has no room stays Pending, the honest failure. This replaces ECK's zoneAwareness spread.
            ("topologySpreadConstraints", quorum || zones > 1 ? Placement.AcrossZonesRequired(pods) : Placement.AcrossZones(pods)),
            ("containers", ListValue.Of(containerSpec)),
            ("volumes", ListValue.Of(tokenVolume)))));
        // With dedicated masters each node set is placed on its own (a master may share a node with a data
        // node); ECK labels every pod with its StatefulSet.
        var dataPods = dedicatedMasters ? NodeSetPods("default") : Pods;
        var podTemplate = nodes > 1
            ? PodTemplate(dataPods, quorum: !dedicatedMasters, container)
            : ObjectValue.Of(("spec", ObjectValue.Of(
                ("serviceAccountName", SnapshotStorage.ServiceAccountName),
                ("securityContext", KubernetesObjects.RestrictedPodSecurity(fsGroup: 1000)),
                ("containers", ListValue.Of(container)),
                ("volumes", ListValue.Of(tokenVolume)))));
        var volumeClaim = KubernetesObjects.ClaimTemplate(args.Sizing, "elasticsearch-data", args.StorageSize);
        var nodeSet = ObjectValue.Of(
            ("name", "default"),
            ("count", nodes),
            // ECK spreads the nodes over zones and sets shard allocation awareness on the zone.
            ("zoneAwareness", nodes > 1 ? ObjectValue.Of(("topologyKey", Placement.ZoneKey)) : null),
            // No mmap: no privileged sysctl init container needed. With dedicated masters, data and ingest only.
            ("config", dedicatedMasters
                ? ObjectValue.Of(("node.store.allow_mmap", false), ("node.roles", ListValue.Strings(["data", "ingest"])))
                : ObjectValue.Of(("node.store.allow_mmap", false))),
            ("podTemplate", podTemplate),
            ("volumeClaimTemplates", ListValue.Of(volumeClaim)));
        var nodeSets = new List<Value> { nodeSet };
        if (dedicatedMasters)
        {
            var masterPods = NodeSetPods(MasterNodeSet);
            var masterContainer = ObjectValue.Of(
                ("name", "elasticsearch"),
                ("resources", KubernetesObjects.Resources(MasterCpu, MasterMemoryFor(series.Indices), MasterMemoryFor(series.Indices))),
                ("securityContext", KubernetesObjects.RestrictedWritableContainerSecurity()),
                ("volumeMounts", ListValue.Of(tokenMount)));
            nodeSets.Add(ObjectValue.Of(
                ("name", MasterNodeSet),
                ("count", DedicatedMasters),
                ("zoneAwareness", ObjectValue.Of(("topologyKey", Placement.ZoneKey))),
                ("config", ObjectValue.Of(("node.store.allow_mmap", false), ("node.roles", ListValue.Strings(["master"])))),
                ("podTemplate", PodTemplate(masterPods, quorum: true, masterContainer)),
                ("volumeClaimTemplates", ListValue.Of(KubernetesObjects.ClaimTemplate(args.Sizing, "elasticsearch-data", MasterStorage)))));
        }

        var kibanaUsers = KibanaUsers.Declare(context);
        var cluster = ObjectValue.Of(
            ("apiVersion", "elasticsearch.k8s.elastic.co/v1"),
            ("kind", "Elasticsearch"),
            ("metadata", StackContext.Metadata(ClusterName, Namespaces.Elastic, "elasticsearch")),
            ("spec", ObjectValue.Of(
                ("version", Pins.ElasticStack),
                // File-realm users the program manages (the exporter's monitoring user, Grafana's) and the people of Kibana (KibanaUsers).
                ("auth", ObjectValue.Of(
                    ("fileRealm", ListValue.Of([
                        ObjectValue.Of(("secretName", MonitoringUserSecret)),
                        ObjectValue.Of(("secretName", GrafanaUserSecret)),
                        .. kibanaUsers.UserSecrets.Select(s => (Value)ObjectValue.Of(("secretName", s)))])),
                    // LogstashWriterRole replaces ECK's predefined role of the Logstash association user.
                    ("roles", ListValue.Of(ObjectValue.Of(("secretName", MonitoringRoleSecret)), ObjectValue.Of(("secretName", GrafanaRoleSecret)), ObjectValue.Of(("secretName", KibanaUsers.RolesSecret)),
                        ObjectValue.Of(("secretName", LogstashWriterRole.SecretName)))))),
                // ECK's self-signed HTTP certificate also names the ingest Service (it covers its own Services only).
                ("http", ObjectValue.Of(("tls", ObjectValue.Of(("selfSignedCertificate", ObjectValue.Of(
                    ("subjectAltNames", ListValue.Of([.. IngestServiceNames.Select(n => (Value)ObjectValue.Of(("dns", n)))])))))))),
                ("nodeSets", ListValue.Of(nodeSets)))));
        // The built-in remote_monitoring_collector role has cluster 'monitor' only; the exporter's snapshot
        // collector also needs monitor_snapshot, or the snapshot alerts never see a metric.
        var monitoringRole = KubernetesObjects.Secret(context, ComponentName, "elasticsearch-monitoring-role", MonitoringRoleSecret, Namespaces.Elastic, "elasticsearch",
            ObjectValue.Of(("roles.yml", MonitoringRoleDefinition)));
        var monitoringUser = FileRealmUser(context, "elasticsearch-monitoring", MonitoringUserSecret, MonitoringUser, MonitoringRole);
        var grafanaRole = KubernetesObjects.Secret(context, ComponentName, "elasticsearch-grafana-role", GrafanaRoleSecret, Namespaces.Elastic, "elasticsearch",
            ObjectValue.Of(("roles.yml", GrafanaRoleDefinition)));
        var grafanaUser = FileRealmUser(context, "elasticsearch-grafana", GrafanaUserSecret, GrafanaUser, GrafanaRole);
        var logstashRole = LogstashWriterRole.Declare(context);
        var clusterResource = context.CustomResources(ComponentName, "elasticsearch-cluster", [cluster], stateful: true, [elasticNamespace, monitoringRole, monitoringUser, grafanaRole, grafanaUser, logstashRole, snapshots.ServiceAccount, .. kibanaUsers.Resources]);
        // Logstash's bulk traffic goes to the data nodes only (with dedicated masters the difference matters; without
        // them every node holds data and the Service selects them all, like logs-es-http).
        var ingestService = context.Kubernetes(ComponentName, "elasticsearch-ingest-service", "kubernetes:core/v1:Service", ObjectValue.Of(
            ("metadata", StackContext.Metadata(IngestServiceName, Namespaces.Elastic, "elasticsearch")),
            ("spec", ObjectValue.Of(
                ("selector", ObjectValue.Of(("elasticsearch.k8s.elastic.co/cluster-name", ClusterName), (DataNodeLabel, "true"))),
                ("ports", ListValue.Of(ObjectValue.Of(("name", "https"), ("port", HttpPort), ("targetPort", HttpPort), ("protocol", "TCP"))))))), false, elasticNamespace);
        context.AddWorkloads(clusterResource, group => EckWorkloads.Read(group, (name, obj) => ValueAccess.List(obj, "spec", "nodeSets").Select(nodeSet =>
            EckWorkloads.Workload(ComponentName, $"{name}-es-{ValueAccess.Text(nodeSet, "name")}", ChartWorkloads.StatefulSet, "elasticsearch", nodeSet) with
            {
                // ECK's default PodDisruptionBudget allows one node down while the cluster is green.
                // zoneAwareness also makes shard allocation zone-aware; the spread itself is in the pod template.
                Spread = Placement.Read(ValueAccess.At(nodeSet, "podTemplate", "spec"), disruptionBudget: true) with
                {
                    AcrossZones = ValueAccess.Object(nodeSet, "zoneAwareness") is not null
                        && Placement.Read(ValueAccess.At(nodeSet, "podTemplate", "spec"), true).AcrossZones,
                },
            })));

        // Metrics: the Elasticsearch exporter, authenticating as the monitoring user and trusting ECK's CA.
        var exporter = context.Release(ComponentName, "elasticsearch-exporter", Pins.ElasticsearchExporter, Namespaces.Elastic);
        exporter.DependsOn(clusterResource);
        exporter.DependsOn(_kubePrometheusChart);
        // Per-index and per-shard statistics (chart 7.4.0 turns them on) are read by no rule or dashboard and grow with
        // every backing index: off, so the scrape stays below its sample limit at fleet scale (ElasticsearchExporterSeries).
        exporter.Wire(ObjectValue.Of(
            ("podLabels", NetworkPeer.LabelMap(ExporterPods)),
            ("es", ObjectValue.Of(
                ("uri", $"https://{HttpService}:{HttpPort}"),
                ("indices", false),
                ("indices_settings", false),
                ("indices_mappings", false),
                ("shards", false),
                ("snapshots", true),
                // ILM state per index (--collector.ilm): ElasticsearchIlmError.
                ("ilm", true),
                // Store size per data stream (--collector.data-stream): LogVolumeAboveDeclared. Two series per stream.
                ("data_stream", true),
                ("ssl", ObjectValue.Of(
                    ("enabled", true),
                    ("useExistingSecrets", true),
                    ("ca", ObjectValue.Of(("path", "/ssl/ca.crt"))),
                    ("client", ObjectValue.Of(("enabled", false))))))),
            // elasticsearch_clusterinfo_up (ElasticsearchDown, LogsStopped's elasticsearch hop) is refreshed every
            // --es.clusterinfo.interval, 5m by default (elasticsearch_exporter v1.11.0 main.go): every 30 s, one
            // scrape interval, so an unreachable cluster is seen within the notification budget.
            ("extraArgs", ListValue.Of("--es.clusterinfo.interval=30s")),
            ("secretMounts", ListValue.Of(ObjectValue.Of(
                ("name", "elasticsearch-ca"),
                ("secretName", $"{ClusterName}-es-http-certs-public"),
                ("path", "/ssl")))),
            ("extraEnvSecrets", ObjectValue.Of(
                ("ES_USERNAME", ObjectValue.Of(("secret", MonitoringUserSecret), ("key", "username"))),
                ("ES_PASSWORD", ObjectValue.Of(("secret", MonitoringUserSecret), ("key", "password"))))),
            // The exporter labels series with the Elasticsearch cluster name as 'cluster', which would
            // shadow the Kubernetes 'cluster' label every series gets from the external labels (and
            // break federation and inhibition). Keep it as 'es_cluster' instead.
            // Set explicitly: the NetworkPolicy opens exactly this port to Prometheus.
            ("service", ObjectValue.Of(("httpPort", ExporterPort))),
            // Every 30 s: each scrape asks every node for its statistics. The sample limit is the enforced one, stated so
            // that the compile's prediction is checked against what the ServiceMonitor shows; the thread pools the rules
            // and the dashboard read are kept, the other thirty-odd dropped before the limit counts them.
            ("serviceMonitor", ObjectValue.Of(
                ("enabled", true),
                ("interval", ElasticsearchExporterSeries.Interval),
                ("sampleLimit", series.Limit),
                ("metricRelabelings", ListValue.Of(
                    ObjectValue.Of(("sourceLabels", ListValue.Of("cluster")), ("targetLabel", "es_cluster"), ("action", "replace")),
                    ObjectValue.Of(("regex", "cluster"), ("action", "labeldrop")),
                    // RE2 has no negative look-ahead: mark the kept pools' series, drop the unmarked ones, remove the mark.
                    ObjectValue.Of(
                        ("sourceLabels", ListValue.Of("__name__", "type")),
                        ("regex", $"elasticsearch_thread_pool_.+;({string.Join("|", ElasticsearchExporterSeries.ThreadPools)})"),
                        ("targetLabel", ThreadPoolKeptLabel),
                        ("replacement", "true"),
                        ("action", "replace")),
                    ObjectValue.Of(
                        ("sourceLabels", ListValue.Of("__name__", ThreadPoolKeptLabel)),
                        ("regex", "elasticsearch_thread_pool_.+;"),
                        ("action", "drop")),
                    ObjectValue.Of(("regex", ThreadPoolKeptLabel), ("action", "labeldrop"))))))));
        // Not an API client: its own service account without a token, not the namespace's default one with a token
        // (chart 7.4.0 sets automountServiceAccountToken only on a ServiceAccount it creates; ServiceAccountTokenPolicyTests).
        exporter.Wire(ObjectValue.Of(("serviceAccount", ObjectValue.Of(("create", true), ("name", ExporterServiceAccount), ("automountServiceAccountToken", false)))));
        context.AddWorkloads(exporter.Resource, chart =>
        {
            var values = ChartWorkloads.Values(chart);
            return [new(ComponentName, ChartWorkloads.Release(chart), ChartWorkloads.Deployment,
                ValueAccess.Count(values, ChartDefaults.ReplicaCount, "replicaCount"), [ChartWorkloads.Container("exporter", values)], [])];
        });
        context.AddRules(ComponentName, "elasticsearch", [ElasticsearchRules.Group(args.Rules, nodes, dedicatedMasters ? DedicatedMasters : 0)]);
        foreach (var dashboard in ElasticsearchDashboards.All)
        {
            context.AddDashboard(dashboard);
        }

        // No namespace-wide allow: each client of Elasticsearch declares its own edge (Kibana, Grafana, Logstash,
        // the setup Job, the exporter here), so the internet-facing pods of this namespace (Grafana, Kibana's
        // sign-in proxies) reach only what they use. The nodes talk to each other on the transport port.
        context.AddEdge(new NetworkEdge(Namespaces.Elastic, "allow-elasticsearch-transport", Nodes, NetworkPeer.Pods(Namespaces.Elastic, Nodes), [TransportPort]));
        context.AddEdge(new NetworkEdge(Namespaces.Elastic, "allow-exporter-to-elasticsearch", Nodes, NetworkPeer.Pods(Namespaces.Elastic, ExporterPods), [HttpPort]));
        context.AddEdge(new NetworkEdge(Namespaces.Elastic, "allow-eck-operator", [], NetworkPeer.Pods(Namespaces.ElasticSystem), [HttpPort]));
        context.AddEdge(NetworkEdge.Scrape(Namespaces.Elastic, ExporterPort));
        context.AddEdge(NetworkEdge.Scrape(Namespaces.ElasticSystem, OperatorMetricsPort));
        context.AddEgress(NetworkEgress.ApiServer(Namespaces.ElasticSystem, "egress-api-server", "the ECK operator reconciles its resources (the only workload here)"));
        context.AddEgress(new NetworkEgress(Namespaces.Elastic, "egress-elasticsearch-snapshots", [("elasticsearch.k8s.elastic.co/cluster-name", ClusterName)], NetworkPeer.Internet, [443],
            "writes snapshots to S3 and trades its service account's web identity token at STS (IRSA, no instance metadata): names on the internet, so public addresses on 443 only"));
        return new ElasticsearchResources(clusterResource, ingestService, snapshots);
    }

    /// <summary>The operator's service account (the chart's fullnameOverride, elastic-operator).</summary>
    public const string OperatorServiceAccount = "elastic-operator";

    public const string NodeReaderRole = "elastic-operator-node-reader";

    /// <summary>
    /// Read access to nodes for the operator: zoneAwareness copies each node's zone label onto the
    /// Elasticsearch pods (ECK 3.5.0 pkg/controller/elasticsearch/driver/shared/node_labels.go gets the Node
    /// through its cache, so get, list and watch), which the chart grants only with its cluster-wide ClusterRole.
    /// </summary>
    private static void NodeReader(StackContext context, Resource chart)
    {
        var role = context.Kubernetes(ComponentName, "eck-operator-node-reader", "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", ObjectValue.Of(
            ("metadata", ObjectValue.Of(("name", NodeReaderRole), ("labels", StackContext.Labels(NodeReaderRole, "elasticsearch")))),
            ("rules", ListValue.Of(ObjectValue.Of(
                ("apiGroups", ListValue.Strings([""])),
                ("resources", ListValue.Strings(["nodes"])),
                ("verbs", ListValue.Strings(["get", "list", "watch"])))))));
        context.Kubernetes(ComponentName, "eck-operator-node-reader-binding", "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", ObjectValue.Of(
            ("metadata", ObjectValue.Of(("name", NodeReaderRole), ("labels", StackContext.Labels(NodeReaderRole, "elasticsearch")))),
            ("roleRef", ObjectValue.Of(("apiGroup", "rbac.authorization.k8s.io"), ("kind", "ClusterRole"), ("name", NodeReaderRole))),
            ("subjects", ListValue.Of(ObjectValue.Of(("kind", "ServiceAccount"), ("name", OperatorServiceAccount), ("namespace", Namespaces.ElasticSystem))))), false, role, chart);
    }

    /// <summary>The ECK operator's pods, from its chart's values.</summary>
    private static IEnumerable<WorkloadFootprint> OperatorWorkloads(Resource chart)
    {
        var values = ChartWorkloads.Values(chart);
        return [new(ComponentName, ChartWorkloads.Release(chart), ChartWorkloads.StatefulSet,
            ValueAccess.Count(values, ChartDefaults.EckOperatorReplicas, "replicaCount"),
            [ContainerFootprint.FromResources("manager", ValueAccess.Overlay(ChartDefaults.EckOperatorResources, values["resources"]))], [])];
    }

    /// <summary>A file-realm user ECK adds to Elasticsearch: a generated password in a basic-auth Secret with its roles.</summary>
    private static Resource FileRealmUser(StackContext context, string name, string secret, string user, string roles)
    {
        var password = context.RandomPassword(ComponentName, $"{name}-password");
        return KubernetesObjects.Secret(context, ComponentName, $"{name}-user", secret, Namespaces.Elastic, "elasticsearch", ObjectValue.Of(
            ("username", user),
            ("password", new ReferenceValue(password, "result")),
            ("roles", roles)), "kubernetes.io/basic-auth");
    }

    /// <summary>A temporary label the exporter's metric relabelling marks the kept thread pools' series with.</summary>
    public const string ThreadPoolKeptLabel = "__tmp_thread_pool_kept";

    public const string ExporterServiceAccount = "elasticsearch-exporter";

    /// <summary>Port the Elasticsearch exporter serves metrics on (the chart's service.httpPort).</summary>
    public const int ExporterPort = 9108;

    /// <summary>File-realm user the exporter reads cluster, node and snapshot statistics with.</summary>
    public const string MonitoringUser = "monitoring";

    public const string MonitoringUserSecret = "elasticsearch-monitoring-user";

    /// <summary>Role of the monitoring user: cluster, node and index statistics, mappings and snapshot status, nothing else.</summary>
    public const string MonitoringRole = "observability_monitoring";

    public const string MonitoringRoleSecret = "elasticsearch-monitoring-role";

    private const string MonitoringRoleDefinition = """
        observability_monitoring:
          cluster: [monitor, monitor_snapshot]
          indices:
            - names: ["*"]
              privileges: [monitor, view_index_metadata]

        """;

    /// <summary>File-realm user of Grafana's logs datasource (role <see cref="GrafanaRole"/>).</summary>
    public const string GrafanaUser = "grafana";

    public const string GrafanaUserSecret = "elasticsearch-grafana-user";

    /// <summary>
    /// Role of Grafana's user: read the log data streams Kibana's readers read, nothing else. Not the built-in
    /// viewer, which reads every index (team streams, the quarantine of unparsed lines) and all of Kibana, and
    /// which every Grafana user would reach through the datasource.
    /// </summary>
    public const string GrafanaRole = "observability_grafana_logs";

    public const string GrafanaRoleSecret = "elasticsearch-grafana-role";

    public static string GrafanaRoleDefinition => $$"""
        {{GrafanaRole}}:
          indices:
            - names: ["{{KibanaUsers.LogIndices}}"]
              privileges: [read, view_index_metadata]

        """;

    /// <summary>HTTPS service ECK creates for the cluster.</summary>
    public static string HttpService => $"{ClusterName}-es-http.{Namespaces.Elastic}.svc";

    /// <summary>
    /// The Service Logstash writes through: the data nodes only, so bulk requests are never coordinated by the
    /// dedicated masters (ECK's logs-es-http selects every node). ECK "Traffic Splitting"; the association's
    /// serviceName (Logstash CRD, elasticsearchRefs[].serviceName) points Logstash at it.
    /// </summary>
    public const string IngestServiceName = $"{ClusterName}-es-ingest";

    /// <summary>ECK's label of the pods whose node.roles include data (elasticsearch.k8s.elastic.co/node-data).</summary>
    public const string DataNodeLabel = "elasticsearch.k8s.elastic.co/node-data";

    /// <summary>The names the ingest Service is reached by, which the HTTP certificate must carry (Logstash verifies the host).</summary>
    public static IReadOnlyList<string> IngestServiceNames { get; } =
        [IngestServiceName, $"{IngestServiceName}.{Namespaces.Elastic}", $"{IngestServiceName}.{Namespaces.Elastic}.svc", $"{IngestServiceName}.{Namespaces.Elastic}.svc.cluster.local"];
}
