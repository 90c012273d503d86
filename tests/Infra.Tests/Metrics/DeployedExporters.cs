using Infra.Tests.Support;

namespace Infra.Tests.Metrics;

/// <summary>
/// What a stack's rendered Helm values switch on in the exporters whose catalogs carry "exists, but only
/// when enabled" metadata: node_exporter collectors (<c>--collector.X</c> / <c>--no-collector.X</c>),
/// kube-state-metrics resources (<c>collectors:</c>) and opt-in metrics (<c>--metric-opt-in-list</c>), and
/// the elasticsearch exporter chart's <c>es.*</c> switches (chart defaults from ../shared/charts).
/// </summary>
public sealed class DeployedExporters
{
    /// <summary>
    /// The exporter flags of the elasticsearch catalog's <c>flag=</c> column → the chart's <c>es.*</c> value that
    /// passes it (prometheus-elasticsearch-exporter 7.4.0 templates/deployment.yaml; the catalog header lists
    /// the same pairs). Flags without a chart value (health-report, tasks) need extraArgs.
    /// </summary>
    private static readonly Dictionary<string, string> ElasticsearchFlagValues = new(StringComparer.Ordinal)
    {
        ["--es.all"] = "all",
        ["--es.indices"] = "indices",
        ["--es.indices_settings"] = "indices_settings",
        ["--es.indices_mappings"] = "indices_mappings",
        ["--es.aliases"] = "aliases",
        ["--es.shards"] = "shards",
        ["--collector.snapshots"] = "snapshots",
        ["--collector.clustersettings"] = "cluster_settings",
        ["--collector.slm"] = "slm",
        ["--collector.data-stream"] = "data_stream",
        ["--collector.ilm"] = "ilm",
    };

    private readonly HashSet<string> _nodeEnabled = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodeDisabled = new(StringComparer.Ordinal);
    private readonly List<string>? _ksmCollectors;
    private readonly HashSet<string> _ksmOptIn = new(StringComparer.Ordinal);
    private readonly object? _esValues;
    private readonly object? _esChartDefaults;
    private readonly List<string> _esExtraArgs = [];

