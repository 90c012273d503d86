using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Grafana on the controlplane: admin credentials generated into a Secret, the controlplane
/// Prometheus as default datasource, dashboards picked up from labelled ConfigMaps, persistence on.
/// </summary>
public sealed class Grafana : IComponent
{
    public const string ComponentName = "Grafana";
    public const string ReleaseName = "grafana";
    public const string AdminSecretName = "grafana-admin";

    /// <summary>Grafana's container port (its metrics are scraped there).</summary>
    public const int HttpPort = 3000;

    public string Name => ComponentName;

    public void Build(StackContext context)
    {
        var settings = context.Settings;
        var kubePrometheus = context.Component<KubePrometheus>();
        var elasticsearch = context.Component<Elasticsearch>();

        // Grafana runs beside Elasticsearch so it can mount ECK's CA and its own Elasticsearch user.
        var password = context.RandomPassword(ComponentName, "grafana-admin-password");
        var adminSecret = KubernetesObjects.Secret(context, ComponentName, "grafana-admin-secret", AdminSecretName, Namespaces.Elastic, "grafana", ObjectValue.Of(
            ("admin-user", "admin"),
            ("admin-password", new ReferenceValue(password, "result"))));

        var release = context.Release(ComponentName, ReleaseName, Pins.Grafana, Namespaces.Elastic, stateful: true);
        release.DependsOn(adminSecret);
        release.DependsOn(kubePrometheus.Chart);
        release.DependsOn(elasticsearch.Cluster);
        release.Wire(ObjectValue.Of(
            ("admin", ObjectValue.Of(
                ("existingSecret", AdminSecretName),
                ("userKey", "admin-user"),
                ("passwordKey", "admin-password"))),
            ("persistence", ObjectValue.Of(
                ("enabled", true),
                ("size", settings.Get(SettingsCatalog.GrafanaStorageSize)),
                ("storageClassName", KubernetesObjects.StorageClass(settings)))),
            ("serviceMonitor", ObjectValue.Of(("enabled", true))),
            ("sidecar", ObjectValue.Of(("dashboards", ObjectValue.Of(
                ("enabled", true),
                ("label", "grafana_dashboard"),
                ("labelValue", "1"),
                ("searchNamespace", "ALL"))))),
            ("extraSecretMounts", ListValue.Of(
                ObjectValue.Of(("name", "elasticsearch-ca"), ("secretName", $"{Elasticsearch.ClusterName}-es-http-certs-public"), ("mountPath", "/etc/secrets/elasticsearch-ca"), ("readOnly", true)),
                ObjectValue.Of(("name", "elasticsearch-user"), ("secretName", Elasticsearch.GrafanaUserSecret), ("mountPath", "/etc/secrets/elasticsearch-user"), ("readOnly", true)))),
            ("datasources", ObjectValue.Of(("datasources.yaml", ObjectValue.Of(
                ("apiVersion", 1),
                ("datasources", ListValue.Of(
                    ObjectValue.Of(
                        ("name", "Prometheus"),
                        ("type", "prometheus"),
                        ("uid", "prometheus"),
                        ("access", "proxy"),
                        ("url", KubePrometheus.PrometheusUrl),
                        ("isDefault", true),
                        ("editable", false)),
                    ObjectValue.Of(
                        ("name", "Logs"),
                        ("type", "elasticsearch"),
                        ("uid", "logs"),
                        ("access", "proxy"),
                        ("url", $"https://{Elasticsearch.HttpService}:{Elasticsearch.HttpPort}"),
                        ("basicAuth", true),
                        ("basicAuthUser", Elasticsearch.GrafanaUser),
                        ("editable", false),
                        ("jsonData", ObjectValue.Of(
                            ("index", "logs-*"),
                            ("timeField", "@timestamp"),
                            ("tlsAuthWithCACert", true))),
                        // Grafana reads both from the mounted Secrets at start-up.
                        ("secureJsonData", ObjectValue.Of(
                            ("basicAuthPassword", "$__file{/etc/secrets/elasticsearch-user/password}"),
                            ("tlsCACert", "$__file{/etc/secrets/elasticsearch-ca/ca.crt}"))))))))))));
        context.AddWorkloads(release.Resource, GrafanaWorkloads.Read);
        context.AddOutput(new StackOutput("grafanaAdminPassword", FunctionValue.Secret(new ReferenceValue(password, "result")), true,
            "Grafana admin password (user 'admin')"));
        context.AddEdge(new NetworkEdge(Namespaces.Monitoring, "allow-grafana-to-prometheus", [("app.kubernetes.io/name", "prometheus")],
            NetworkPeer.Pods(Namespaces.Elastic, ("app.kubernetes.io/name", "grafana")), [KubePrometheus.PrometheusPort]));
        context.AddEdge(NetworkEdge.Scrape(Namespaces.Elastic, HttpPort));
    }

    /// <summary>Dashboards as code: every component's dashboards, one ConfigMap each, found by the sidecar through its label.</summary>
    public void Complete(StackContext context)
    {
        foreach (var dashboard in context.Dashboards.OrderBy(d => d.Uid, StringComparer.Ordinal))
        {
            var json = Yaml.JsonText.Of(dashboard.Model(), indented: true) + "\n";
            if (System.Text.Encoding.UTF8.GetByteCount(json) >= 1024 * 1024)
            {
                throw new InvalidOperationException($"dashboard {dashboard.Uid} is over the 1 MiB ConfigMap limit");
            }

            context.Graph.AddDocument(new RenderedDocument($"grafana/dashboards/{dashboard.Uid}.json", json, ComponentName));
            context.Kubernetes(ComponentName, $"dashboard-{dashboard.Uid}", "kubernetes:core/v1:ConfigMap", ObjectValue.Of(
                ("metadata", StackContext.Metadata($"dashboard-{dashboard.Uid}", Namespaces.Elastic, "grafana", ObjectValue.Of(("grafana_dashboard", "1")))),
                ("data", ObjectValue.Of(($"{dashboard.Uid}.json", json)))), false, context.Namespace(Namespaces.Elastic));
        }
    }
}
