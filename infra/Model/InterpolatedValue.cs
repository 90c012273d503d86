namespace Infra.Model;

/// <summary>A string built from literal text and references, emitted as <c>text ${ref} text</c>.</summary>
public sealed record InterpolatedValue(IReadOnlyList<Value> Parts) : Value
{
    public override IEnumerable<Value> Children => Parts;

    public static InterpolatedValue Of(params Value[] parts)
    {
        foreach (var part in parts)
        {
            if (part is not (StringValue or ReferenceValue or ConfigReferenceValue or PulumiVariableValue))
            {
                throw new ArgumentException($"An interpolated string can hold literals and references only, not {part.GetType().Name}.", nameof(parts));
            }
        }

        return new InterpolatedValue(parts);
    }
}
