using System.Globalization;

namespace Infra.Model;

/// <summary>Reads literal values out of the compiled model (merged Helm values, custom resources).</summary>
internal static class ValueAccess
{
    /// <summary>The value at a path of keys (keys may contain dots, e.g. <c>retention.bytes</c>), or null.</summary>
    public static Value? At(Value? root, params string[] path)
    {
        var current = root;
        foreach (var key in path)
        {
            current = current is ObjectValue obj ? obj[key] : null;
            if (current is null)
            {
                return null;
            }
        }

        return current is NullValue ? null : current;
    }

    public static ObjectValue? Object(Value? root, params string[] path) => At(root, path) as ObjectValue;

    public static IReadOnlyList<Value> List(Value? root, params string[] path) => At(root, path) is ListValue list ? list.Items : [];

    public static string? Text(Value? root, params string[] path) => At(root, path) is StringValue s ? s.Text : null;

    /// <summary>A boolean, or the fallback when absent (the chart's default).</summary>
    public static bool Flag(Value? root, bool fallback, params string[] path) => At(root, path) switch
    {
        BoolValue b => b.Flag,
        StringValue { Text: "true" } => true,
        StringValue { Text: "false" } => false,
        _ => fallback,
    };

    /// <summary>A number written as a number or as a numeric string; null when absent or not a literal number.</summary>
    public static decimal? Number(Value? root, params string[] path) => At(root, path) switch
    {
        NumberValue n => n.Number,
        StringValue s when decimal.TryParse(s.Text, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    /// <summary>A whole number (replica counts), or the fallback when absent.</summary>
    public static int Count(Value? root, int fallback, params string[] path) =>
        Number(root, path) is { } n && n == decimal.Truncate(n) && n >= 0 && n <= int.MaxValue ? (int)n : fallback;

    /// <summary>A Kubernetes quantity written as a string or a plain number; null when absent or not a quantity.</summary>
    public static decimal? Quantity(Value? root, params string[] path) => At(root, path) switch
    {
        NumberValue n => n.Number,
        StringValue s => KubeQuantity.TryParse(s.Text),
        _ => null,
    };

    /// <summary>
    /// Helm's merge of user values over a chart default: mappings merge key by key, anything else
    /// replaces, and an explicit null removes the default's key.
    /// </summary>
    public static ObjectValue Overlay(ObjectValue defaults, Value? values)
    {
        if (values is not ObjectValue overlay)
        {
            return defaults;
        }

        var result = defaults.Entries.ToList();
        foreach (var (key, value) in overlay.Entries)
        {
            var index = result.FindIndex(e => e.Key == key);
            if (value is NullValue)
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }
            }
            else if (index >= 0 && result[index].Value is ObjectValue existing && value is ObjectValue incoming)
            {
                result[index] = new KeyValuePair<string, Value>(key, Overlay(existing, incoming));
            }
            else if (index >= 0)
            {
                result[index] = new KeyValuePair<string, Value>(key, value);
            }
            else
            {
                result.Add(new KeyValuePair<string, Value>(key, value));
            }
        }

        return new ObjectValue(result);
    }
}
