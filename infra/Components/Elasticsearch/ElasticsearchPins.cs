namespace Infra.Model;

/// <summary>The versions Elasticsearch deploys (chart and images): part of <see cref="Pins"/>, declared beside the component.</summary>
public static partial class Pins
{
    public static ChartPin ElasticsearchExporter { get; } =
        new("prometheus-elasticsearch-exporter", "7.4.0", "oci://ghcr.io/prometheus-community/charts/prometheus-elasticsearch-exporter", null);

    public static ChartPin EckOperator { get; } =
        new("eck-operator", "3.5.0", "eck-operator", "https://helm.elastic.co");

    /// <summary>Elastic Stack version run by ECK (the eck-stack 0.20.0 default).</summary>
    public const string ElasticStack = "9.5.0";

    /// <summary>Runs the Elasticsearch and Kibana API calls of the setup Job.</summary>
    public const string CurlImage = "docker.io/curlimages/curl:8.16.0";

    /// <summary>The charts of the Elasticsearch product (ElasticsearchProduct).</summary>
    public static IReadOnlyList<ChartPin> ChartsOfElasticsearch => [EckOperator, ElasticsearchExporter];
}
