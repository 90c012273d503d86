using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Grafana on the controlplane: admin credentials generated into a Secret, the controlplane
/// Prometheus as default datasource, dashboards picked up from labelled ConfigMaps, persistence on.
/// </summary>
public sealed class Grafana
{
    public const string ComponentName = "Grafana";
    public const string ReleaseName = "grafana";
    public const string AdminSecretName = "grafana-admin";

    public Grafana(StackContext context, KubePrometheus kubePrometheus, Elasticsearch elasticsearch)
    {
        var settings = context.Settings;
        // Grafana runs beside Elasticsearch so it can mount ECK's CA and its own Elasticsearch user.
        var ns = elasticsearch.Namespace;
        var password = context.RandomPassword(ComponentName, "grafana-admin-password");
        var adminSecret = context.Kubernetes(ComponentName, "grafana-admin-secret", "kubernetes:core/v1:Secret", ObjectValue.Of(
            ("metadata", StackContext.Metadata(AdminSecretName, Namespaces.Elastic, "grafana")),
            ("type", "Opaque"),
            ("stringData", ObjectValue.Of(
                ("admin-user", "admin"),
                ("admin-password", new ReferenceValue(password, "result"))))), false, ns);

        var release = new HelmRelease(ComponentName, ReleaseName, Pins.Grafana, ns, Namespaces.Elastic) { Stateful = true };
        release.DependsOn.Add(adminSecret);
        release.DependsOn.Add(kubePrometheus.Chart);
        release.DependsOn.Add(elasticsearch.Cluster);
        var storageClass = settings.Get(SettingsCatalog.StorageClass);
        release.Wire(ObjectValue.Of(
            ("admin", ObjectValue.Of(
                ("existingSecret", AdminSecretName),
                ("userKey", "admin-user"),
                ("passwordKey", "admin-password"))),
            ("persistence", ObjectValue.Of(
                ("enabled", true),
                ("size", settings.Get(SettingsCatalog.GrafanaStorageSize)),
                ("storageClassName", storageClass.Length == 0 ? null : storageClass))),
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
                        ("url", $"https://{Elasticsearch.HttpService}:9200"),
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
        Chart = release.Build(context);

        // Dashboards as code: one ConfigMap each, found by the sidecar through its label.
        foreach (var dashboard in Dashboards.PlatformDashboards.All)
        {
            var json = Yaml.JsonText.Of(dashboard.Model(), indented: true) + "\n";
            if (System.Text.Encoding.UTF8.GetByteCount(json) >= 1024 * 1024)
            {
                throw new InvalidOperationException($"dashboard {dashboard.Uid} is over the 1 MiB ConfigMap limit");
            }

            context.Graph.AddDocument(new RenderedDocument($"grafana/dashboards/{dashboard.Uid}.json", json, ComponentName));
            context.Kubernetes(ComponentName, $"dashboard-{dashboard.Uid}", "kubernetes:core/v1:ConfigMap", ObjectValue.Of(
                ("metadata", StackContext.Metadata($"dashboard-{dashboard.Uid}", Namespaces.Elastic, "grafana", ObjectValue.Of(("grafana_dashboard", "1")))),
                ("data", ObjectValue.Of(($"{dashboard.Uid}.json", json)))), false, ns);
        }
        context.Graph.AddOutput(new StackOutput("grafanaAdminPassword", FunctionValue.Secret(new ReferenceValue(password, "result")), true,
            "Grafana admin password (user 'admin')"));
    }

    public Resource Chart { get; }
}
