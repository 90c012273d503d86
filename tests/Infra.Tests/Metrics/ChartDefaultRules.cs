using System.Text.Json;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Metrics;

/// <summary>
/// kube-prometheus-stack's default rules that a stack's rendered values leave on, with the selectors each
/// reads. Which groups render and which alerts are switched off comes from the anchors file
/// (<c>../shared/anchors/kube-prometheus-stack-88.5.3-default-rules.json</c>: each group's values toggles,
/// their defaults and extra conditions) applied to the rendered <c>defaultRules</c> values; the selectors
/// of each rule come from <c>kube-prometheus-stack-88.5.3-rule-selectors.json</c> beside this file (names only,
/// generated from the chart's templates by tests/promql/chart-rule-selectors.js with the same parser).
/// </summary>
public static class ChartDefaultRules
{
    public const string Version = "88.5.3";

    public static string SelectorsFile { get; } = Path.Combine(Repo.Root, "tests", "Infra.Tests", "Metrics", $"kube-prometheus-stack-{Version}-rule-selectors.json");

    public static string AnchorsFile { get; } = Path.Combine(Repo.SharedDirectory, "anchors", $"kube-prometheus-stack-{Version}-default-rules.json");

    /// <summary>The rules of the chart that render with <paramref name="values"/> (kube-prometheus-stack's values).</summary>
    public static IReadOnlyList<ChartRule> Enabled(object? values)
    {
        if (Pins.KubePrometheusStack.Version != Version)
        {
            throw new InvalidOperationException($"kube-prometheus-stack is pinned at {Pins.KubePrometheusStack.Version}; regenerate {Path.GetFileName(SelectorsFile)} for it (tests/promql/chart-rule-selectors.js) and read the anchors of that version");
        }

        using var anchors = JsonDocument.Parse(File.ReadAllText(AnchorsFile));
        var renderedFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in anchors.RootElement.GetProperty("groups").EnumerateArray())
        {
            var on = group.GetProperty("toggleDefaults").EnumerateObject().All(t => Truthy(RenderedTree.At(values, t.Name) as string, t.Value))
                && group.GetProperty("extraConditions").EnumerateArray().Select(c => c.GetString()!)
                    .Where(c => c.StartsWith("not ", StringComparison.Ordinal))
                    .All(c => RenderedTree.At(values, c["not ".Length..].Split(' ')[0]) as string != "true");
            if (on)
            {
                renderedFiles.Add(group.GetProperty("file").GetString()!);
            }
        }

        using var selectors = JsonDocument.Parse(File.ReadAllText(SelectorsFile));
        var rules = new List<ChartRule>();
        foreach (var rule in selectors.RootElement.GetProperty("rules").EnumerateArray())
        {
            var file = rule.GetProperty("file").GetString()!;
            var alert = rule.TryGetProperty("alert", out var a) ? a.GetString() : null;
            if (!renderedFiles.Contains(file) || (alert is not null && RenderedTree.At(values, $"defaultRules.disabled.{alert}") as string == "true"))
            {
                continue;
            }

            var list = rule.GetProperty("selectors").EnumerateArray().Select(s => new PromqlSelector(
                s.ToString(),
                false,
                s.TryGetProperty("name", out var n) ? n.GetString() : null,
                s.TryGetProperty("nameMatchers", out var m) ? m.EnumerateArray().Select(x => new PromqlNameMatcher(x.GetProperty("op").GetString()!, x.GetProperty("value").GetString()!)).ToList() : [],
                null)).ToList();
            rules.Add(new ChartRule(file, rule.GetProperty("group").GetString()!, alert, rule.TryGetProperty("record", out var r) ? r.GetString() : null, list));
        }

        return rules;
    }

    // A toggle's rendered value when set, else the chart's default (null: absent from values.yaml, so false).
    private static bool Truthy(string? rendered, JsonElement chartDefault) =>
        rendered is not null ? rendered == "true" : chartDefault.ValueKind == JsonValueKind.True;
}
