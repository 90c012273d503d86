using System.Text.Json;

namespace Infra.Config;

/// <summary>The thresholds of one stack: the profile's defaults with the stack's <c>alertThresholds</c> on top.</summary>
public sealed class AlertThresholds
{
    private readonly IReadOnlyDictionary<string, decimal> _overrides;

    private AlertThresholds(IReadOnlyDictionary<string, decimal> overrides)
    {
        _overrides = overrides;
    }

    public static AlertThresholds None { get; } = new(new Dictionary<string, decimal>());

    /// <summary>Keys the stack changed.</summary>
    public IReadOnlyDictionary<string, decimal> Overrides => _overrides;

    public decimal Get(Threshold threshold, Profile profile) =>
        _overrides.TryGetValue(threshold.Name, out var value) ? value : threshold.DefaultFor(profile);

    internal static (AlertThresholds? Value, string? Error) Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return (null, "expected a mapping of threshold name to number");
        }

        var known = Thresholds.All.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var values = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var property in json.EnumerateObject())
        {
            if (!known.TryGetValue(property.Name, out var threshold))
            {
                var closest = known.Keys.OrderBy(k => SettingsBinder.EditDistance(k.ToLowerInvariant(), property.Name.ToLowerInvariant())).ThenBy(k => k, StringComparer.Ordinal).First();
                problems.Add($"has unknown threshold '{property.Name}' (did you mean '{closest}'? all thresholds: docs/configuration.md)");
                continue;
            }

            decimal number;
            if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDecimal(out var exact))
            {
                number = exact;
            }
            else if (property.Value.ValueKind == JsonValueKind.String && decimal.TryParse(property.Value.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                number = parsed;
            }
            else
            {
                problems.Add($"threshold '{property.Name}' must be a number");
                continue;
            }

            if (number < threshold.Min || number > threshold.Max)
            {
                problems.Add($"threshold '{property.Name}' must be between {threshold.Min} and {threshold.Max} ({threshold.Unit})");
                continue;
            }

            values[property.Name] = number;
        }

        return problems.Count > 0 ? (null, string.Join("; ", problems)) : (new AlertThresholds(values), null);
    }
}
