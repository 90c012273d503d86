namespace Infra.Model;

/// <summary>A property of Pulumi YAML's built-in <c>pulumi</c> variable, e.g. <c>${pulumi.organization}</c>.</summary>
public sealed record PulumiVariableValue(string Property) : Value
{
    public string Expression => $"pulumi.{Property}";
}
