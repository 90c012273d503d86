using System.Text;
using Infra.Config;
using Infra.Model;

namespace Infra.Emitters;

/// <summary>
/// The offline preview: what <c>pulumi up</c> would create, grouped by component, then the stack
/// outputs, the secrets the stack needs, and warnings. Secret values are never shown.
/// </summary>
public static class PreviewEmitter
{
    public static string Emit(ResourceGraph graph, StackSettings settings)
    {
        var text = new StringBuilder();
        if (settings.Role == StackRole.OnCall)
        {
            text.Append($"Stack '{graph.Stack}': on-call role (offline preview, from {settings.Source})\n");
            text.Append($"Deploys to PagerDuty (explicit pagerduty provider, token from the secret {SettingsCatalog.PagerDutyToken.Key}); no cluster\n");
        }
        else
        {
            text.Append($"Stack '{graph.Stack}': {settings.Role.ToString().ToLowerInvariant()} role, {settings.Profile.Name} profile (offline preview, from {settings.Source})\n");
            text.Append($"Deploys to kubeconfig context '{settings.Get(SettingsCatalog.KubeContext)}' (explicit provider, server-side apply)\n");
        }

        foreach (var group in graph.Resources.GroupBy(r => r.Component))
        {
            text.Append($"\n{group.Key}\n");
            var width = group.Max(r => r.Type.Length);
            foreach (var resource in group)
            {
                var notes = new List<string>();
                if (resource.Type == "kubernetes:helm.sh/v4:Chart")
                {
                    notes.Add($"chart {((StringValue)resource.Properties["chart"]!).Text} {((StringValue)resource.Properties["version"]!).Text}");
                }

                if (resource.Type == "kubernetes:yaml/v2:ConfigGroup" && resource.Properties["objs"] is ListValue objs)
                {
                    notes.Add(string.Join(", ", objs.Items.OfType<ObjectValue>().Select(o =>
                        $"{((StringValue)o["kind"]!).Text}/{((StringValue)((ObjectValue)o["metadata"]!)["name"]!).Text}")));
                }

                if (resource.Options.Protect)
                {
                    notes.Add("protected");
                }

                text.Append($"  + {resource.Type.PadRight(width)}  {resource.Name}{(notes.Count == 0 ? string.Empty : $"  ({string.Join("; ", notes)})")}\n");
            }
        }

        text.Append($"\n{graph.Resources.Count} resources to create.\n");
        if (graph.Outputs.Count > 0)
        {
            text.Append("\nOutputs\n");
            foreach (var output in graph.Outputs)
            {
                text.Append($"  {output.Name}: {(output.Secret ? "[secret]" : Describe(output.Value))}\n");
            }
        }

        var secrets = SettingsCatalog.RequiredSecrets(settings).ToList();
        if (secrets.Count > 0)
        {
            text.Append("\nSecrets this stack needs (pulumi config set --secret KEY VALUE)\n");
            foreach (var secret in secrets)
            {
                text.Append($"  {secret.Key}: {(settings.HasSecret(secret) ? "set" : "NOT SET")}\n");
            }
        }

        if (graph.Warnings.Count > 0)
        {
            text.Append("\nWarnings\n");
            foreach (var warning in graph.Warnings)
            {
                text.Append($"  - {warning}\n");
            }
        }

        if (settings.Role == StackRole.OnCall)
        {
            // The next two weeks from calendarStart, so that the preview shows what a rotation change does.
            var config = settings.Get(SettingsCatalog.OnCall);
            text.Append($"\nRotation calendar, first {Components.OnCall.OnCallStack.PreviewDays} days (render writes {config.CalendarWeeks} weeks to {Components.OnCall.OnCallStack.CalendarMarkdownPath} and {Components.OnCall.OnCallStack.CalendarIcsPath})\n\n");
            text.Append(Components.OnCall.CalendarMarkdown.Write(config, Components.OnCall.OnCallStack.PreviewDays));
        }

        return text.ToString();
    }

    private static string Describe(Value value) => value switch
    {
        StringValue { Text.Length: 0 } => "\"\" (empty)",
        StringValue s => s.Text,
        NumberValue n => n.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BoolValue b => b.Flag ? "true" : "false",
        ReferenceValue r => $"${{{r.Expression}}} (known after deploy)",
        _ => "(computed)",
    };
}
