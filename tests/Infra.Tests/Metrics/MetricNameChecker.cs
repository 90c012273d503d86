using System.Text.RegularExpressions;
using Infra.Tests.Support;

namespace Infra.Tests.Metrics;

/// <summary>
/// Resolves each selector's metric name: to a recording rule of the project (any stack) or of the chart's
/// rules the stack leaves on, to a name a relabelling writes (federated_up), to a metric the stack's
/// kube-state-metrics custom-resource-state configuration defines, else to the catalog of the
/// exporter that emits it, whose metadata must also say it is scraped as deployed. A name no catalog
/// confirms needs an entry in <see cref="MetricNameExceptions"/>; a name only the JMX Exporter config
/// produces is always rejected (this project runs the Strimzi Metrics Reporter).
/// </summary>
public sealed class MetricNameChecker(
    MetricCatalogs catalogs,
    IReadOnlyList<MetricNameException> exceptions,
    IReadOnlyDictionary<string, string> records,
    IReadOnlyDictionary<string, string> renamed)
{
    private readonly HashSet<string> _usedExceptions = new(StringComparer.Ordinal);

    /// <summary>The exceptions no checked name needed (each one fails the test: the list must not rot).</summary>
    public IEnumerable<MetricNameException> UnusedExceptions => exceptions.Where(e => !_usedExceptions.Contains(e.Name));

    public IEnumerable<MetricFinding> Check(string stack, string where, PromqlParse parse, ISet<string> chartRecords, DeployedExporters deployed)
    {
        if (parse.Error is { } error)
        {
            yield return new MetricFinding(stack, where, "(expression)", $"does not parse with the PromQL grammar: {error}");
            yield break;
        }

        foreach (var selector in parse.Selectors)
        {
            foreach (var finding in Check(stack, where, selector, chartRecords, deployed))
            {
                yield return finding;
            }
        }
    }

    public IEnumerable<MetricFinding> Check(string stack, string where, PromqlSelector selector, ISet<string> chartRecords, DeployedExporters deployed)
    {
        if (selector.Variable is { } variable)
        {
            yield return new MetricFinding(stack, where, $"${variable}", "the metric name is a Grafana variable: no catalog can check it; name the metric");
            yield break;
        }

        if (selector.Name is { } name)
        {
            if (Problem(name, chartRecords, deployed) is { } problem)
            {
                yield return new MetricFinding(stack, where, name, problem);
            }

            yield break;
        }

        // {__name__=~"..."}: the regex must select at least one name the project records or a catalog lists.
        foreach (var matcher in selector.NameMatchers.Where(m => m.Op is "=~"))
        {
            var regex = new Regex($"^(?:{matcher.Value})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            var known = records.Keys.Concat(renamed.Keys).Concat(chartRecords)
                .Concat(catalogs.All.Where(c => c != catalogs.JmxOnly).SelectMany(c => c.Names.Keys));
            if (!known.Any(regex.IsMatch))
            {
                yield return new MetricFinding(stack, where, $"{{__name__=~\"{matcher.Value}\"}}", "matches no recording rule of the project and no name of any catalog");
            }
        }
    }

    private string? Problem(string name, ISet<string> chartRecords, DeployedExporters deployed)
    {
        if (records.ContainsKey(name) || renamed.ContainsKey(name) || chartRecords.Contains(name) || deployed.CustomResourceMetrics.Contains(name))
        {
            return null;
        }

        if (name.Contains(':', StringComparison.Ordinal))
        {
            return "a recording-rule name (it has a colon) that no rule of any stack, nor of the chart's rules left on, records";
        }

        var covering = catalogs.For(name);
        var catalog = covering.FirstOrDefault(c => c.Contains(name));
        if (catalog is null && catalogs.JmxOnly.Contains(name))
        {
            return $"only Strimzi's JMX Exporter example config produces it, and Kafka here runs the Strimzi Metrics Reporter ({catalogs.JmxOnly.File}: {catalogs.JmxOnly.Meta(name, "component")}); use the reporter's name";
        }

        if (catalog is not null)
        {
            return deployed.NotEnabled(catalog, name) is { } off ? $"{off} ({catalog.File})" : null;
        }

        if (exceptions.FirstOrDefault(e => e.Name == name) is not null)
        {
            _usedExceptions.Add(name);
            return null;
        }

        if (covering.Count == 0)
        {
            return "no catalog covers this name's exporter (../shared/anchors/metrics/README.md maps prefixes to catalogs): fix the name, or add it to MetricNameExceptions with the reason and an upstream source";
        }

        var files = string.Join(", ", covering.Select(c => c.File + (c.Partial ? " (partial)" : string.Empty)));
        var notes = string.Join(" ", covering.Select(c => c.HeaderNote(name)).OfType<string>());
        var partial = covering.Any(c => c.Partial)
            ? "; a partial catalog: if upstream shows the name exists, add it to MetricNameExceptions with the source"
            : string.Empty;
        return $"not in {files}{partial}{(notes.Length > 0 ? $". The catalog says: {notes}" : string.Empty)}";
    }
}
