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
        var ns = context.Namespace(Namespaces.Monitoring, ComponentName, "privileged", holdsData: true);
        var password = context.RandomPassword(ComponentName, "grafana-admin-password");
        var adminSecret = context.Kubernetes(ComponentName, "grafana-admin-secret", "kubernetes:core/v1:Secret", ObjectValue.Of(
            ("metadata", StackContext.Metadata(AdminSecretName, Namespaces.Monitoring, "grafana")),
            ("type", "Opaque"),
            ("stringData", ObjectValue.Of(
                ("admin-user", "admin"),
                ("admin-password", new ReferenceValue(password, "result"))))), false, ns);

        var release = new HelmRelease(ComponentName, ReleaseName, Pins.Grafana, ns, Namespaces.Monitoring) { Stateful = true };
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
            ("datasources", ObjectValue.Of(("datasources.yaml", ObjectValue.Of(
                ("apiVersion", 1),
                ("datasources", ListValue.Of(ObjectValue.Of(
                    ("name", "Prometheus"),
                    ("type", "prometheus"),
                    ("uid", "prometheus"),
                    ("access", "proxy"),
                    ("url", KubePrometheus.PrometheusUrl),
                    ("isDefault", true),
                    ("editable", false))))))))));
        Chart = release.Build(context);
        context.Graph.AddOutput(new StackOutput("grafanaAdminPassword", FunctionValue.Secret(new ReferenceValue(password, "result")), true,
            "Grafana admin password (user 'admin')"));
    }

    public Resource Chart { get; }
}
