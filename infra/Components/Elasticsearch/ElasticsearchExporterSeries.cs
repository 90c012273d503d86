using System.Globalization;
using Infra.Config;

namespace Infra.Components;

/// <summary>
/// The samples one scrape of the Elasticsearch exporter returns after its metric relabelling, predicted from the
/// cluster's nodes and indices with the collectors the program enables (elasticsearch_exporter v1.11.0; docs/sizing.md,
/// "The Elasticsearch exporter's scrape"). Prometheus fails the whole scrape when a target returns more than its
/// sample limit, and every Elasticsearch alert then goes dark at once, so the compile keeps the prediction well below it.
/// </summary>
/// <param name="Nodes">Elasticsearch nodes (data and dedicated masters): the nodes collector reports each (--es.all).</param>
/// <param name="Indices">Indices the ILM collector reports (one series each), an upper bound.</param>
/// <param name="Limit">The ServiceMonitor's sampleLimit (the controlplane's prometheusEnforcedSampleLimit).</param>
public sealed record ElasticsearchExporterSeries(int Nodes, int Indices, int Limit)
{
    /// <summary>
    /// Thread pools whose series the ServiceMonitor keeps: the rules read write and search rejections, the dashboard
    /// shows those and get. Elasticsearch 9 has some 35 pools at 6 series each per node, most of a node's series.
    /// </summary>
    public static readonly IReadOnlyList<string> ThreadPools = ["get", "search", "write"];

    /// <summary>
    /// Series per node after the thread-pool relabelling, an upper bound counted from collector/nodes.go: 108 node
    /// metrics, up to 13 roles, 2 per GC collector (3), 4 per circuit breaker (10), 2 for indexing pressure, 6 per kept
    /// thread pool (3), 3 per data path, 5 per IO device (2).
    /// </summary>
    public const int PerNode = 200;

    /// <summary>elasticsearch_ilm_index_status: one series per index ILM explains (collector/ilm.go).</summary>
    public const int PerIndex = 1;

    /// <summary>
    /// Series that do not grow with the cluster: cluster health and cluster info (about 20), snapshot statistics of the one
    /// repository (10), the ILM operation mode (3), the exporter's own scrape, Go and process metrics (about 80).
    /// </summary>
    public const int Fixed = 150;

    /// <summary>
    /// The share of the limit the prediction may use: indices whose deletion ILM has not reached yet (an ILM error, a
    /// snapshot holding them), nodes added for a migration and team data streams all add series the model does not see.
    /// </summary>
    public const decimal Headroom = 0.8m;

    /// <summary>Scrape interval of the exporter's ServiceMonitor: each scrape asks every node for its statistics.</summary>
    public const string Interval = "30s";

    /// <summary>The prediction of a controlplane and the environments it lists (at <paramref name="dataNodes"/> when given: the fleet what-if's).</summary>
    public static ElasticsearchExporterSeries For(StackSettings settings, IReadOnlyList<EnvironmentFacts> environments, int? dataNodes = null)
    {
        var data = dataNodes ?? settings.Get(SettingsCatalog.ElasticsearchNodes);
        var masters = Elasticsearch.HasDedicatedMasters(data) ? Elasticsearch.DedicatedMasters : 0;
        var rollover = settings.Get(SettingsCatalog.LogRolloverDays);
        var retentions = environments.Select(e => e.LogRetentionDays).Prepend(settings.Get(SettingsCatalog.LogRetentionDays)).ToList();
        // Each source's data streams, the quarantine stream (the controlplane's retention) and the system indices the shard budget reserves.
        var indices = retentions.Sum(days => ElasticsearchShardBudget.StreamsPerSource * ElasticsearchShardBudget.IndicesPerStream(days, rollover))
            + ElasticsearchShardBudget.IndicesPerStream(retentions[0], rollover)
            + ElasticsearchShardBudget.ReservedShards;
        return new ElasticsearchExporterSeries(data + masters, indices, settings.Get(SettingsCatalog.PrometheusEnforcedSampleLimit));
    }

    public int Predicted => (Nodes * PerNode) + (Indices * PerIndex) + Fixed;

    /// <summary>What the prediction may reach: <see cref="Headroom"/> of the limit.</summary>
    public int Allowed => (int)decimal.Floor(Limit * Headroom);

    public bool Fits => Predicted <= Allowed;

    /// <summary>The smallest limit (in thousands) that holds the prediction with the headroom.</summary>
    public int LimitNeeded => (int)decimal.Ceiling(Predicted / Headroom / 1000) * 1000;

    /// <summary>The problem to report when the prediction does not fit, naming the setting; null when it does.</summary>
    public string? Problem(StackSettings settings)
    {
        if (Fits)
        {
            return null;
        }

        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        var key = SettingsCatalog.PrometheusEnforcedSampleLimit.Key;
        return $"stack '{settings.Stack}': one scrape of the Elasticsearch exporter returns about {N(Predicted)} samples ({N(Nodes)} Elasticsearch nodes x {N(PerNode)} + {N(Indices)} indices x {N(PerIndex)} (ILM) + {N(Fixed)}), over {N(Allowed)}, {N((int)(Headroom * 100))}% of the {N(Limit)} samples Prometheus accepts from one target ({key}): past the limit Prometheus fails the whole scrape and every Elasticsearch alert goes dark; fix: pulumi config set {key} {N(LimitNeeded)} --stack {settings.Stack} (every scrape of the controlplane may then return as many; Prometheus' memory grows with the series it holds).";
    }
}