    private DeployedExporters(object? program)
    {
        var kubePrometheus = ChartValues(program, "kube-prometheus-stack");
        KubePrometheusValues = kubePrometheus;
        var nodeArgs = ChartValuesAll(program, "prometheus-node-exporter").SelectMany(v => RenderedTree.Strings(RenderedTree.Get(v, "extraArgs"))).ToList();
        if (RenderedTree.At(kubePrometheus, "nodeExporter.enabled") as string != "false")
        {
            // The chart's own node-exporter subchart (on unless switched off).
            nodeArgs.AddRange(RenderedTree.Strings(RenderedTree.At(kubePrometheus, "prometheus-node-exporter.extraArgs")));
        }

        foreach (var arg in nodeArgs)
        {
            if (arg.StartsWith("--no-collector.", StringComparison.Ordinal) && !arg.Contains('='))
            {
                _nodeDisabled.Add(arg["--no-collector.".Length..]);
            }
            else if (arg.StartsWith("--collector.", StringComparison.Ordinal) && !arg.Contains('=') && !arg["--collector.".Length..].Contains('.'))
            {
                _nodeEnabled.Add(arg["--collector.".Length..]);
            }
        }

        var ksm = RenderedTree.Get(kubePrometheus, "kube-state-metrics");
        if (RenderedTree.Get(ksm, "collectors") is List<object?> collectors)
        {
            _ksmCollectors = collectors.OfType<string>().ToList();
        }

        foreach (var arg in RenderedTree.Strings(RenderedTree.Get(ksm, "extraArgs")).Where(a => a.StartsWith("--metric-opt-in-list=", StringComparison.Ordinal)))
        {
            _ksmOptIn.UnionWith(arg["--metric-opt-in-list=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        if (RenderedTree.At(ksm, "customResourceState.enabled") as string == "true")
        {
            var config = RenderedTree.At(ksm, "customResourceState.config");
            if (config is string text)
            {
                config = RenderedTree.Parse("config.yaml", text);
            }
            else if (config is EmbeddedDocument embedded)
            {
                config = embedded.Document;
            }

            foreach (var resource in RenderedTree.At(config, "spec.resources") as List<object?> ?? [])
            {
                // kube-state-metrics names them <metricNamePrefix>_<name>; the prefix defaults to kube_customresource.
                var prefix = RenderedTree.Get(resource, "metricNamePrefix") as string ?? "kube_customresource";
                foreach (var metric in RenderedTree.Get(resource, "metrics") as List<object?> ?? [])
                {
                    if (RenderedTree.Get(metric, "name") is string name)
                    {
                        CustomResourceMetrics.Add(string.IsNullOrEmpty(prefix) ? name : $"{prefix}_{name}");
                    }
                }
            }
        }

        _esValues = ChartValues(program, "prometheus-elasticsearch-exporter");
        _esExtraArgs.AddRange(RenderedTree.Strings(RenderedTree.Get(_esValues, "extraArgs")));
        var defaults = Path.Combine(Repo.SharedDirectory, "charts", "prometheus-elasticsearch-exporter", "7.4.0", "values.yaml");
        _esChartDefaults = File.Exists(defaults) ? RenderedTree.Parse(defaults, File.ReadAllText(defaults)) : null;
    }

    /// <summary>
    /// The metrics the rendered kube-state-metrics custom-resource-state configuration defines (when
    /// <c>kube-state-metrics.customResourceState.enabled</c>): user-defined, so no catalog lists them.
    /// </summary>
    public SortedSet<string> CustomResourceMetrics { get; } = new(StringComparer.Ordinal);

    /// <summary>The values given to kube-prometheus-stack (null when the stack does not deploy it).</summary>
    public object? KubePrometheusValues { get; }

    /// <summary>From a parsed program (Main.yaml as a <see cref="RenderedTree"/>; null: a program that deploys nothing).</summary>
    public static DeployedExporters FromProgram(object? program) => new(program);

    public static DeployedExporters Of(RenderedPromql rendered) =>
        new(rendered.Trees.TryGetValue("Main.yaml", out var program) ? program : null);

    /// <summary>Why the catalog entry of <paramref name="name"/> will not be scraped as deployed, or null.</summary>
    public string? NotEnabled(MetricCatalog catalog, string name)
    {
        if (catalog.Meta(name, "collector") is { } collector && !collector.StartsWith('('))
        {
            // node_exporter: collector=<name> default=on|off.
            var on = catalog.Meta(name, "default") == "on";
            if (!on && !_nodeEnabled.Contains(collector))
            {
                return $"node_exporter's {collector} collector is off by default (default=off) and no rendered node-exporter values pass --collector.{collector}";
            }

            if (on && _nodeDisabled.Contains(collector))
            {
                return $"the rendered node-exporter values pass --no-collector.{collector}";
            }
        }

        if (catalog.Meta(name, "component") is { } component && component.StartsWith("kube-state-metrics(custom-resource-state", StringComparison.Ordinal)
            && !CustomResourceMetrics.Contains(name))
        {
            return "a kube-state-metrics custom-resource-state metric of Strimzi's example configuration, which the rendered kube-state-metrics.customResourceState (enabled, config.spec.resources) does not define";
        }

        if (catalog.Meta(name, "resource") is { } resource && !resource.StartsWith('('))
        {
            // kube-state-metrics: resource=<--resources name>, chart8.4.0_collectors=yes|no, opt_in=yes.
            var enabled = _ksmCollectors is not null ? _ksmCollectors.Contains(resource) : catalog.Meta(name, "chart8.4.0_collectors") == "yes";
            if (!enabled)
            {
                return $"kube-state-metrics only emits it for the {resource} resource, which the rendered kube-state-metrics.collectors {(_ksmCollectors is null ? "(the chart's default list)" : "list")} does not enable";
            }

            if (catalog.Meta(name, "opt_in") == "yes" && !_ksmOptIn.Contains(name))
            {
                return "an opt-in kube-state-metrics metric that no --metric-opt-in-list in the rendered kube-state-metrics.extraArgs enables";
            }
        }

        if (catalog.Meta(name, "flag") is { } flag && !flag.StartsWith('('))
        {
            // elasticsearch_exporter: flag=--a|--b (either) or --a + --b (both).
            var all = flag.Contains(" + ", StringComparison.Ordinal);
            var flags = flag.Split(all ? " + " : "|", StringSplitOptions.TrimEntries);
            var on = all ? flags.All(EsFlagOn) : flags.Any(EsFlagOn);
            if (!on)
            {
                return $"the elasticsearch exporter emits it only with {flag}, which the rendered chart values (es.*, extraArgs) do not pass";
            }
        }

        if (catalog.Meta(name, "kubelet_default") == "no")
        {
            return $"cAdvisor's {catalog.Meta(name, "group")} group is not exposed by a default kubelet (kubelet_default=no)";
        }

        return null;
    }

    private bool EsFlagOn(string flag)
    {
        if (_esExtraArgs.Contains(flag))
        {
            return true;
        }

        if (!ElasticsearchFlagValues.TryGetValue(flag, out var key))
        {
            return false;
        }

        var value = RenderedTree.At(_esValues, $"es.{key}") ?? RenderedTree.At(_esChartDefaults, $"es.{key}");
        return value as string == "true";
    }

    private static object? ChartValues(object? program, string chart) => ChartValuesAll(program, chart).FirstOrDefault();

    /// <summary>The <c>values</c> of every Helm chart resource of the program whose chart is <paramref name="chart"/>.</summary>
    private static IEnumerable<object?> ChartValuesAll(object? program, string chart)
    {
        if (RenderedTree.Get(program, "resources") is not List<KeyValuePair<string, object?>> resources)
        {
            yield break;
        }

        foreach (var (_, resource) in resources)
        {
            var type = RenderedTree.Get(resource, "type") as string;
            var name = RenderedTree.At(resource, "properties.chart") as string;
            if (type is not null && type.StartsWith("kubernetes:helm.sh/", StringComparison.Ordinal)
                && name is not null && (name == chart || name.EndsWith("/" + chart, StringComparison.Ordinal)))
            {
                yield return RenderedTree.At(resource, "properties.values");
            }
        }
    }
}
