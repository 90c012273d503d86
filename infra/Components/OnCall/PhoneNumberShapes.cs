using System.Text.Json;

namespace Infra.Components.OnCall;

/// <summary>
/// What the compile may know of the secret phone-number mapping (<c>pagerDutyPhoneNumbers</c>) when Pulumi passes
/// it decrypted: per email, the facts the provider's address check looks at (text, allowed characters, length,
/// leading digit), never the number. Taken when the config is read; the value itself is dropped on the spot.
/// </summary>
public sealed record PhoneNumberShapes(bool IsMapping, IReadOnlyDictionary<string, PhoneNumberShapes.Entry> Numbers)
{
    /// <summary>The provider's longest phone address (pagerdutyplugin/resource_pagerduty_user_contact_method.go).</summary>
    public const int MaxLength = 40;

    /// <summary>Country codes whose trunk prefix the provider refuses, and that prefix (same file, isTrunkPrefixNotSupported).</summary>
    private static readonly Dictionary<int, char> TrunkPrefixes = new() { [33] = '0', [40] = '0', [44] = '0', [45] = '0', [49] = '0', [61] = '0', [66] = '0', [91] = '0', [1] = '1' };

    /// <summary>One number's shape: a JSON string or not, only digits and , * #, its length, its first character if a digit.</summary>
    public sealed record Entry(bool IsText, bool AllowedCharacters, int Length, char? Leading);

    /// <summary>The shape of the mapping's JSON text (a value that is not a JSON mapping is shaped as such).</summary>
    public static PhoneNumberShapes Of(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new PhoneNumberShapes(false, new Dictionary<string, Entry>());
            }

            var numbers = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                numbers[property.Name] = property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { } number
                    ? new Entry(true, number.Length > 0 && number.All(c => char.IsAsciiDigit(c) || c is ',' or '*' or '#'), number.Length, number.Length > 0 && char.IsAsciiDigit(number[0]) ? number[0] : null)
                    : new Entry(false, false, 0, null);
            }

            return new PhoneNumberShapes(true, numbers);
        }
        catch (JsonException)
        {
            // Never the parser's message: it can quote the text.
            return new PhoneNumberShapes(false, new Dictionary<string, Entry>());
        }
    }

    /// <summary>
    /// What the provider would refuse at <c>pulumi up</c> (and print with the number, for a Mexican SMS number), as
    /// problems naming the key and the rule only. A user without an entry is left to Pulumi, which fails the preview on
    /// the missing key.
    /// </summary>
    public IEnumerable<string> Problems(OnCallConfig config, string key)
    {
        if (!IsMapping)
        {
            yield return $"the secret {key} is not a JSON mapping from email to phone number; set it as {{\"<email>\": \"<digits>\", ...}} (pulumi config set --secret {key} '<JSON>')";
            yield break;
        }

        for (var i = 0; i < config.Users.Count; i++)
        {
            var user = config.Users[i];
            if (user.PhoneCountryCode is not { } country || !Numbers.TryGetValue(user.Email, out var number))
            {
                continue;
            }

            var where = $"the secret {key}[\"{user.Email}\"] (users[{i}], phoneCountryCode {country})";
            if (!number.IsText)
            {
                yield return $"{where} is not a string; write the number in quotes (\"<digits>\"), or Pulumi passes it as a number";
            }
            else if (!number.AllowedCharacters || number.Length > MaxLength)
            {
                yield return $"{where} is not a phone number as PagerDuty takes it: only digits (and , * #), at most {MaxLength}, without the country code, spaces or '+'; fix the value (it is not shown here)";
            }
            else if (TrunkPrefixes.TryGetValue(country, out var prefix) && number.Leading == prefix)
            {
                yield return $"{where} starts with the trunk prefix {prefix}, which PagerDuty refuses for country code {country}; write the number without it (the international form after +{country})";
            }
            else if (country == 52 && number.Leading == '1')
            {
                yield return $"{where} starts with 1, which PagerDuty refuses for Mexican SMS numbers (and would print the number in its error); write the number without it";
            }
        }
    }
}
