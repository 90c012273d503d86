using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Infra.Components.OnCall;

/// <summary>
/// The shape of <c>observability:onCall</c> (types, required and unknown keys, enums, ranges, list sizes), declared in
/// <c>OnCallConfig.schema.json</c> and evaluated by JsonSchema.Net. Its errors become the project's messages: the path
/// of the value (<c>schedules[2].layers[0].start</c>) and the fix, from the schema's own <c>x-message</c>,
/// <c>x-example</c> and <c>description</c>. What depends on other values (references, dates, time zones) is
/// <see cref="OnCallConfigParser"/>'s.
/// </summary>
public static class OnCallSchema
{
    private const string ResourceName = "Infra.Components.OnCall.OnCallConfig.schema.json";
    private static readonly EvaluationOptions ListOutput = new() { OutputFormat = OutputFormat.List };

    /// <summary>The schema as JSON: the evaluator's errors name a place in it, whose messages and examples this class reads.</summary>
    internal static JsonDocument Document { get; } = JsonDocument.Parse(Text());

    private static readonly JsonSchema Schema = JsonSchema.FromText(Text());

    /// <summary>
    /// The value as the parser reads it, and its shape problems (empty when the shape is right). Stack files give numbers
    /// and flags as strings when Pulumi passes config as PULUMI_CONFIG, so a string where the schema takes a whole number
    /// or a flag is read as one; a null where the schema takes no null is as good as an absent key.
    /// </summary>
    public static (JsonDocument Value, List<string> Problems) Check(JsonElement value)
    {
        var node = JsonNode.Parse(value.GetRawText());
        var document = JsonDocument.Parse(value.GetRawText());
        // Two passes at most: the second sees the coerced values (one pass coerces every value it can).
        for (var pass = 0; ; pass++)
        {
            var results = Schema.Evaluate(document.RootElement, ListOutput);
            if (results.IsValid)
            {
                return (document, NonPrintable(document.RootElement, string.Empty, []));
            }

            var failures = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).ToList();
            if (pass == 0 && Coerced(node, failures))
            {
                document.Dispose();
                document = Reparse(node);
                continue;
            }

            var problems = new List<string>();
            foreach (var failure in failures)
            {
                foreach (var (keyword, message) in failure.Errors!)
                {
                    problems.AddRange(Messages(document.RootElement, failure, keyword, message));
                }
            }

            return (document, problems.Distinct(StringComparer.Ordinal).ToList());
        }
    }

    private static string Text()
    {
        using var stream = typeof(OnCallSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded resource {ResourceName} is missing (infra/Infra.csproj)");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static JsonDocument Reparse(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer);
            }
        }

        return JsonDocument.Parse(buffer.ToArray());
    }

    /// <summary>Whether coercing changed the value; a value JsonNode cannot hold (a key given twice) is left as it is, for the errors to name.</summary>
    private static bool Coerced(JsonNode? node, List<EvaluationResults> failures)
    {
        try
        {
            return failures.Aggregate(false, (changed, failure) => Coerce(node, failure) | changed);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Reads a string as the whole number or flag the schema takes there, and drops a null the schema does not take. True when it changed the value.</summary>
    private static bool Coerce(JsonNode? root, EvaluationResults failure)
    {
        var types = Types(SchemaNode(failure));
        var segments = Segments(failure.InstanceLocation.ToString());
        if (segments.Count == 0 || Find(root, segments[..^1]) is not { } parent)
        {
            return false;
        }

        var last = segments[^1];
        var current = parent is JsonArray list ? (int.TryParse(last, out var i) && i < list.Count ? list[i] : null) : parent.AsObject()[last];
        JsonNode? replacement;
        if (current is null)
        {
            if (types.Contains("null") || parent is not JsonObject owner || !failure.Errors!.ContainsKey("type"))
            {
                return false;
            }

            owner.Remove(last);
            return true;
        }

        if (current.GetValueKind() != JsonValueKind.String)
        {
            return false;
        }

        var text = current.GetValue<string>();
        if (types.Contains("integer") && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            replacement = JsonValue.Create(number);
        }
        else if (types.Contains("boolean") && text is "true" or "false")
        {
            replacement = JsonValue.Create(text == "true");
        }
        else
        {
            return false;
        }

        if (parent is JsonArray items)
        {
            items[int.Parse(last, CultureInfo.InvariantCulture)] = replacement;
        }
        else
        {
            parent.AsObject()[last] = replacement;
        }

        return true;
    }

    private static JsonNode? Find(JsonNode? node, List<string> segments)
    {
        foreach (var segment in segments)
        {
            node = node switch
            {
                JsonArray list when int.TryParse(segment, out var i) && i < list.Count => list[i],
                JsonObject map => map[segment],
                _ => null,
            };
        }

        return node;
    }

    private static IEnumerable<string> Messages(JsonElement root, EvaluationResults failure, string keyword, string libraryMessage)
    {
        var (node, owner) = Walk(failure.EvaluationPath.ToString());
        var (path, value) = Locate(root, failure.InstanceLocation.ToString());
        if (failure.EvaluationPath.ToString().EndsWith("/additionalProperties", StringComparison.Ordinal))
        {
            var keys = owner.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name) : [];
            yield return $"{path} is not a known key here; the keys are {string.Join(", ", keys)}";
            yield break;
        }

        if (keyword == "required")
        {
            var present = value.ValueKind == JsonValueKind.Object ? value.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal) : [];
            foreach (var key in node.GetProperty("required").EnumerateArray().Select(k => k.GetString()!).Where(k => !present.Contains(k)))
            {
                var property = node.GetProperty("properties").GetProperty(key);
                var what = property.TryGetProperty("description", out var description) ? $": {description.GetString()}"
                    : Types(property).Contains("array") ? " (a list; docs/oncall.md shows an example)" : string.Empty;
                yield return $"{Join(path, key)} is required{what}";
            }

            yield break;
        }

        var shown = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Undefined => string.Empty,
            _ => value.GetRawText(),
        };
        var (min, max) = keyword.EndsWith("Items", StringComparison.Ordinal)
            ? (Number(node, "minItems") ?? "", Number(node, "maxItems") ?? "")
            : (Number(node, "minimum") ?? "", Number(node, "maximum") ?? "");
        var count = value.ValueKind == JsonValueKind.Array ? value.GetArrayLength().ToString(CultureInfo.InvariantCulture) : string.Empty;
        if (node.TryGetProperty("x-message", out var messages) && messages.TryGetProperty(keyword, out var own))
        {
            yield return $"{path} {own.GetString()!.Replace("{value}", shown, StringComparison.Ordinal).Replace("{min}", min, StringComparison.Ordinal)
                .Replace("{max}", max, StringComparison.Ordinal).Replace("{count}", count, StringComparison.Ordinal)}";
            yield break;
        }

        var why = node.TryGetProperty("description", out var about) ? $": {about.GetString()}" : string.Empty;
        yield return keyword switch
        {
            "type" => $"{path} {TypeMessage(node, Types(node))}{why}",
            "enum" => $"{path} '{shown}' must be one of {string.Join(", ", node.GetProperty("enum").EnumerateArray().Select(e => e.GetString()))}",
            "minimum" or "maximum" => $"{path} must be between {min} and {max}, got {shown}{why}",
            "maxItems" => $"{path} has {count} entries; at most {max} (docs/oncall.md, Limits)",
            _ => $"{path}: {libraryMessage}",
        };
    }

    private static string TypeMessage(JsonElement node, List<string> types) => types switch
    {
        ["object"] => node.TryGetProperty("x-example", out var example) ? $"must be a mapping such as {example.GetString()}" : "must be a mapping",
        ["array"] => "must be a list",
        ["integer"] => "must be a whole number",
        ["boolean"] => "must be true or false",
        _ => $"must be {string.Join(" or ", types)}",
    };

    /// <summary>Go's unicode.IsPrint, which the provider applies to names, over every string: PagerDuty refuses the others, and the calendar would carry them raw.</summary>
    private static List<string> NonPrintable(JsonElement value, string path, List<string> problems)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    NonPrintable(property.Value, Join(path, property.Name), problems);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    NonPrintable(item, $"{path}[{i++}]", problems);
                }

                break;
            case JsonValueKind.String:
                foreach (var rune in value.GetString()!.EnumerateRunes().Where(r => !OnCallConfigParser.IsPrintable(r)).Take(1))
                {
                    problems.Add($"{path} contains the non-printable character U+{rune.Value:X4}; remove it (control characters and non-printable spaces are refused by PagerDuty and would break the calendar file)");
                }

                break;
        }

        return problems;
    }

    /// <summary>A schema node by its pointer within the schema (a <c>$ref</c> such as <c>#/$defs/layer</c>).</summary>
    private static JsonElement Node(string fragment)
    {
        var node = Document.RootElement;
        foreach (var segment in Segments(fragment))
        {
            node = node.GetProperty(segment);
        }

        return node;
    }

    /// <summary>
    /// The schema node a result's evaluation path reaches (e.g. <c>/properties/schedules/items/$ref/properties/name</c>),
    /// and the node before the last step (the object whose additionalProperties failed). The path is walked here rather
    /// than taken from the result's schema location, which JsonSchema.Net 8.0.5 misspells below <c>items</c>; a step the
    /// node does not have (the evaluator names <c>items</c> twice) is skipped.
    /// </summary>
    private static (JsonElement Node, JsonElement Owner) Walk(string evaluationPath)
    {
        var node = Document.RootElement;
        var owner = node;
        foreach (var segment in Segments(evaluationPath))
        {
            if (segment == "$ref" && node.TryGetProperty("$ref", out var reference))
            {
                node = Node(reference.GetString()!.TrimStart('#'));
            }
            else if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(segment, out var child))
            {
                (owner, node) = (node, child);
            }
        }

        return (node, owner);
    }

    private static JsonElement SchemaNode(EvaluationResults result) => Walk(result.EvaluationPath.ToString()).Node;

    /// <summary>The types a node takes, following its <c>$ref</c> (the project's schema refers only within itself).</summary>
    private static List<string> Types(JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return []; // a boolean schema
        }

        if (node.TryGetProperty("type", out var type))
        {
            return type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
        }

        return node.TryGetProperty("$ref", out var reference) ? Types(Node(reference.GetString()!.TrimStart('#'))) : [];
    }

    private static string? Number(JsonElement node, string keyword) =>
        node.TryGetProperty(keyword, out var number) ? number.GetRawText() : null;

    private static List<string> Segments(string pointer) => pointer.Length == 0
        ? []
        : pointer.TrimStart('/').Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();

    /// <summary>A JSON pointer into the value as the project writes paths (<c>schedules[2].layers[0]</c>), and the value there.</summary>
    private static (string Path, JsonElement Value) Locate(JsonElement root, string pointer)
    {
        var path = string.Empty;
        var current = root;
        foreach (var segment in Segments(pointer))
        {
            if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var i) && i < current.GetArrayLength())
            {
                path += $"[{i}]";
                current = current[i];
            }
            else
            {
                path = Join(path, segment);
                current = current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child) ? child : default;
            }
        }

        return (path, current);
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
