using System.Text.Json;
using Infra.Model;

namespace Infra.Config;

/// <summary>
/// Reads <c>PULUMI_CONFIG</c> (a JSON object of <c>"namespace:key": "string value"</c> with secrets
/// decrypted). Values of secret and unknown keys are dropped on the spot: only their presence is kept.
/// </summary>
public static class PulumiConfigReader
{
    /// <param name="stack">The stack name.</param>
    /// <param name="json">PULUMI_CONFIG.</param>
    /// <param name="secretKeysJson">
    /// PULUMI_CONFIG_SECRET_KEYS (a JSON array of the keys Pulumi holds encrypted), when given: their values
    /// are never repeated in an error, even for a setting that is not a secret.
    /// </param>
    public static RawStackConfig Read(string stack, string? json, string? secretKeysJson = null)
    {
        var encrypted = SecretKeys(secretKeysJson);
        var values = new SortedDictionary<string, RawConfigValue>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return new RawStackConfig(stack, "PULUMI_CONFIG", values);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            // The message of a JsonException can quote the text around the error: never surface it.
            throw new CompilationException($"stack '{stack}': PULUMI_CONFIG is not valid JSON; it is set by the Pulumi CLI, so run the program through 'pulumi up' or 'pulumi preview'.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CompilationException($"stack '{stack}': PULUMI_CONFIG must be a JSON object of \"namespace:key\": \"value\".");
            }

            var catalog = SettingsCatalog.All.ToDictionary(s => s.Key, StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!catalog.TryGetValue(property.Name, out var setting))
                {
                    values[property.Name] = RawConfigValue.Unsupported;
                }
                else if (setting.IsSecret)
                {
                    // Only the shape of a secret whose setting asks for one; the value goes no further than this line.
                    values[property.Name] = setting is SecretSetting { Shape: { } shape }
                        ? RawConfigValue.SecretPresent with { SecretShape = shape(property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText()) }
                        : RawConfigValue.SecretPresent;
                }
                else
                {
                    var value = property.Value.ValueKind switch
                    {
                        // Structured config (a list or a mapping) arrives as JSON text inside the string.
                        JsonValueKind.String when IsStructured(property.Value.GetString()!) => RawConfigValue.OfJson(property.Value.GetString()!),
                        JsonValueKind.String => RawConfigValue.OfScalar(property.Value.GetString()!),
                        JsonValueKind.Object or JsonValueKind.Array => RawConfigValue.OfJson(property.Value.GetRawText()),
                        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => RawConfigValue.OfScalar(property.Value.GetRawText()),
                        _ => RawConfigValue.Unsupported,
                    };
                    values[property.Name] = encrypted.Contains(property.Name) ? value with { IsConfidential = true } : value;
                }
            }
        }

        return new RawStackConfig(stack, "PULUMI_CONFIG", values);
    }

    /// <summary>A JSON list or mapping (a string such as "[prod]" that is not JSON stays a string).</summary>
    private static bool IsStructured(string text)
    {
        if (text.TrimStart() is not ['[' or '{', ..])
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind is JsonValueKind.Array or JsonValueKind.Object;
        }
        catch (JsonException)
        {
            // A mapping that is not valid JSON is still meant as one: its setting reports the error.
            return text.TrimStart().StartsWith('{');
        }
    }

    private static HashSet<string> SecretKeys(string? json)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return keys;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                keys.UnionWith(document.RootElement.EnumerateArray().Where(k => k.ValueKind == JsonValueKind.String).Select(k => k.GetString()!));
            }
        }
        catch (JsonException)
        {
            // Only used to keep values out of messages: without it, secret settings are still never shown.
        }

        return keys;
    }
}
