using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Infra.Tests.Support;

namespace Infra.Tests.FailureModes;

/// <summary>
/// Measures, with the real promtool, when each alert of a stack's rendered rules first fires on a
/// scenario's series: one unit test that asks for the earliest firing sample of every alert and expects
/// none, so promtool's report of what it got is the measurement.
/// </summary>
public static partial class AlertTimeline
{
    /// <param name="rulesDirectory">The stack's rendered rule files (prometheus/rules/ of <c>render</c>).</param>
    /// <param name="series">Every input series (the healthy baseline with the fault's replacements).</param>
    /// <param name="name">Names the unit-test file, for a reader of a failure.</param>
    public static IReadOnlyList<FiredAlert> Measure(string rulesDirectory, IReadOnlyList<SyntheticSeries> series, string name)
    {
        var ruleFiles = Directory.GetFiles(rulesDirectory, "*.yaml").Where(f => !f.EndsWith(".test.yaml", StringComparison.Ordinal))
            .Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var test = new StringBuilder();
        test.AppendLine("rule_files:");
        foreach (var file in ruleFiles)
        {
            test.AppendLine(CultureInfo.InvariantCulture, $"  - {file}");
        }

        test.AppendLine(CultureInfo.InvariantCulture, $"evaluation_interval: {Seconds(Timeline.Step)}");
        test.AppendLine("tests:");
        test.AppendLine(CultureInfo.InvariantCulture, $"  - interval: {Seconds(Timeline.Step)}");
        test.AppendLine("    input_series:");
        foreach (var s in series)
        {
            test.AppendLine(CultureInfo.InvariantCulture, $"      - series: '{s.Key.Replace("'", "''", StringComparison.Ordinal)}'");
            test.AppendLine(CultureInfo.InvariantCulture, $"        values: '{s.Values}'");
        }

        // Prometheus writes each firing alert as an ALERTS sample at every evaluation: the earliest sample's time,
        // from just before the fault to the end of the watch, is the first firing. The test expects no result, so
        // promtool's failure report lists every alert that fired with that time.
        var window = Timeline.Watched + Timeline.Step;
        test.AppendLine("    promql_expr_test:");
        test.AppendLine(CultureInfo.InvariantCulture, $"      - expr: 'min_over_time(timestamp(ALERTS{{alertstate=\"firing\",alertname!=\"{Infra.Components.AlertmanagerRules.WatchdogAlert}\"}})[{Seconds(window)}:{Seconds(Timeline.Step)}])'");
        test.AppendLine(CultureInfo.InvariantCulture, $"        eval_time: {Seconds(Timeline.FaultStart + Timeline.Watched)}");
        test.AppendLine("        exp_samples: []");
        var path = Path.Combine(rulesDirectory, $"failure-{name}.test.yaml");
        File.WriteAllText(path, test.ToString());
        var (code, output) = Tools.Run("promtool", "test", "rules", path);
        var fired = Parse(output);
        if (code != 0 && fired.Count == 0)
        {
            throw new InvalidOperationException($"promtool test rules failed without reporting an alert for {name}:\n{output}");
        }

        return fired;
    }

    /// <summary>The first firing of each alert in promtool's report of the ALERTS query, relative to the fault's start.</summary>
    public static IReadOnlyList<FiredAlert> Parse(string promtoolOutput)
    {
        var fired = new List<FiredAlert>();
        foreach (var line in promtoolOutput.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("got:", StringComparison.Ordinal)))
        {
            foreach (Match sample in SamplePattern().Matches(line))
            {
                var set = LabelPattern().Matches(sample.Groups["labels"].Value)
                    .ToDictionary(m => m.Groups["name"].Value, m => Regex.Unescape(m.Groups["value"].Value), StringComparer.Ordinal);
                var at = TimeSpan.FromSeconds(double.Parse(sample.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture));
                var labels = set.Where(l => l.Key is not ("alertname" or "alertstate" or "__name__")).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
                fired.Add(new FiredAlert(set["alertname"], labels, at - Timeline.FaultStart));
            }
        }

        return [.. fired.OrderBy(a => a.FirstFiring).ThenBy(a => a.Identity, StringComparer.Ordinal)];
    }

    /// <summary>A Go duration as promtool prints it (1h2m30s).</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var total = TimeSpan.Zero;
        foreach (Match part in DurationPattern().Matches(text))
        {
            var n = double.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
            total += part.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                _ => throw new FormatException($"unknown duration unit in '{text}'"),
            };
        }

        return total;
    }

    private static string Seconds(TimeSpan span) => $"{(long)span.TotalSeconds}s";

    [GeneratedRegex(@"\{(?<labels>(?:[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\]|\\.)*""(?:, )?)*)\} (?<value>[-+0-9.Ee]+)")]
    private static partial Regex SamplePattern();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPattern();

    [GeneratedRegex(@"(?<n>[0-9.]+)(?<unit>ms|s|m|h|d)")]
    private static partial Regex DurationPattern();
}
