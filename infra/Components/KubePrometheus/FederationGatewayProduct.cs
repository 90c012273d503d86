using Infra.Config;

namespace Infra.Components;

/// <summary>The authenticated endpoint through which the controlplane's Prometheus federates an environment; environments only (its folder is KubePrometheus's, whose federation it serves).</summary>
public static class FederationGatewayProduct
{
    public static Product Manifest { get; } = new("FederationGateway")
    {
        Folder = "KubePrometheus",
        Components =
        [
            ProductComponent.Of(w => new FederationGateway(FederationGatewayArgs.Bind(w.Settings)), StackRole.Environment),
        ],
        Settings = SettingsCatalog.OfFederation,
    };
}
