using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Model;

namespace Infra.Tests.Conformance;

/// <summary>
/// Validates a value tree against a CRD's structural OpenAPI v3 schema, covering what the Strimzi, ECK
/// and Prometheus Operator CRDs use: <c>type</c>, <c>properties</c>, <c>additionalProperties</c>,
/// <c>x-kubernetes-preserve-unknown-fields</c>, <c>x-kubernetes-int-or-string</c>, <c>items</c>,
/// <c>required</c>, <c>enum</c>, <c>minimum</c>/<c>maximum</c>, <c>minLength</c>/<c>maxLength</c>,
/// <c>minItems</c>/<c>maxItems</c>, <c>pattern</c>, <c>oneOf</c>/<c>anyOf</c>/<c>allOf</c>. Unknown fields
/// are errors because the API server prunes them silently. CEL rules (<c>x-kubernetes-validations</c>)
/// are evaluated where <see cref="CelRules"/> has a translation; the others are collected in
/// <see cref="UncheckedRules"/>. Values known only at deploy
/// time are accepted. Every error names its path.
/// </summary>
public sealed class OpenApiSchemaValidator
{
    /// <summary>CEL rules and patterns met on the way that were not evaluated, as "path: rule".</summary>
    public List<string> UncheckedRules { get; } = [];

    public IReadOnlyList<string> Validate(ObjectValue schema, Value value, string path)
    {
        var errors = new List<string>();
        Check(schema, value, path, errors, branch: false, keepUnknown: false);
        return errors;
    }

    /// <param name="branch">
    /// Inside <c>oneOf</c>/<c>anyOf</c>/<c>allOf</c>: structural schemas may not declare fields there, only
    /// constraints on the fields declared outside, so unknown fields are not reported.
    /// </param>
    /// <param name="keepUnknown">
    /// The items of an array marked <c>x-kubernetes-preserve-unknown-fields</c> keep unknown fields too
    /// (the API server's pruning, <c>skipPrune</c>, passes the mark on to array items).
    /// </param>
    private void Check(ObjectValue schema, Value value, string path, List<string> errors, bool branch, bool keepUnknown)
    {
        if (LiteralValue.Of(value) is not { } literal)
        {
            if (LiteralValue.IsComputedString(value) && Text(schema, "type") is "object" or "array")
            {
                errors.Add($"{path}: expected {Text(schema, "type")}, got a computed string");
            }

            return;
        }

        if (literal is NullValue)
        {
            return; // The API server drops nulls of non-nullable fields; nullable ones keep them.
        }

        if (schema["x-kubernetes-validations"] is ListValue rules && !branch)
        {
            CheckRules(rules, literal, path, errors);
        }

        if (Flag(schema, "x-kubernetes-int-or-string"))
        {
            if (literal is not (StringValue or NumberValue) || (literal is NumberValue n && n.Number != decimal.Truncate(n.Number)))
            {
                errors.Add($"{path}: expected an integer or a string, got {LiteralValue.Describe(literal)}");
            }

            return;
        }

        if (!CheckType(schema, literal, path, errors))
        {
            return;
        }

        if (schema["enum"] is ListValue allowed && !allowed.Items.Any(a => ChartValuesMerger.SameValue(a, literal)))
        {
            errors.Add($"{path}: {LiteralValue.Describe(literal)} is not one of {string.Join(", ", allowed.Items.Select(Display))}");
        }

        switch (literal)
        {
            case ObjectValue obj:
                CheckObject(schema, obj, path, errors, branch, keepUnknown);
                break;
            case ListValue list:
                CheckCount(schema, list.Items.Count, "minItems", "maxItems", "items", path, errors);
                if (schema["items"] is ObjectValue items)
                {
                    for (var i = 0; i < list.Items.Count; i++)
                    {
                        Check(items, list.Items[i], $"{path}[{i}]", errors, branch, keepUnknown || Flag(schema, "x-kubernetes-preserve-unknown-fields"));
                    }
                }

                break;
            case StringValue text:
                CheckCount(schema, text.Text.Length, "minLength", "maxLength", "characters", path, errors);
                if (Text(schema, "pattern") is { } pattern)
                {
                    CheckPattern(pattern, text.Text, path, errors);
                }

                break;
            case NumberValue number:
                if (schema["minimum"] is NumberValue min && (number.Number < min.Number || (Flag(schema, "exclusiveMinimum") && number.Number == min.Number)))
                {
                    errors.Add($"{path}: {Display(number)} is below the minimum {Display(min)}");
                }

                if (schema["maximum"] is NumberValue max && (number.Number > max.Number || (Flag(schema, "exclusiveMaximum") && number.Number == max.Number)))
                {
                    errors.Add($"{path}: {Display(number)} is above the maximum {Display(max)}");
                }

                break;
        }

        CheckCombinations(schema, literal, path, errors);
    }

