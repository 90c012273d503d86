using Infra.Emitters;
using Infra.Tests.Support;

namespace Infra.Tests.Metrics;

/// <summary>
/// Every stack rendered (<see cref="Stacks.All"/>: stacks/ and the synthetic ones), every PromQL expression
/// of every one parsed in one node process, every selector checked by <see cref="MetricNameChecker"/>: our
/// expressions and, separately, the chart's default rules each stack leaves on. Built once per test run.
/// </summary>
public sealed class MetricConformanceSurvey
{
    private static readonly Lazy<MetricConformanceSurvey> Built = new(() => new MetricConformanceSurvey(), LazyThreadSafetyMode.ExecutionAndPublication);

    private MetricConformanceSurvey()
    {
        var rendered = Stacks.All.Select(id =>
        {
            var compiled = Stacks.Compile(id);
            return RenderedPromql.Of(id, RenderWriter.Files(compiled.Graph, compiled.Program));
        }).ToList();

        Records = Merge(rendered.Select(r => r.Records));
        Renamed = Merge(rendered.Select(r => r.Renamed));
        Expressions = rendered.SelectMany(r => r.Expressions).ToList();

        // One parse per distinct expression of all stacks.
        var distinct = Expressions.Select(e => (e.Expr, e.Kind)).Distinct().ToList();
        var parsed = PromqlParser.Parse(distinct.Select((e, i) => new PromqlQuery($"q{i}", e.Expr, e.Kind)).ToList());
        var byExpr = distinct.Zip(parsed).ToDictionary(p => p.First, p => p.Second);

        Checker = new MetricNameChecker(MetricCatalogs.Instance, MetricNameExceptions.All, Records, Renamed);
        var own = new List<MetricFinding>();
        var chart = new List<MetricFinding>();
        foreach (var stack in rendered)
        {
            var deployed = DeployedExporters.Of(stack);
            var chartRules = deployed.KubePrometheusValues is null ? [] : ChartDefaultRules.Enabled(deployed.KubePrometheusValues);
            var chartRecords = chartRules.Select(r => r.Record).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var source in stack.Expressions)
            {
                own.AddRange(Checker.Check(stack.Stack, source.Where, byExpr[(source.Expr, source.Kind)], chartRecords, deployed));
            }

            foreach (var rule in chartRules.Where(r => r.Alert is not null))
            {
                foreach (var selector in rule.Selectors)
                {
                    chart.AddRange(Checker.Check(stack.Stack, rule.Describe, selector, chartRecords, deployed));
                }
            }
        }

        OwnFindings = own.Distinct().ToList();
        ChartFindings = chart.Distinct().ToList();
        Parsed = byExpr;
    }

    public static MetricConformanceSurvey Instance => Built.Value;

    /// <summary>Recording-rule names of every stack → where recorded.</summary>
    public IReadOnlyDictionary<string, string> Records { get; }

    public IReadOnlyDictionary<string, string> Renamed { get; }

    public IReadOnlyList<PromqlSource> Expressions { get; }

    public IReadOnlyDictionary<(string Expr, string Kind), PromqlParse> Parsed { get; }

    public MetricNameChecker Checker { get; }

    /// <summary>Findings in the project's own rules, dashboards, federation and any other rendered PromQL.</summary>
    public IReadOnlyList<MetricFinding> OwnFindings { get; }

    /// <summary>Findings in the chart's default alerts that a stack leaves on.</summary>
    public IReadOnlyList<MetricFinding> ChartFindings { get; }

    private static SortedDictionary<string, string> Merge(IEnumerable<SortedDictionary<string, string>> all)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, where) in all.SelectMany(d => d))
        {
            merged.TryAdd(name, where);
        }

        return merged;
    }
}
