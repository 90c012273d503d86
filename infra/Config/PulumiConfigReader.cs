using System.Text.Json;

namespace Infra.Config;

/// <summary>
/// Reads <c>PULUMI_CONFIG</c> (a JSON object of <c>"namespace:key": "string value"</c> with secrets
/// decrypted). Values of secret and unknown keys are dropped on the spot: only their presence is kept.
/// </summary>
public static class PulumiConfigReader
{
    public static RawStackConfig Read(string stack, string? json)
    {
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
                    values[property.Name] = RawConfigValue.SecretPresent;
                }
                else
                {
                    values[property.Name] = property.Value.ValueKind switch
                    {
                        // Structured config arrives as JSON text inside the string.
                        JsonValueKind.String when property.Value.GetString()!.TrimStart().StartsWith('{') => RawConfigValue.OfJson(property.Value.GetString()!),
                        JsonValueKind.String => RawConfigValue.OfScalar(property.Value.GetString()!),
                        JsonValueKind.Object => RawConfigValue.OfJson(property.Value.GetRawText()),
                        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => RawConfigValue.OfScalar(property.Value.GetRawText()),
                        JsonValueKind.Array => RawConfigValue.OfScalar(property.Value.GetRawText()),
                        _ => RawConfigValue.Unsupported,
                    };
                }
            }
        }

        return new RawStackConfig(stack, "PULUMI_CONFIG", values);
    }
}
