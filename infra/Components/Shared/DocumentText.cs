using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Text of a value as a rendered document shows it: literals as they are, references as
/// <c>${...}</c> placeholders (filled by Pulumi at deploy time).
/// </summary>
public static class DocumentText
{
    public static string Of(Value value) => value switch
    {
        StringValue s => s.Text,
        InterpolatedValue i => string.Concat(i.Parts.Select(Of)),
        ReferenceValue r => $"${{{r.Expression}}}",
        ConfigReferenceValue c => $"${{{c.Key}}}",
        PulumiVariableValue v => $"${{{v.Expression}}}",
        _ => throw new ArgumentException($"{value.GetType().Name} has no text form", nameof(value)),
    };
}
