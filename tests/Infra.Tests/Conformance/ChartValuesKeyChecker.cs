using Infra.Components;
using Infra.Model;

namespace Infra.Tests.Conformance;

/// <summary>
/// Checks that every key path of a release's values exists in the chart's published defaults, so a
/// misspelt or outdated key (which Helm ignores silently) fails. It descends only where the default is
/// a non-empty mapping: an empty map or list, a scalar, or a documented free-form map is the chart's
/// business from there on. Subchart keys are checked against the subchart's own values.yaml where
/// ../shared has it. Keys documented only as comments pass when listed and when the comment is still there.
/// </summary>
public sealed class ChartValuesKeyChecker
{
    private readonly IReadOnlyList<ChartKeyException> _commented;
    private readonly IReadOnlyList<ChartKeyException> _freeForm;

    public ChartValuesKeyChecker(IReadOnlyList<ChartKeyException> commented, IReadOnlyList<ChartKeyException> freeForm)
    {
        _commented = commented;
        _freeForm = freeForm;
    }

    /// <summary>Exceptions some check needed, so stale entries can be found.</summary>
    public ISet<ChartKeyException> Used { get; } = new HashSet<ChartKeyException>();

    /// <summary>Every key path of <paramref name="values"/> that the chart does not know, with the reason.</summary>
    public IReadOnlyList<string> Check(ChartDefaults chart, ObjectValue values)
    {
        var errors = new List<string>();
        Walk(chart, chart.Values, [chart], values, string.Empty, errors);
        return errors.Select(e => $"{chart.Name} {chart.Version}: {e}").ToList();
    }

    private void Walk(ChartDefaults chart, ObjectValue defaults, IReadOnlyList<ChartDefaults> files, ObjectValue values, string path, List<string> errors)
    {
        foreach (var (key, value) in values.Entries)
        {
            var keyPath = path.Length == 0 ? key : $"{path}.{key}";
            var subtreeFiles = files;
            var found = defaults.Entries.Any(e => e.Key == key);
            var fallback = defaults[key];

            // A subchart's values live under its alias; its own values.yaml documents them.
            // A subchart missing from ../shared (kube-prometheus-stack's local crds chart) is checked against the parent's block only.
            if (path.Length == 0 && chart.Subcharts.TryGetValue(key, out var subchart) && subchart is not null)
            {
                fallback = ChartValuesMerger.Merge(subchart.Values, fallback as ObjectValue ?? ObjectValue.Empty);
                subtreeFiles = [subchart, .. files];
                found = true;
            }

            if (_freeForm.FirstOrDefault(f => f.Chart == chart.Name && f.Path == keyPath) is { } freeForm)
            {
                Used.Add(freeForm);
                if (!found)
                {
                    errors.Add($"{keyPath}: listed as a free-form map, but the chart has no such key");
                }

                continue;
            }

            if (!found)
            {
                if (_commented.FirstOrDefault(c => c.Chart == chart.Name && c.Path == keyPath) is { } commented)
                {
                    Used.Add(commented);
                    if (!files.Any(f => f.DocumentsInComment(commented.Leaf)))
                    {
                        errors.Add($"{keyPath}: listed as documented in a comment, but no values.yaml line '# {commented.Leaf}:' is left");
                    }
                }
                else
                {
                    errors.Add($"{keyPath}: not a key of the chart's values.yaml");
                }

                continue;
            }

            var literal = LiteralValue.Of(value);
            switch (fallback)
            {
                case ObjectValue { Entries.Count: > 0 } nested when literal is ObjectValue given:
                    Walk(chart, nested, subtreeFiles, given, keyPath, errors);
                    break;
                case BoolValue or NumberValue or StringValue { Text.Length: > 0 } when literal is ObjectValue or ListValue:
                    errors.Add($"{keyPath}: the chart's default is {LiteralValue.Describe(fallback)}, got {LiteralValue.Describe(literal)}");
                    break;
            }
        }
    }
}
