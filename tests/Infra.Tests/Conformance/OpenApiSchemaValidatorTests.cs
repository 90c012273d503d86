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
                "$.port: expected an integer or a string, got the number 1.5",
                "$.labels.a: expected string, got the number 1",
                "$.extra: unknown field 'extra' (the schema declares name, port, labels, raw, env)",
                "$.env[0]: must match exactly one oneOf alternative, matches 2 ()",
                "$.env[1]: must match exactly one oneOf alternative, matches 0 ($.env[1].value: required field is missing; $.env[1].valueFrom: required field is missing)",
                "$.name: required field is missing",
            ],
            new OpenApiSchemaValidator().Validate(Schema, value, "$"));
        Assert.Equal(
            ["$.name: 'toolong' does not match the pattern ^[a-z]+$".Replace("toolong", "Ab", StringComparison.Ordinal), "$.env: has 0 items, fewer than minItems 1"],
            new OpenApiSchemaValidator().Validate(Schema, ObjectValue.Of(("name", "Ab"), ("env", ListValue.Of())), "$"));
        Assert.Equal(
            ["$.name: has 6 characters, more than maxLength 5"],
            new OpenApiSchemaValidator().Validate(Schema, ObjectValue.Of(("name", "abcdef")), "$"));
    }

    [Fact]
    public void ValuesKnownOnlyAtDeployTimeAreAccepted()
    {
        var value = ObjectValue.Of(("name", new ConfigReferenceValue("observability:x")), ("labels", InterpolatedValue.Of("a", new ConfigReferenceValue("k"))));
        Assert.Equal(["$.labels: expected object, got a computed string"], new OpenApiSchemaValidator().Validate(Schema, value, "$"));
    }
}
