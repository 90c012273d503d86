using Infra.Model;
using Infra.Config;

namespace Infra.Components;

/// <summary>Kibana (ECK) and its sign-in proxy; the controlplane only.</summary>
public static class KibanaProduct
{
    public static Product Manifest { get; } = new("Kibana")
    {
        Components =
        [
            ProductComponent.Of(w => new Kibana(KibanaArgs.Bind(w.Settings), w.Built<Elasticsearch, ElasticsearchResources>()), StackRole.Controlplane),
            // Elasticsearch's setup (filed under Elasticsearch) creates Kibana's data view too: built once both exist.
            ProductComponent.Of(w => new ElasticsearchSetup(ElasticsearchSetupArgs.Bind(w.Settings), w.Built<Elasticsearch, ElasticsearchResources>(), w.Built<Kibana, Resource>()), StackRole.Controlplane),
        ],
        Settings = [.. SettingsCatalog.OfKibana, .. SettingsCatalog.OfKibanaSignIn, .. SettingsCatalog.OfKibanaUsers],
        RuleTests = ["kibana.test.yaml"],
    };
}
