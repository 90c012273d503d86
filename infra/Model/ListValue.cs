namespace Infra.Model;

/// <summary>An ordered list of values.</summary>
public sealed record ListValue(IReadOnlyList<Value> Items) : Value
{
    public override IEnumerable<Value> Children => Items;

    public static ListValue Of(params Value[] items) => new(items);

    public static ListValue Of(IEnumerable<Value> items) => new(items.ToArray());

    public static ListValue Strings(IEnumerable<string> items) => new(items.Select(i => (Value)new StringValue(i)).ToArray());
}
