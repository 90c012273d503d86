using Infra.Model;
using Infra.Yaml;

namespace Infra.Tests.Conformance;

/// <summary>The OpenAPI v3 subset of <see cref="OpenApiSchemaValidator"/> on small hand-written schemas (no ../shared needed).</summary>
public sealed class OpenApiSchemaValidatorTests
{
    private static readonly ObjectValue Schema = (ObjectValue)YamlValueReader.Parse("""
        type: object
        required: [name]
        properties:
          name: { type: string, pattern: "^[a-z]+$", maxLength: 5 }
          port: { x-kubernetes-int-or-string: true, anyOf: [ { type: integer }, { type: string } ] }
          labels: { type: object, additionalProperties: { type: string } }
          raw: { type: object, x-kubernetes-preserve-unknown-fields: true }
          env:
            type: array
            minItems: 1
            items:
              type: object
              properties:
                value: { type: string }
                valueFrom: { type: object, properties: { key: { type: string } } }
              oneOf:
                - properties: { value: {} }
                  required: [value]
                - properties: { valueFrom: {} }
                  required: [valueFrom]
        """);

    [Fact]
    public void AValidValuePasses()
    {
        var value = ObjectValue.Of(
            ("name", "abc"),
            ("port", "http"),
            ("labels", ObjectValue.Of(("a", "b"))),
            ("raw", ObjectValue.Of(("anything", ObjectValue.Of(("goes", 1))))),
            ("env", ListValue.Of(ObjectValue.Of(("value", "x")), ObjectValue.Of(("valueFrom", ObjectValue.Of(("key", "k")))))));
        Assert.Empty(new OpenApiSchemaValidator().Validate(Schema, value, "$"));
    }

    [Fact]
    public void EveryErrorIsReportedWithItsPath()
    {
        var value = ObjectValue.Of(
            ("port", 1.5m),
            ("labels", ObjectValue.Of(("a", 1))),
            ("extra", true),
            ("env", ListValue.Of(ObjectValue.Of(("value", "x"), ("valueFrom", ObjectValue.Empty)), ObjectValue.Empty)));
        Assert.Equal(
            [
                "$: Required properties [\"name\"] are not present",
                "$.port: Value is \"number\" but should be \"string, integer\"",
                "$.labels.a: Value is \"integer\" but should be \"string\"",
                "$.env[0]: must match exactly one oneOf alternative, matches 2 ()",
                "$.env[1]: must match exactly one oneOf alternative, matches 0 ($.env[1]: Required properties [\"value\"] are not present; $.env[1]: Required properties [\"valueFrom\"] are not present)",
                "$.extra: unknown field (the schema does not declare it, so the API server would prune it)",
            ],
            new OpenApiSchemaValidator().Validate(Schema, value, "$"));
        Assert.Equal(
            ["$.name: 'toolong' does not match the pattern ^[a-z]+$".Replace("toolong", "Ab", StringComparison.Ordinal), "$.env: Value should have at least 1 items"],
            new OpenApiSchemaValidator().Validate(Schema, ObjectValue.Of(("name", "Ab"), ("env", ListValue.Of())), "$"));
        Assert.Equal(
            ["$.name: Value should be at most 5 characters"],
            new OpenApiSchemaValidator().Validate(Schema, ObjectValue.Of(("name", "abcdef")), "$"));
    }

    [Fact]
    public void ValuesKnownOnlyAtDeployTimeAreAccepted()
    {
        var value = ObjectValue.Of(("name", new ConfigReferenceValue("observability:x")), ("labels", InterpolatedValue.Of("a", new ConfigReferenceValue("k"))));
        Assert.Equal(["$.labels: Value is \"string\" but should be \"object\""], new OpenApiSchemaValidator().Validate(Schema, value, "$"));
    }
}
