using System.Text.Json;
using Infra.Model;

namespace Infra.Tests.Conformance;

/// <summary>
/// Checks resource properties against Pulumi package schemas: every property name exists in the
/// resource's <c>inputProperties</c> (and, through <c>$ref</c>, in the object types below it), literal
/// values have the schema's type, <c>const</c> and enum values match, required inputs are set, and
/// nothing deprecated is used. Errors name the resource and the property path. Following the schemas'
/// README: aws.json lost the integer/number distinction and its enums (so numbers and strings are all
/// that is checked there), and the Kubernetes API kinds of kubernetes.json are the 1.24 API, so fields
/// added later are accepted only when listed in <see cref="NewerKubernetesFields"/>.
/// </summary>
public sealed class PulumiSchemaChecker
{
    /// <summary>
    /// Resources built into Pulumi itself, which no package schema describes (input names from the
    /// Pulumi YAML runtime, ../shared/docs/pulumi-yaml-facts.md §4).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> BuiltInResources = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["pulumi:pulumi:StackReference"] = ["name"],
    };

    /// <summary>
    /// Kubernetes API fields newer than the Kubernetes 1.24 API of the "verbatim" kubernetes.json entries
    /// (the README: "Fields added in Kubernetes 1.25–1.36 ... are missing"). Each is accepted only on
    /// types the file marks as verbatim from the 2022 schema, with the version that added it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> NewerKubernetesFields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };

    private readonly PulumiSchemaCatalog _catalog;

    public PulumiSchemaChecker(PulumiSchemaCatalog catalog)
    {
        _catalog = catalog;
    }

    /// <summary>Newer-Kubernetes allowances that some check actually needed (so unused entries can be found).</summary>
    public ISet<string> UsedAllowances { get; } = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>All problems of one resource's type token and properties, each prefixed with the resource name.</summary>
    public IReadOnlyList<string> Check(Resource resource) => Check(resource.Name, resource.Type, resource.Properties);

    public IReadOnlyList<string> Check(string name, string type, ObjectValue properties)
    {
        var errors = new List<string>();
        if (BuiltInResources.TryGetValue(type, out var builtIn))
        {
            errors.AddRange(properties.Entries.Where(e => !builtIn.Contains(e.Key)).Select(e => $"{e.Key}: not an input of the built-in {type}"));
        }
        else if (_catalog.Resource(type) is not { } schema)
        {
            errors.Add($"type token '{type}' is not in ../shared/pulumi-schemas ({string.Join(", ", _catalog.Packages)})");
        }
        else
        {
            if (schema.TryGetProperty("deprecationMessage", out var deprecated))
            {
                errors.Add($"type '{type}' is deprecated: {deprecated.GetString()}");
            }

            var inputs = schema.TryGetProperty("inputProperties", out var p) ? p : default;
            var required = schema.TryGetProperty("requiredInputs", out var r) ? r : default;
            CheckObject(inputs, required, type, properties, string.Empty, errors);
        }

        return errors.Select(e => $"{name} ({type}): {e}").ToList();
    }

    /// <summary>The arguments of an <c>fn::invoke</c> against the function's <c>inputs</c>.</summary>
    public IReadOnlyList<string> CheckInvoke(string function, ObjectValue arguments)
    {
        var errors = new List<string>();
        if (_catalog.Function(function) is not { } schema)
        {
            errors.Add($"function token '{function}' is not in ../shared/pulumi-schemas");
        }
        else
        {
            var inputs = schema.TryGetProperty("inputs", out var i) ? i : default;
            var properties = inputs.ValueKind == JsonValueKind.Object && inputs.TryGetProperty("properties", out var p) ? p : default;
            var required = inputs.ValueKind == JsonValueKind.Object && inputs.TryGetProperty("required", out var r) ? r : default;
            CheckObject(properties, required, function, arguments, string.Empty, errors);
        }

        return errors.Select(e => $"fn::invoke {function}: {e}").ToList();
    }

    private void CheckObject(JsonElement properties, JsonElement required, string owner, ObjectValue value, string path, List<string> errors)
    {
        foreach (var (key, child) in value.Entries)
        {
            var childPath = Join(path, key);
            if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(key, out var schema))
            {
                var allowance = $"{owner}.{key}";
                if (NewerKubernetesFields.ContainsKey(allowance) && IsOldKubernetesEntry(owner))
                {
                    UsedAllowances.Add(allowance);
                    continue;
                }

                errors.Add($"{childPath}: '{key}' is not a property of {owner}");
                continue;
            }

            if (schema.TryGetProperty("deprecationMessage", out var deprecated))
            {
                errors.Add($"{childPath}: deprecated: {deprecated.GetString()}");
            }

            CheckValue(schema, child, childPath, errors);
        }

        if (required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray().Select(n => n.GetString()!))
            {
                if (value[name] is null)
                {
                    errors.Add($"{Join(path, name)}: required by {owner} but not set");
                }
            }
        }
    }

    private void CheckValue(JsonElement schema, Value value, string path, List<string> errors)
    {
        if (LiteralValue.Of(value) is not { } literal || literal is NullValue)
        {
            // Known only at deploy time (or explicitly unset): a computed string where an object is needed is still wrong.
            if (LiteralValue.IsComputedString(value) && ExpectsStructure(schema))
            {
                errors.Add($"{path}: expected {Expected(schema)}, got a computed string");
            }

            return;
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var branches = oneOf.EnumerateArray().Select(branch =>
            {
                var branchErrors = new List<string>();
                CheckValue(branch, literal, path, branchErrors);
                return branchErrors;
            }).ToList();
            if (branches.All(b => b.Count > 0))
            {
                errors.Add($"{path}: matches none of the alternatives ({string.Join("; ", branches.SelectMany(b => b))})");
            }

            return;
        }

        if (schema.TryGetProperty("const", out var constant) && !(literal is StringValue s && s.Text == constant.GetString()))
        {
            errors.Add($"{path}: must be '{constant.GetString()}', got {LiteralValue.Describe(literal)}");
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = reference.GetString()!;
            if (!target.StartsWith("#/types/", StringComparison.Ordinal))
            {
                return; // pulumi.json#/Any, Asset, Archive, Json: anything goes.
            }

            var token = target["#/types/".Length..];
            if (_catalog.Type(token) is not { } type)
            {
                errors.Add($"{path}: schema reference {target} does not resolve");
                return;
            }

            if (type.TryGetProperty("enum", out var values))
            {
                var allowed = values.EnumerateArray().Select(v => v.GetProperty("value").ToString()).ToList();
                if (literal is not StringValue text || !allowed.Contains(text.Text))
                {
                    errors.Add($"{path}: must be one of {string.Join(", ", allowed)}, got {LiteralValue.Describe(literal)}");
                }

                return;
            }

            if (literal is not ObjectValue obj)
            {
                errors.Add($"{path}: expected an object ({token}), got {LiteralValue.Describe(literal)}");
                return;
            }

            CheckObject(type.TryGetProperty("properties", out var p) ? p : default, type.TryGetProperty("required", out var r) ? r : default, token, obj, path, errors);
            return;
        }

        switch (schema.TryGetProperty("type", out var t) ? t.GetString() : null)
        {
            case "object":
                if (literal is not ObjectValue map)
                {
                    errors.Add($"{path}: expected an object, got {LiteralValue.Describe(literal)}");
                }
                else if (schema.TryGetProperty("additionalProperties", out var element))
                {
                    foreach (var (key, child) in map.Entries)
                    {
                        CheckValue(element, child, Join(path, key), errors);
                    }
                }

                break;
            case "array":
                if (literal is not ListValue list)
                {
                    errors.Add($"{path}: expected a list, got {LiteralValue.Describe(literal)}");
                }
                else if (schema.TryGetProperty("items", out var items))
                {
                    for (var i = 0; i < list.Items.Count; i++)
                    {
                        CheckValue(items, list.Items[i], $"{path}[{i}]", errors);
                    }
                }

                break;
            case "string" when literal is not StringValue:
            case "boolean" when literal is not BoolValue:
            case "number" when literal is not NumberValue:
            case "integer" when literal is not NumberValue n || n.Number != decimal.Truncate(n.Number):
                errors.Add($"{path}: expected {t.GetString()}, got {LiteralValue.Describe(literal)}");
                break;
        }
    }

    private static bool ExpectsStructure(JsonElement schema) =>
        (schema.TryGetProperty("type", out var t) && t.GetString() is "object" or "array")
        || (schema.TryGetProperty("$ref", out var r) && r.GetString()!.StartsWith("#/types/", StringComparison.Ordinal));

    private static string Expected(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var r) ? r.GetString()! : schema.GetProperty("type").GetString()!;

    private bool IsOldKubernetesEntry(string owner)
    {
        var note = _catalog.Provenance("kubernetes", owner) ?? _catalog.Provenance("kubernetes", $"types/{owner}");
        return note?.StartsWith("verbatim from schema.json @ f93f9b6c", StringComparison.Ordinal) == true;
    }

    private static string Join(string path, string key) =>
        path.Length == 0 ? key : key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? $"{path}.{key}" : $"{path}[\"{key}\"]";
}
