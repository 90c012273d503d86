namespace Infra.Model;

/// <summary>
/// A property value in the resource graph: literals, lists, objects, and the few expression
/// forms Pulumi YAML understands (references to resources, config and functions).
/// </summary>
public abstract record Value
{
    /// <summary>A null string converts to null, which <see cref="ObjectValue.Of(ValueTuple{string, Value}[])"/> leaves out.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static implicit operator Value?(string? text) => text is null ? null : new StringValue(text);

    public static implicit operator Value(int number) => new NumberValue(number);

    public static implicit operator Value(long number) => new NumberValue(number);

    public static implicit operator Value(decimal number) => new NumberValue(number);

    public static implicit operator Value(bool flag) => new BoolValue(flag);

    /// <summary>Child values, for walks over the tree (references, secrets, key checks).</summary>
    public virtual IEnumerable<Value> Children => [];

    /// <summary>Every value in this tree, depth first, this one included.</summary>
    public IEnumerable<Value> DescendantsAndSelf()
    {
        var stack = new Stack<Value>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            foreach (var child in current.Children.Reverse())
            {
                stack.Push(child);
            }
        }
    }
}
