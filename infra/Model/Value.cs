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
            PushChildrenReversed(stack, current);
        }
    }

    /// <summary>Pushes the children last first, so that they pop in order; without LINQ's buffering for the common kinds.</summary>
    private static void PushChildrenReversed(Stack<Value> stack, Value value)
    {
        switch (value)
        {
            case ObjectValue obj:
                for (var i = obj.Entries.Count - 1; i >= 0; i--)
                {
                    stack.Push(obj.Entries[i].Value);
                }

                break;
            case ListValue list:
                for (var i = list.Items.Count - 1; i >= 0; i--)
                {
                    stack.Push(list.Items[i]);
                }

                break;
            default:
                foreach (var child in value.Children.Reverse())
                {
                    stack.Push(child);
                }

                break;
        }
    }
}
