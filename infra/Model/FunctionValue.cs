namespace Infra.Model;

/// <summary>A Pulumi YAML built-in function call such as <c>fn::secret</c> or <c>fn::toJSON</c>.</summary>
public sealed record FunctionValue(string Name, Value Argument) : Value
{
    public override IEnumerable<Value> Children => [Argument];

    public static FunctionValue Secret(Value value) => new("secret", value);

    public static FunctionValue ToJson(Value value) => new("toJSON", value);

    public static FunctionValue ToBase64(Value value) => new("toBase64", value);
}
