namespace Infra.Config;

/// <summary>The settings of Kibana (controlplane): part of the one catalog, declared beside the component that reads them.</summary>
public static partial class SettingsCatalog
{
    public static readonly Setting<int> KibanaReplicas = Count("kibanaReplicas",
        "Kibana replicas.", 2, 1, 10, SettingScope.ControlplaneOnly);

    /// <summary>The settings of the Kibana product (KibanaProduct), in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> OfKibana => [KibanaReplicas];
}
