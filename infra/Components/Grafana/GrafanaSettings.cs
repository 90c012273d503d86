namespace Infra.Config;

/// <summary>The settings of Grafana (controlplane): part of the one catalog, declared beside the component that reads them.</summary>
public static partial class SettingsCatalog
{
    public static readonly Setting<string> GrafanaStorageSize = Quantity("grafanaStorageSize",
        "Persistent volume for Grafana's database.", "10Gi", "2Gi", SettingScope.ControlplaneOnly);

    /// <summary>The settings of the Grafana product (GrafanaProduct), in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> OfGrafana => [GrafanaStorageSize];
}
