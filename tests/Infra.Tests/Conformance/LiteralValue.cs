using Infra.Model;

namespace Infra.Tests.Conformance;

/// <summary>
/// What a checker can know about a property value at compile time. Literals are checked in full;
/// references, config and stack outputs are only known at deploy time, so they are accepted as
/// they are (except that an interpolation or <c>fn::toJSON</c> is known to be a string).
/// </summary>
public static class LiteralValue
{
    /// <summary>The literal behind a value (through <c>fn::secret</c>), or null when it is computed at deploy time.</summary>
    public static Value? Of(Value value) => value switch
    {
        FunctionValue { Name: "secret" or "unsecret" } f => Of(f.Argument),
        ReferenceValue or ConfigReferenceValue or PulumiVariableValue or InterpolatedValue or FunctionValue => null,
        _ => value,
    };

    /// <summary>True for computed values that Pulumi YAML always evaluates to a string.</summary>
    public static bool IsComputedString(Value value) => value switch
    {
        FunctionValue { Name: "secret" or "unsecret" } f => IsComputedString(f.Argument),
        InterpolatedValue => true,
        FunctionValue { Name: "toJSON" or "toBase64" or "fromBase64" or "join" or "readFile" or "sha1" or "filebase64" or "filebase64sha256" } => true,
        _ => false,
    };

    /// <summary>A short description for error messages.</summary>
    public static string Describe(Value value) => value switch
    {
        ObjectValue => "an object",
        ListValue => "a list",
        StringValue s => $"the string '{s.Text}'",
        NumberValue n => $"the number {n.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        BoolValue b => b.Flag ? "true" : "false",
        NullValue => "null",
        _ => "a computed value",
    };
}
