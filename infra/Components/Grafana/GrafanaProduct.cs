using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>Grafana with every component's dashboards; the controlplane only.</summary>
public static class GrafanaProduct
{
    public static Product Manifest { get; } = new("Grafana")
    {
        Components =
        [
            ProductComponent.Of(w => new Grafana(GrafanaArgs.Bind(w.Settings), w.Built<KubePrometheus, HelmRelease>(), w.Built<Elasticsearch, ElasticsearchResources>()), StackRole.Controlplane),
        ],
        Settings = [.. SettingsCatalog.OfGrafana, .. SettingsCatalog.OfGrafanaSignIn],
        Charts = Pins.ChartsOfGrafana,
    };
}
