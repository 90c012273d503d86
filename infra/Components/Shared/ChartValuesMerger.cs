using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Merges Helm values the way Helm does (mappings merge key by key; lists and scalars replace)
/// and finds where a user's values file would override a value the program computes for wiring.
/// </summary>
public static class ChartValuesMerger
{
    /// <summary>Deep-merges <paramref name="overlay"/> onto <paramref name="baseValues"/>.</summary>
    public static ObjectValue Merge(ObjectValue baseValues, ObjectValue overlay)
    {
        var result = baseValues.Entries.ToList();
        foreach (var (key, value) in overlay.Entries)
        {
            var index = result.FindIndex(e => e.Key == key);
            if (index < 0)
            {
                result.Add(new KeyValuePair<string, Value>(key, value));
            }
            else if (result[index].Value is ObjectValue existing && value is ObjectValue incoming)
            {
                result[index] = new KeyValuePair<string, Value>(key, Merge(existing, incoming));
            }
            else
            {
                result[index] = new KeyValuePair<string, Value>(key, value);
            }
        }

        return new ObjectValue(result);
    }

    /// <summary>
    /// Dotted paths where <paramref name="user"/> sets something different from what
    /// <paramref name="wiring"/> sets (a leaf, or a non-mapping where wiring has a mapping).
    /// </summary>
    public static IEnumerable<string> Conflicts(ObjectValue user, ObjectValue wiring, string prefix = "")
    {
        foreach (var (key, wired) in wiring.Entries)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            var mine = user[key];
            if (mine is null)
            {
                continue;
            }

            if (wired is ObjectValue wiredObject && wiredObject.Entries.Count > 0 && mine is ObjectValue userObject)
            {
                foreach (var nested in Conflicts(userObject, wiredObject, path))
                {
                    yield return nested;
                }
            }
            else if (!SameValue(mine, wired))
            {
                yield return path;
            }
        }
    }

    /// <summary>Structural equality of two value trees.</summary>
    public static bool SameValue(Value a, Value b) => (a, b) switch
    {
        (ObjectValue x, ObjectValue y) => x.Entries.Count == y.Entries.Count &&
            x.Entries.All(e => y[e.Key] is { } other && SameValue(e.Value, other)),
        (ListValue x, ListValue y) => x.Items.Count == y.Items.Count && x.Items.Zip(y.Items).All(p => SameValue(p.First, p.Second)),
        _ => a.Equals(b),
    };
}
