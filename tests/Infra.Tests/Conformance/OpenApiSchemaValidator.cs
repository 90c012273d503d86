using System.Text.Json;
using Infra.Model;
using Infra.Yaml;
using Json.Pointer;
using Json.Schema;

namespace Infra.Tests.Conformance;

/// <summary>
/// Validates a value tree against a CRD's structural OpenAPI v3 schema with JsonSchema.Net, on the
/// schema <see cref="CrdJsonSchema"/> translates (the Kubernetes extensions are the project's own).
/// Unknown fields are errors because the API server prunes them silently. Values known only at deploy
/// time are replaced by stand-ins every schema node accepts (<see cref="CrdJsonSchema.DeployTimeString"/>
/// for computed strings, null for the rest), so they pass, except a computed string where an object or a
/// list is expected. CEL rules (<c>x-kubernetes-validations</c>) are evaluated here where
/// <see cref="CelRules"/> has a translation; the others are collected in <see cref="UncheckedRules"/>.
/// Every error names its path.
/// </summary>
public sealed class OpenApiSchemaValidator
{
    private static readonly EvaluationOptions Hierarchical = new() { OutputFormat = OutputFormat.Hierarchical };

    static OpenApiSchemaValidator()
    {
        // The default messages leave out what the schema asked for; these are process-wide, and
        // this validator is the only user of JsonSchema.Net.
        ErrorMessages.Enum = "[[received]] is not one of [[values]]";
        ErrorMessages.Pattern = "[[pattern]]"; // the pattern as a JSON string: decoded in Message
        ErrorMessages.FalseSchema = "unknown field (the schema does not declare it, so the API server would prune it)";
    }

    /// <summary>CEL rules and patterns met on the way that were not evaluated, as "path: rule".</summary>
    public List<string> UncheckedRules { get; } = [];

    public IReadOnlyList<string> Validate(ObjectValue schema, Value value, string path)
    {
        var jsonSchema = JsonSchema.FromText(JsonText.Of(CrdJsonSchema.Translate(schema, UncheckedRules)));
        using var instance = JsonDocument.Parse(JsonText.Of(StandIns(value)));
        var errors = new List<string>();
        Collect(jsonSchema.Evaluate(instance.RootElement, Hierarchical), instance.RootElement, path, errors);
        CheckRules(schema, value, path, errors);
        return errors;
    }

    /// <summary>The value with its deploy-time parts replaced by the stand-ins the translated schema accepts.</summary>
    private static Value StandIns(Value value)
    {
        if (LiteralValue.Of(value) is not { } literal)
        {
            return LiteralValue.IsComputedString(value) ? new StringValue(CrdJsonSchema.DeployTimeString) : new NullValue();
        }

        return literal switch
        {
            ObjectValue obj => ObjectValue.Of(obj.Entries.Select(e => new KeyValuePair<string, Value>(e.Key, StandIns(e.Value)))),
            ListValue list => ListValue.Of(list.Items.Select(StandIns)),
            _ => literal,
        };
    }

    /// <summary>
    /// The errors of a failed node and its failed subnodes. A failed <c>oneOf</c>/<c>anyOf</c> is one error
    /// that lists its alternatives' errors (JsonSchema.Net leaves it without a message of its own).
    /// </summary>
    private static void Collect(EvaluationResults node, JsonElement root, string rootPath, List<string> errors)
    {
        if (node.IsValid)
        {
            return;
        }

        var (at, value) = Path(root, node.InstanceLocation, rootPath);
        errors.AddRange(node.Errors?.Select(e => $"{at}: {Message(e.Key, e.Value, value)}") ?? []);
        var combinations = new Dictionary<string, List<EvaluationResults>>(StringComparer.Ordinal);
        foreach (var detail in node.Details ?? [])
        {
            var keyword = Keyword(detail.EvaluationPath, 1);
            if (keyword == "if")
            {
                continue; // the test for a deploy-time stand-in
            }

            if (Keyword(detail.EvaluationPath, 2) is "oneOf" or "anyOf" && int.TryParse(keyword, out _))
            {
                var combination = Keyword(detail.EvaluationPath, 2)!;
                combinations[combination] = [.. combinations.GetValueOrDefault(combination) ?? [], detail];
                continue;
            }

            Collect(detail, root, rootPath, errors);
        }

        foreach (var (combination, alternatives) in combinations)
        {
            var matches = alternatives.Count(a => a.IsValid);
            if (combination == "oneOf" ? matches == 1 : matches > 0)
            {
                continue;
            }

            var reasons = new List<string>();
            alternatives.ForEach(a => Collect(a, root, rootPath, reasons));
            var what = combination == "oneOf" ? $"must match exactly one oneOf alternative, matches {matches}" : "matches no anyOf alternative";
            errors.Add($"{at}: {what} ({string.Join("; ", reasons.Distinct())})");
        }
    }

    /// <summary>A pattern's message names the string, and the pattern as the CRD writes it.</summary>
    private static string Message(string keyword, string message, JsonElement value) => keyword == "pattern"
        ? $"'{value.GetString()}' does not match the pattern {JsonSerializer.Deserialize<string>(message)}"
        : message;

    /// <summary>The n-th last segment of a schema path, or null.</summary>
    private static string? Keyword(JsonPointer path, int fromEnd) => path.SegmentCount >= fromEnd ? path[path.SegmentCount - fromEnd].ToString() : null;

    /// <summary>A JSON pointer into the instance as the project writes paths (<c>$.spec.env[0].name</c>), and the value there.</summary>
    private static (string Path, JsonElement Value) Path(JsonElement root, JsonPointer pointer, string rootPath)
    {
        var path = rootPath;
        var current = root;
        for (var i = 0; i < pointer.SegmentCount; i++)
        {
            var segment = pointer[i].ToString();
            if (current.ValueKind == JsonValueKind.Array)
            {
                path += $"[{segment}]";
                current = current[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)];
            }
            else
            {
                path += $".{segment}";
                current = current.GetProperty(segment);
            }
        }

        return (path, current);
    }

    /// <summary>
    /// CEL rules along the schema's fields: the ones <see cref="CelRules"/> translates are evaluated on
    /// objects of literals, the rest are listed as unchecked. Rules inside combinations are not read.
    /// </summary>
    private void CheckRules(ObjectValue schema, Value value, string path, List<string> errors)
    {
        if (LiteralValue.Of(value) is not { } literal || literal is NullValue)
        {
            return;
        }

        foreach (var rule in (schema["x-kubernetes-validations"] as ListValue)?.Items.OfType<ObjectValue>() ?? [])
        {
            var text = (rule["rule"] as StringValue)?.Text ?? string.Empty;
            if (literal is ObjectValue self && self.Entries.All(e => LiteralValue.Of(e.Value) is not null) && CelRules.Known.TryGetValue(text, out var predicate))
            {
                if (!predicate(self))
                {
                    errors.Add($"{path}: {(rule["message"] as StringValue)?.Text ?? "fails"} (CEL: {text})");
                }
            }
            else
            {
                UncheckedRules.Add($"{path}: {text}");
            }
        }

        switch (literal)
        {
            case ObjectValue obj:
                foreach (var (key, child) in obj.Entries)
                {
                    var childSchema = (schema["properties"] as ObjectValue)?[key] as ObjectValue ?? schema["additionalProperties"] as ObjectValue;
                    if (childSchema is not null)
                    {
                        CheckRules(childSchema, child, $"{path}.{key}", errors);
                    }
                }

                break;
            case ListValue list when schema["items"] is ObjectValue items:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    CheckRules(items, list.Items[i], $"{path}[{i}]", errors);
                }

                break;
        }
    }
}
