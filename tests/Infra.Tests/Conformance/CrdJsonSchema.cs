using System.Text.RegularExpressions;
using Infra.Model;

namespace Infra.Tests.Conformance;

/// <summary>
/// Translates a CRD's structural OpenAPI v3 schema into a JSON Schema (draft 2020-12) that
/// JsonSchema.Net evaluates. What is the project's own is the Kubernetes part:
/// <list type="bullet">
/// <item><c>x-kubernetes-preserve-unknown-fields</c> keeps unknown fields (and passes on to array items, as the
/// API server's pruning does); everywhere else an object without <c>additionalProperties</c> gets
/// <c>additionalProperties: false</c>, because the API server prunes unknown fields silently. Inside
/// <c>oneOf</c>/<c>anyOf</c>/<c>allOf</c>/<c>not</c> it does not: structural schemas declare no fields there.</item>
/// <item><c>x-kubernetes-int-or-string</c> becomes <c>type: [integer, string]</c> and nothing else.</item>
/// <item><c>nullable</c> is dropped: every node accepts null (see <see cref="DeployTimeString"/>), because the
/// API server drops the nulls of non-nullable fields.</item>
/// <item>OpenAPI's boolean <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c> become the 2020-12 numbers.</item>
/// <item>Patterns .NET cannot read (CRD patterns are Go RE2) are dropped and reported, not guessed.</item>
/// </list>
/// CEL rules (<c>x-kubernetes-validations</c>) and every other keyword outside the list below are left
/// out; <see cref="OpenApiSchemaValidator"/> evaluates the CEL rules itself.
/// </summary>
public static class CrdJsonSchema
{
    /// <summary>
    /// Stands for a value Pulumi YAML computes at deploy time and always makes a string (an interpolation,
    /// <c>fn::toJSON</c>...). Every node accepts it except one typed object or array; any other value known
    /// only at deploy time stands as null, which every node accepts.
    /// </summary>
    public const string DeployTimeString = "\u0000known at deploy time";

    private static readonly HashSet<string> Copied = new(StringComparer.Ordinal)
    {
        "type", "required", "enum", "minimum", "maximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems",
        "uniqueItems", "minProperties", "maxProperties",
    };

    private static readonly HashSet<string> Branches = new(StringComparer.Ordinal) { "oneOf", "anyOf", "allOf" };

    /// <summary>The JSON Schema; <paramref name="uncheckedPatterns"/> gets "schema path: pattern" for each pattern left out.</summary>
    public static ObjectValue Translate(ObjectValue schema, ICollection<string> uncheckedPatterns) => ObjectValue.Of(
        Node(schema, "#", uncheckedPatterns, branch: false, keepUnknown: false).Entries
            .Prepend(new KeyValuePair<string, Value>("$schema", new StringValue("https://json-schema.org/draft/2020-12/schema"))));

    /// <param name="branch">Inside a combination: no fields are declared there, so unknown ones are not refused.</param>
    /// <param name="keepUnknown">Items of an array that keeps unknown fields keep them too.</param>
    private static ObjectValue Node(ObjectValue schema, string at, ICollection<string> uncheckedPatterns, bool branch, bool keepUnknown)
    {
        var result = new List<KeyValuePair<string, Value>>();
        void Add(string key, Value value) => result.Add(new(key, value));

        if (schema["x-kubernetes-int-or-string"] is BoolValue { Flag: true })
        {
            Add("type", ListValue.Strings(["integer", "string"]));
            return Guarded(result, acceptsDeployTimeString: true);
        }

        var preserve = keepUnknown || schema["x-kubernetes-preserve-unknown-fields"] is BoolValue { Flag: true };
        foreach (var (key, value) in schema.Entries)
        {
            switch (key)
            {
                case var copied when Copied.Contains(copied):
                    Add(key, value);
                    break;
                case "exclusiveMinimum" or "exclusiveMaximum":
                    if (value is BoolValue { Flag: true } && schema[key == "exclusiveMinimum" ? "minimum" : "maximum"] is { } limit)
                    {
                        Add(key, limit);
                    }

                    break;
                case "pattern" when value is StringValue pattern:
                    if (IsDotNetRegex(pattern.Text))
                    {
                        Add(key, value);
                    }
                    else
                    {
                        uncheckedPatterns.Add($"{at}: pattern {pattern.Text} (not a .NET regular expression)");
                    }

                    break;
                case "properties" when value is ObjectValue properties:
                    Add(key, ObjectValue.Of(properties.Entries.Select(p => new KeyValuePair<string, Value>(
                        p.Key, Node((ObjectValue)p.Value, $"{at}/properties/{p.Key}", uncheckedPatterns, branch, keepUnknown: false)))));
                    break;
                case "additionalProperties" when value is ObjectValue values:
                    Add(key, Node(values, $"{at}/{key}", uncheckedPatterns, branch, keepUnknown: false));
                    break;
                case "additionalProperties":
                    Add(key, value);
                    break;
                case "items" when value is ObjectValue items:
                    Add(key, Node(items, $"{at}/items", uncheckedPatterns, branch, preserve));
                    break;
                case "not" when value is ObjectValue not:
                    Add(key, Node(not, $"{at}/not", uncheckedPatterns, branch: true, keepUnknown: false));
                    break;
                case var combination when Branches.Contains(combination) && value is ListValue alternatives:
                    Add(key, ListValue.Of(alternatives.Items.Cast<ObjectValue>().Select((b, i) => (Value)Node(b, $"{at}/{key}/{i}", uncheckedPatterns, branch: true, keepUnknown: false))));
                    break;
            }
        }

        if (!branch && !preserve && schema["additionalProperties"] is null)
        {
            Add("additionalProperties", new BoolValue(false));
        }

        var type = (schema["type"] as StringValue)?.Text;
        return Guarded(result, acceptsDeployTimeString: type is not ("object" or "array"));
    }

    /// <summary>
    /// The keywords apply only when the value is not a stand-in for a deploy-time value: <c>if</c> the
    /// stand-in, nothing else is checked (errors under <c>if</c> are not reported).
    /// </summary>
    private static ObjectValue Guarded(List<KeyValuePair<string, Value>> keywords, bool acceptsDeployTimeString)
    {
        if (keywords.Count == 0)
        {
            return ObjectValue.Empty;
        }

        Value isNull = ObjectValue.Of(("type", "null"));
        var standIn = acceptsDeployTimeString ? ObjectValue.Of(("anyOf", ListValue.Of(isNull, ObjectValue.Of(("const", DeployTimeString))))) : isNull;
        return ObjectValue.Of(("if", standIn), ("else", ObjectValue.Of(keywords)));
    }

    private static bool IsDotNetRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
