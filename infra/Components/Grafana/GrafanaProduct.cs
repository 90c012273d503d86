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
            ProductComponent.Of(_ => new Grafana(), StackRole.Controlplane),
        ],
        Settings = SettingsCatalog.OfGrafana,
        Charts = Pins.ChartsOfGrafana,
        WorkloadReaders = [typeof(GrafanaWorkloads)],
    };
}
