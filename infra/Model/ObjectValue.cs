namespace Infra.Model;

/// <summary>A mapping whose key order is kept as written, so output is deterministic and readable.</summary>
public sealed record ObjectValue(IReadOnlyList<KeyValuePair<string, Value>> Entries) : Value
{
    public static ObjectValue Empty { get; } = new(Array.Empty<KeyValuePair<string, Value>>());

    public override IEnumerable<Value> Children => Entries.Select(e => e.Value);

    public Value? this[string key] => Entries.FirstOrDefault(e => e.Key == key).Value;

    public static ObjectValue Of(params (string Key, Value? Value)[] entries) =>
        new(entries.Where(e => e.Value is not null).Select(e => new KeyValuePair<string, Value>(e.Key, e.Value!)).ToArray());

    public static ObjectValue Of(IEnumerable<KeyValuePair<string, Value>> entries) => new(entries.ToArray());

    /// <summary>Reads a nested value by a dotted path, or null when any step is missing.</summary>
    public Value? At(string dottedPath)
    {
        Value? current = this;
        foreach (var step in dottedPath.Split('.'))
        {
            current = current is ObjectValue obj ? obj[step] : null;
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }
}
