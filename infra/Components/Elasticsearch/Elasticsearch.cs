using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Elasticsearch on the controlplane through the ECK operator: one node set of all-role nodes on
/// persistent volumes, TLS by ECK, and the Elasticsearch exporter for its metrics.
/// </summary>
public sealed class Elasticsearch
{
    public const string ComponentName = "Elasticsearch";
    public const string OperatorRelease = "eck-operator";
    public const string ClusterName = "logs";

    public Elasticsearch(StackContext context, KubePrometheus kubePrometheus)
    {
        var settings = context.Settings;
        var operatorNs = context.Namespace(Namespaces.ElasticSystem, ComponentName, "restricted", holdsData: false);
        var release = new HelmRelease(ComponentName, OperatorRelease, Pins.EckOperator, operatorNs, Namespaces.ElasticSystem);
        foreach (var group in new[] { "elasticsearch.k8s.elastic.co", "kibana.k8s.elastic.co", "logstash.k8s.elastic.co" })
        {
            release.ProvidesApiGroups.Add(group);
        }

        // The operator's ServiceMonitor needs the monitoring CRDs.
        release.DependsOn.Add(kubePrometheus.Chart);
        // elastic-system enforces the restricted Pod Security level, which requires a seccomp profile;
        // the chart sets every other restricted field itself.
        release.Wire(ObjectValue.Of(
            ("installCRDs", true),
            ("podSecurityContext", ObjectValue.Of(("seccompProfile", ObjectValue.Of(("type", "RuntimeDefault")))))));
        Operator = release.Build(context);

        Namespace = context.Namespace(Namespaces.Elastic, ComponentName, "baseline", holdsData: true);
        Snapshots = new SnapshotStorage(context, Namespace);
        var storageClass = settings.Get(SettingsCatalog.StorageClass);
        var memory = settings.IsProduction ? "8Gi" : "2Gi";
        var resources = ObjectValue.Of(
            ("requests", ObjectValue.Of(("cpu", settings.IsProduction ? "2" : "500m"), ("memory", memory))),
            ("limits", ObjectValue.Of(("memory", memory))));
        // The snapshot service account (IRSA) and the web-identity token where repository-s3 looks for it.
        var tokenMount = ObjectValue.Of(
            ("name", "aws-web-identity-token"),
            ("mountPath", "/usr/share/elasticsearch/config/repository-s3"),
            ("readOnly", true));
        var container = ObjectValue.Of(
            ("name", "elasticsearch"),
            ("resources", resources),
            ("volumeMounts", ListValue.Of(tokenMount)));
        var token = ObjectValue.Of(("serviceAccountToken", ObjectValue.Of(
            ("audience", "sts.amazonaws.com"),
            ("expirationSeconds", 86400),
            ("path", "aws-web-identity-token-file"))));
        var tokenVolume = ObjectValue.Of(
            ("name", "aws-web-identity-token"),
            ("projected", ObjectValue.Of(("sources", ListValue.Of(token)))));
        var podTemplate = ObjectValue.Of(("spec", ObjectValue.Of(
            ("serviceAccountName", SnapshotStorage.ServiceAccountName),
            ("containers", ListValue.Of(container)),
            ("volumes", ListValue.Of(tokenVolume)))));
        var volumeClaim = ObjectValue.Of(
            ("metadata", ObjectValue.Of(("name", "elasticsearch-data"))),
            ("spec", ObjectValue.Of(
                ("accessModes", ListValue.Of("ReadWriteOnce")),
                ("storageClassName", storageClass.Length == 0 ? null : storageClass),
                ("resources", ObjectValue.Of(("requests", ObjectValue.Of(
                    ("storage", settings.Get(SettingsCatalog.ElasticsearchStorageSize)))))))));
        var nodeSet = ObjectValue.Of(
            ("name", "default"),
            ("count", settings.Get(SettingsCatalog.ElasticsearchNodes)),
            // No mmap: no privileged sysctl init container needed.
            ("config", ObjectValue.Of(("node.store.allow_mmap", false))),
            ("podTemplate", podTemplate),
            ("volumeClaimTemplates", ListValue.Of(volumeClaim)));
        var cluster = ObjectValue.Of(
            ("apiVersion", "elasticsearch.k8s.elastic.co/v1"),
            ("kind", "Elasticsearch"),
            ("metadata", StackContext.Metadata(ClusterName, Namespaces.Elastic, "elasticsearch")),
            ("spec", ObjectValue.Of(
                ("version", Pins.ElasticStack),
                // File-realm users the program manages (the exporter's monitoring user).
                ("auth", ObjectValue.Of(
                    ("fileRealm", ListValue.Of(
                        ObjectValue.Of(("secretName", MonitoringUserSecret)),
                        ObjectValue.Of(("secretName", GrafanaUserSecret)))),
                    ("roles", ListValue.Of(ObjectValue.Of(("secretName", MonitoringRoleSecret)))))),
                ("nodeSets", ListValue.Of(nodeSet)))));
        // The built-in remote_monitoring_collector role has cluster 'monitor' only; the exporter's snapshot
        // collector also needs monitor_snapshot, or the snapshot alerts never see a metric.
        var monitoringRole = context.Kubernetes(ComponentName, "elasticsearch-monitoring-role", "kubernetes:core/v1:Secret", ObjectValue.Of(
            ("metadata", StackContext.Metadata(MonitoringRoleSecret, Namespaces.Elastic, "elasticsearch")),
            ("type", "Opaque"),
            ("stringData", ObjectValue.Of(("roles.yml", MonitoringRoleDefinition)))), false, Namespace);
        var monitoringPassword = context.RandomPassword(ComponentName, "elasticsearch-monitoring-password");
        var monitoringUser = context.Kubernetes(ComponentName, "elasticsearch-monitoring-user", "kubernetes:core/v1:Secret", ObjectValue.Of(
            ("metadata", StackContext.Metadata(MonitoringUserSecret, Namespaces.Elastic, "elasticsearch")),
            ("type", "kubernetes.io/basic-auth"),
            ("stringData", ObjectValue.Of(
                ("username", MonitoringUser),
                ("password", new ReferenceValue(monitoringPassword, "result")),
                ("roles", MonitoringRole)))), false, Namespace);
        var grafanaPassword = context.RandomPassword(ComponentName, "elasticsearch-grafana-password");
        var grafanaUser = context.Kubernetes(ComponentName, "elasticsearch-grafana-user", "kubernetes:core/v1:Secret", ObjectValue.Of(
            ("metadata", StackContext.Metadata(GrafanaUserSecret, Namespaces.Elastic, "elasticsearch")),
            ("type", "kubernetes.io/basic-auth"),
            ("stringData", ObjectValue.Of(
                ("username", GrafanaUser),
                ("password", new ReferenceValue(grafanaPassword, "result")),
                ("roles", "viewer")))), false, Namespace);
        Cluster = context.CustomResources(ComponentName, "elasticsearch-cluster", [cluster], Operator, stateful: true, Namespace, monitoringRole, monitoringUser, grafanaUser, Snapshots.ServiceAccount);

        // Metrics: the Elasticsearch exporter, authenticating as the monitoring user and trusting ECK's CA.
        var exporter = new HelmRelease(ComponentName, "elasticsearch-exporter", Pins.ElasticsearchExporter, Namespace, Namespaces.Elastic);
        exporter.DependsOn.Add(Cluster);
        exporter.DependsOn.Add(kubePrometheus.Chart);
        exporter.Wire(ObjectValue.Of(
            ("es", ObjectValue.Of(
                ("uri", $"https://{HttpService}:9200"),
                ("snapshots", true),
                ("ssl", ObjectValue.Of(
                    ("enabled", true),
                    ("useExistingSecrets", true),
                    ("ca", ObjectValue.Of(("path", "/ssl/ca.crt"))),
                    ("client", ObjectValue.Of(("enabled", false))))))),
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
            ("serviceMonitor", ObjectValue.Of(
                ("enabled", true),
                ("metricRelabelings", ListValue.Of(
                    ObjectValue.Of(("sourceLabels", ListValue.Of("cluster")), ("targetLabel", "es_cluster"), ("action", "replace")),
                    ObjectValue.Of(("regex", "cluster"), ("action", "labeldrop"))))))));
        Exporter = exporter.Build(context);
        context.AddRules(ComponentName, "elasticsearch", [Rules.ElasticsearchRules.Group(new Rules.RuleContext(settings))], kubePrometheus.Chart);
    }

    public Resource Operator { get; }

    public Resource Namespace { get; }

    public Resource Cluster { get; }

    public Resource Exporter { get; }

    public SnapshotStorage Snapshots { get; }

    /// <summary>File-realm user the exporter reads cluster, node and snapshot statistics with.</summary>
    /// <summary>Port the Elasticsearch exporter serves metrics on (the chart's service.httpPort).</summary>
    public const int ExporterPort = 9108;

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

    /// <summary>File-realm user with the built-in read-only viewer role, for Grafana's logs datasource.</summary>
    public const string GrafanaUser = "grafana";

    public const string GrafanaUserSecret = "elasticsearch-grafana-user";

    /// <summary>HTTPS service ECK creates for the cluster.</summary>
    public static string HttpService => $"{ClusterName}-es-http.{Namespaces.Elastic}.svc";
}
