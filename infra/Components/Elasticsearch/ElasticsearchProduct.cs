using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>Elasticsearch (ECK), its snapshots, data streams and exporter; the controlplane only.</summary>
public static class ElasticsearchProduct
{
    public static Product Manifest { get; } = new("Elasticsearch")
    {
        Components =
        [
            ProductComponent.Of(w => new Elasticsearch(ElasticsearchArgs.Bind(w.Settings), w.Built<KubePrometheus, HelmRelease>().Resource), StackRole.Controlplane),
        ],
        Settings = SettingsCatalog.OfElasticsearch,
        Thresholds = Thresholds.OfElasticsearch,
        Charts = Pins.ChartsOfElasticsearch,
        RuleTests = ["elasticsearch.test.yaml", "log-volume.test.yaml"],
    };
}
