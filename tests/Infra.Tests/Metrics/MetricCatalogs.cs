using Infra.Tests.Support;

namespace Infra.Tests.Metrics;

/// <summary>
/// The catalogs of <c>../shared/anchors/metrics/</c> and which of them covers a metric name, by the
/// prefix→exporter mapping of that folder's README (step 3 of "Using them in a test").
/// </summary>
public sealed class MetricCatalogs
{
    private static readonly Lazy<MetricCatalogs> Loaded = new(() => new MetricCatalogs(Path.Combine(Repo.SharedDirectory, "anchors", "metrics")));

    /// <summary>
    /// Name prefix → the catalogs (by file-name stem) of the exporters that emit it; the longest prefix
    /// wins. From the README's mapping, plus the names the same exporters emit under other prefixes
    /// (the reporter's and operators' jvm_*, the kubelet's cadvisor_* and the config reloader's own).
    /// </summary>
    private static readonly (string Prefix, string[] Stems)[] Prefixes =
    [
        ("prometheus_operator_", ["prometheus-operator"]),
        ("prometheus_config_reloader_", ["prometheus-operator"]),
        ("reloader_", ["prometheus-operator"]),
        ("prometheus_", ["prometheus"]),
        ("net_conntrack_", ["prometheus"]),
        ("node_", ["node-exporter"]),
        ("kube_", ["kube-state-metrics"]),
        ("container_", ["cadvisor-kubelet"]),
        ("machine_", ["cadvisor-kubelet"]),
        ("cadvisor_", ["cadvisor-kubelet"]),
        ("kubelet_", ["cadvisor-kubelet"]),
        ("alertmanager_", ["alertmanager"]),
        ("elasticsearch_", ["elasticsearch-exporter"]),
        ("logstash_", ["logstash-exporter"]),
        ("fluentbit_", ["fluent-bit"]),
        ("certmanager_", ["cert-manager"]),
        ("strimzi_", ["strimzi-1.2.0-operator", "strimzi-1.2.0-kafka-dashboard-names"]),
        ("vertx_", ["strimzi-1.2.0-operator"]),
        ("kafka_", ["kafka-exporter", "strimzi-1.2.0-kafka-dashboard-names"]),
        ("jvm_", ["strimzi-1.2.0-kafka-dashboard-names", "strimzi-1.2.0-operator"]),
        ("grafana_", ["grafana"]),
    ];

    /// <summary>Runtime series every Go (and Java) exporter registers: any catalog that lists the name covers it.</summary>
    private static readonly string[] RuntimePrefixes = ["go_", "process_", "promhttp_"];

    private MetricCatalogs(string directory)
    {
        All = Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal).Select(MetricCatalog.Load).ToList();
        JmxOnly = All.Single(c => c.File.Contains("-jmx-exporter-only-names", StringComparison.Ordinal));
        Prometheus = Find("prometheus");
    }

    public static MetricCatalogs Instance => Loaded.Value;

    public IReadOnlyList<MetricCatalog> All { get; }

    /// <summary>The negative list: names only the JMX Exporter config produces, not the Strimzi Metrics Reporter we run.</summary>
    public MetricCatalog JmxOnly { get; }

    public MetricCatalog Prometheus { get; }

    /// <summary>The catalog whose file name is <paramref name="stem"/>, then a version or nothing (node-exporter: node-exporter-1.12.1.txt).</summary>
    public MetricCatalog Find(string stem) =>
        All.SingleOrDefault(c => c.File == stem + ".txt" || (c.File.StartsWith(stem + "-", StringComparison.Ordinal) && char.IsAsciiDigit(c.File[stem.Length + 1])))
            ?? throw new InvalidOperationException($"../shared/anchors/metrics has no catalog {stem}-<version>.txt");

    /// <summary>
    /// The catalogs that cover <paramref name="name"/>'s exporter (empty: no catalog covers the name).
    /// <c>up</c>, <c>scrape_*</c>, <c>ALERTS*</c> are the Prometheus catalog's synthetic names, valid for every job.
    /// </summary>
    public IReadOnlyList<MetricCatalog> For(string name)
    {
        if (Prometheus.Meta(name, "synthetic") is not null)
        {
            return [Prometheus];
        }

        if (RuntimePrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
        {
            return All.Where(c => c != JmxOnly && c.Contains(name)).DefaultIfEmpty(Prometheus).ToList();
        }

        var matches = Prefixes.Where(p => name.StartsWith(p.Prefix, StringComparison.Ordinal)).ToList();
        return matches.Count == 0 ? [] : matches.MaxBy(p => p.Prefix.Length).Stems.Select(Find).ToList();
    }
}