    /// <summary>CEL rules: the ones <see cref="CelRules"/> translates are evaluated on objects of literals, the rest are listed as unchecked.</summary>
    private void CheckRules(ListValue rules, Value literal, string path, List<string> errors)
    {
        foreach (var rule in rules.Items.OfType<ObjectValue>())
        {
            var text = Text(rule, "rule") ?? string.Empty;
            if (literal is ObjectValue self && self.Entries.All(e => LiteralValue.Of(e.Value) is not null) && CelRules.Known.TryGetValue(text, out var predicate))
            {
                if (!predicate(self))
                {
                    errors.Add($"{path}: {Text(rule, "message") ?? "fails"} (CEL: {text})");
                }
            }
            else
            {
                UncheckedRules.Add($"{path}: {text}");
            }
        }
    }

    /// <summary>False when the type is wrong (then nothing below it is checked).</summary>
    private static bool CheckType(ObjectValue schema, Value literal, string path, List<string> errors)
    {
        var type = Text(schema, "type");
        var ok = type switch
        {
            null => true,
            "object" => literal is ObjectValue,
            "array" => literal is ListValue,
            "string" => literal is StringValue,
            "boolean" => literal is BoolValue,
            "number" => literal is NumberValue,
            "integer" => literal is NumberValue n && n.Number == decimal.Truncate(n.Number),
            _ => true,
        };
        if (!ok)
        {
            errors.Add($"{path}: expected {type}, got {LiteralValue.Describe(literal)}");
        }

        return ok;
    }

    private void CheckObject(ObjectValue schema, ObjectValue obj, string path, List<string> errors, bool branch, bool keepUnknown)
    {
        var properties = schema["properties"] as ObjectValue;
        var additional = schema["additionalProperties"];
        var preserve = keepUnknown || Flag(schema, "x-kubernetes-preserve-unknown-fields");
        foreach (var (key, child) in obj.Entries)
        {
            var childPath = $"{path}.{key}";
            if (properties?[key] is ObjectValue property)
            {
                Check(property, child, childPath, errors, branch, keepUnknown: false);
            }
            else if (additional is ObjectValue valueSchema)
            {
                Check(valueSchema, child, childPath, errors, branch, keepUnknown: false);
            }
            else if (!preserve && !branch && additional is not BoolValue { Flag: true })
            {
                errors.Add($"{childPath}: unknown field '{key}' (the schema declares {(properties is null ? "no fields" : string.Join(", ", properties.Entries.Select(e => e.Key)))})");
            }
        }

        if (schema["required"] is ListValue required)
        {
            foreach (var name in required.Items.OfType<StringValue>().Select(s => s.Text).Where(n => obj[n] is null))
            {
                errors.Add($"{path}.{name}: required field is missing");
            }
        }

        CheckCount(schema, obj.Entries.Count, "minProperties", "maxProperties", "fields", path, errors);
    }

    private void CheckCombinations(ObjectValue schema, Value literal, string path, List<string> errors)
    {
        List<List<string>> Branches(string keyword) => (schema[keyword] as ListValue)?.Items.OfType<ObjectValue>().Select(b =>
        {
            var branchErrors = new List<string>();
            Check(b, literal, path, branchErrors, branch: true, keepUnknown: false);
            return branchErrors;
        }).ToList() ?? [];

        var oneOf = Branches("oneOf");
        if (oneOf.Count > 0 && oneOf.Count(b => b.Count == 0) != 1)
        {
            errors.Add($"{path}: must match exactly one oneOf alternative, matches {oneOf.Count(b => b.Count == 0)} ({string.Join("; ", oneOf.SelectMany(b => b).Distinct())})");
        }

        var anyOf = Branches("anyOf");
        if (anyOf.Count > 0 && anyOf.All(b => b.Count > 0))
        {
            errors.Add($"{path}: matches no anyOf alternative ({string.Join("; ", anyOf.SelectMany(b => b).Distinct())})");
        }

        errors.AddRange(Branches("allOf").SelectMany(b => b));
    }

    private static void CheckCount(ObjectValue schema, int count, string minKey, string maxKey, string what, string path, List<string> errors)
    {
        if (schema[minKey] is NumberValue min && count < min.Number)
        {
            errors.Add($"{path}: has {count} {what}, fewer than {minKey} {Display(min)}");
        }

        if (schema[maxKey] is NumberValue max && count > max.Number)
        {
            errors.Add($"{path}: has {count} {what}, more than {maxKey} {Display(max)}");
        }
    }

    /// <summary>CRD patterns are Go (RE2) syntax; the few .NET reads differently or not at all are left unchecked, not guessed.</summary>
    private void CheckPattern(string pattern, string text, string path, List<string> errors)
    {
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            UncheckedRules.Add($"{path}: pattern {pattern} (not a .NET regular expression)");
            return;
        }

        if (!regex.IsMatch(text))
        {
            errors.Add($"{path}: '{text}' does not match the pattern {pattern}");
        }
    }

    private static string? Text(ObjectValue schema, string key) => (schema[key] as StringValue)?.Text;

    private static bool Flag(ObjectValue schema, string key) => schema[key] is BoolValue { Flag: true };

    private static string Display(Value value) => value switch
    {
        StringValue s => s.Text,
        NumberValue n => n.Number.ToString(CultureInfo.InvariantCulture),
        _ => LiteralValue.Describe(value),
    };
}
