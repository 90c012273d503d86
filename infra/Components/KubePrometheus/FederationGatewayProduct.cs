using Infra.Config;

namespace Infra.Components;

/// <summary>The authenticated endpoint through which the controlplane's Prometheus federates an environment; environments only (its folder is KubePrometheus's, whose federation it serves).</summary>
public static class FederationGatewayProduct
{
    public static Product Manifest { get; } = new("FederationGateway")
    {
        Components =
        [
            ProductComponent.Of(_ => new FederationGateway(), StackRole.Environment),
        ],
        Settings = SettingsCatalog.OfFederation,
    };
}
