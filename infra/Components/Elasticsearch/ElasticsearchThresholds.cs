namespace Infra.Config;

/// <summary>The alert thresholds of Elasticsearch's rules: part of the one list, declared beside the rules that use them.</summary>
public static partial class Thresholds
{
    public static readonly Threshold ElasticsearchDiskUsedWarningPercent = new("elasticsearchDiskUsedWarningPercent", 80, 85, "%", 1, 100, "Elasticsearch data disk used above this (the low watermark is 85%).");
    public static readonly Threshold ElasticsearchDiskUsedCriticalPercent = new("elasticsearchDiskUsedCriticalPercent", 88, 90, "%", 1, 100, "Elasticsearch data disk used above this (the high watermark is 90%: shards move away).");
    public static readonly Threshold ElasticsearchSnapshotMaxAgeHours = new("elasticsearchSnapshotMaxAgeHours", 26, 50, "h", 1, 8760, "Newest successful snapshot older than this.");
    public static readonly Threshold ElasticsearchHeapUsedWarningPercent = new("elasticsearchHeapUsedWarningPercent", 85, 85, "%", 1, 100, "Elasticsearch node JVM heap used above this for 15m (warning).");
    public static readonly Threshold ElasticsearchHeapUsedCriticalPercent = new("elasticsearchHeapUsedCriticalPercent", 95, 95, "%", 1, 100, "Elasticsearch node JVM heap used above this for 5m (critical).");

    /// <summary>The alert thresholds of the Elasticsearch product (ElasticsearchProduct), in documentation order.</summary>
    public static IReadOnlyList<Threshold> OfElasticsearch => [ElasticsearchDiskUsedWarningPercent, ElasticsearchDiskUsedCriticalPercent, ElasticsearchSnapshotMaxAgeHours, ElasticsearchHeapUsedWarningPercent, ElasticsearchHeapUsedCriticalPercent];
}
