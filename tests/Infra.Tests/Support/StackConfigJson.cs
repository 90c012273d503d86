using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests.Support;

/// <summary>
/// Builds the PULUMI_CONFIG the Pulumi CLI would pass for a stack file: every value a string,
/// structured values as JSON text.
/// </summary>
public static class StackConfigJson
{
    /// <summary>The config of a stack id (see <see cref="Stacks"/>), as Pulumi would pass it.</summary>
    public static Dictionary<string, string> Values(string stack)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Infra.Config.StackFileReader.PathFor(Stacks.RootOf(stack), Stacks.NameOf(stack)))));
        var config = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("config")];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in config.Children)
        {
            values[((YamlScalarNode)key).Value!] = value switch
            {
                YamlScalarNode s => s.Value ?? string.Empty,
                // Pulumi passes structured values as JSON text.
                _ => Infra.Yaml.JsonText.Of(Infra.Yaml.YamlValueReader.Convert(value)),
            };
        }

        // Pulumi passes decrypted secrets along; these placeholders stand in for them (tests that look
        // for leaks set their own canaries).
        // Only the secrets of the stack's role: a key of another role is refused.
        if (Stacks.RoleOf(stack) == Infra.Config.StackRole.OnCall)
        {
            values[Infra.Config.SettingsCatalog.PagerDutyToken.Key] = "placeholder-pagerduty-token";
            values[Infra.Config.SettingsCatalog.PagerDutyPhoneNumbers.Key] = "{\"placeholder@example.com\": \"15550000000\"}";
            values[Infra.Config.SettingsCatalog.TeamSlackWebhooks.Key] = "{\"placeholder\": \"https://hooks.slack.invalid/placeholder\"}";
            return values;
        }

        values[Infra.Config.SettingsCatalog.SlackWebhookUrl.Key] = "https://hooks.slack.invalid/placeholder";
        values[Infra.Config.SettingsCatalog.DeadMansSwitchUrl.Key] = "https://heartbeat.invalid/placeholder";
        values[Infra.Config.SettingsCatalog.PagerDutyRoutingKey.Key] = "placeholder-routing-key";
        values[Infra.Config.SettingsCatalog.GrafanaOidcClientSecret.Key] = "placeholder-oidc-client-secret";
        return values;
    }

    public static string For(string stack, IReadOnlyDictionary<string, string>? extra = null)
    {
        var values = Values(stack);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        return JsonSerializer.Serialize(values);
    }
}
