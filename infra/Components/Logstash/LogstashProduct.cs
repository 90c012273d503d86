using Infra.Model;
using Infra.Config;

namespace Infra.Components;

/// <summary>Logstash (ECK), one pipeline per environment from Kafka to Elasticsearch, and the log-freshness rule; the controlplane only.</summary>
public static class LogstashProduct
{
    public static Product Manifest { get; } = new("Logstash")
    {
        Components =
        [
            ProductComponent.Of(w => new Logstash(LogstashArgs.Bind(w.Settings), w.Built<Elasticsearch, ElasticsearchResources>(), w.Built<Kafka, KafkaResources>(), w.Built<ElasticsearchSetup, Resource>()), StackRole.Controlplane),
        ],
        Settings = SettingsCatalog.OfLogstash,
        Thresholds = [.. Thresholds.OfLogstash, .. Thresholds.OfLogFreshness],
        RuleTests = ["logstash.test.yaml", "log-freshness.test.yaml"],
    };
}
