using System.Text;
using Infra.Config;

namespace Infra.Components;

/// <summary>
/// What the controlplane writes into configuration text about an environment (Logstash's pipeline, Prometheus'
/// relabelling): its labels and time zone, read from the environment's stack file in the controlplane's checkout
/// and validated like the environment's own compile. Not its stack outputs: those are whatever the environment
/// stack's state says, and whoever may deploy that stack (a development-only operator, its CI) could otherwise
/// publish Logstash configuration or a regex that switches the federation filter off (docs/design-notes.md,
/// "Environment values are data, not configuration").
/// </summary>
public sealed record EnvironmentLiterals(string Stack, string Environment, string Cluster, string LogTimeZone)
{
    /// <summary>The literals of an environment's identity; an invalid value is a problem naming the file and key, and is replaced by the default.</summary>
    public static EnvironmentLiterals Of(string controlplane, StackIdentity identity, List<string> problems)
    {
        string Checked(Setting<string> setting, string value, string fallback)
        {
            if (setting.TryParse(RawConfigValue.OfScalar(value), out var parsed, out var error) && parsed is string text)
            {
                return text;
            }

            problems.Add($"stack '{controlplane}': environment '{identity.Stack}' (stacks/Pulumi.{identity.Stack}.yaml): {setting.Key} '{value}' {error}; "
                + "the controlplane writes it into Logstash's pipeline and Prometheus' federation filter: fix it in that stack file.");
            return fallback;
        }

        return new EnvironmentLiterals(identity.Stack,
            Checked(SettingsCatalog.EnvironmentLabel, identity.Environment, identity.Stack),
            Checked(SettingsCatalog.ClusterLabel, identity.Cluster, identity.Stack),
            Checked(SettingsCatalog.LogTimeZone, identity.LogTimeZone, "UTC"));
    }

    /// <summary>A regex (Prometheus: RE2, fully anchored) that matches exactly the text: every metacharacter escaped.</summary>
    public static string RegexLiteral(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (@"\.+*?()|[]{}^$".Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
