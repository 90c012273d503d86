using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Infra.Tests.Support;

namespace Infra.Tests.FailureModes;

/// <summary>
/// Measures, with the real promtool, when each alert of a stack's rendered rules first fires on a
/// scenario's series: one unit test that expects no alert at every evaluation from just before the fault
/// to the end of the watch, so promtool's report of each unexpected alert is the measurement.
/// </summary>
public static partial class AlertTimeline
{
    /// <param name="rulesDirectory">The stack's rendered rule files (prometheus/rules/ of <c>render</c>).</param>
    /// <param name="series">Every input series (the healthy baseline with the fault's replacements).</param>
    /// <param name="alertNames">The alerts to watch (the rule files' alerts, the Watchdog left out).</param>
    /// <param name="name">Names the unit-test file, for a reader of a failure.</param>
    public static IReadOnlyList<FiredAlert> Measure(string rulesDirectory, IReadOnlyList<SyntheticSeries> series, IReadOnlyCollection<string> alertNames, string name)
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

        test.AppendLine("    alert_rule_test:");
        for (var at = Timeline.FaultStart - Timeline.Step; at <= Timeline.FaultStart + Timeline.Watched; at += Timeline.Step)
        {
            foreach (var alert in alertNames.Order(StringComparer.Ordinal))
            {
                test.AppendLine(CultureInfo.InvariantCulture, $"      - {{eval_time: {Seconds(at)}, alertname: {alert}, exp_alerts: []}}");
            }
        }

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

    /// <summary>The first firing of each distinct alert in promtool's report, relative to the fault's start.</summary>
    public static IReadOnlyList<FiredAlert> Parse(string promtoolOutput)
    {
        var first = new Dictionary<string, FiredAlert>(StringComparer.Ordinal);
        TimeSpan? time = null;
        var inGot = false;
        foreach (var line in promtoolOutput.Split('\n'))
        {
            var header = HeaderPattern().Match(line);
            if (header.Success)
            {
                time = ParseDuration(header.Groups["time"].Value);
                inGot = false;
                continue;
            }

            if (line.TrimStart().StartsWith("got:", StringComparison.Ordinal))
            {
                inGot = true;
                continue;
            }

            var labels = LabelsPattern().Match(line);
            if (inGot && time is not null && labels.Success)
            {
                var set = LabelPattern().Matches(labels.Groups["labels"].Value)
                    .ToDictionary(m => m.Groups["name"].Value, m => Regex.Unescape(m.Groups["value"].Value), StringComparer.Ordinal);
                var alert = new FiredAlert(set["alertname"], set.Where(l => l.Key != "alertname").ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal), time.Value - Timeline.FaultStart);
                if (!first.TryGetValue(alert.Identity, out var earlier) || earlier.FirstFiring > alert.FirstFiring)
                {
                    first[alert.Identity] = alert;
                }
            }
        }

        return [.. first.Values.OrderBy(a => a.FirstFiring).ThenBy(a => a.Identity, StringComparer.Ordinal)];
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

    [GeneratedRegex(@"^\s*alertname: (?<name>[^,]+), time: (?<time>[0-9a-z.]+),")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"Labels:\{(?<labels>.*)\}\s*$")]
    private static partial Regex LabelsPattern();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPattern();

    [GeneratedRegex(@"(?<n>[0-9.]+)(?<unit>ms|s|m|h|d)")]
    private static partial Regex DurationPattern();
}
