using Infra.Model;
using Infra.Config;

namespace Infra.Components;

/// <summary>The Ingress of the user interfaces (Grafana, Kibana) and who may sign in; the controlplane only.</summary>
public static class IngressProduct
{
    public static Product Manifest { get; } = new("Ingress")
    {
        Components =
        [
            ProductComponent.Of(w => new UserInterfaces(UserInterfacesArgs.Bind(w.Settings), w.Built<Grafana, GrafanaResources>(), w.Built<Kibana, Resource>()), StackRole.Controlplane),
        ],
        Settings = SettingsCatalog.OfIngress,
    };
}
