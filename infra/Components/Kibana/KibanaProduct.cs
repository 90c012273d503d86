using Infra.Config;

namespace Infra.Components;

/// <summary>Kibana (ECK) and its sign-in proxy; the controlplane only.</summary>
public static class KibanaProduct
{
    public static Product Manifest { get; } = new("Kibana")
    {
        Components =
        [
            ProductComponent.Of(_ => new Kibana(), StackRole.Controlplane),
        ],
        Settings = [.. SettingsCatalog.OfKibana, .. SettingsCatalog.OfKibanaSignIn],
        RuleTests = ["kibana.test.yaml"],
    };
}
