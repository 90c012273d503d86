using Infra.Config;

namespace Infra.Components;

/// <summary>Alertmanager, its routes, receivers and inhibitions; on every cluster stack.</summary>
public static class AlertmanagerProduct
{
    public static Product Manifest { get; } = new("Alertmanager")
    {
        Components =
        [
            ProductComponent.Of(_ => new Alertmanager(), StackRole.Environment, StackRole.Controlplane),
        ],
        Settings = SettingsCatalog.OfAlertmanager,
        RuleTests = ["alertmanager.test.yaml"],
    };
}
