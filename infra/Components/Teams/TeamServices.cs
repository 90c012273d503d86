using Infra.Components.OnCall;
using Infra.Config;
using Infra.Model;

namespace Infra.Components.Teams;

/// <summary>
/// The on-call stack's part of teams: per team, a PagerDuty service with an Events API v2 integration for each
/// paging environment (one of observability:onCall's services) where it has namespaces, paging the team's own
/// escalation policy; their keys as one secret output per team (<see cref="RoutingKeyOutput"/>, environment →
/// key), and the team's Slack webhook as a secret output (<see cref="SlackWebhookOutput"/>). Cluster stacks read
/// both through the StackReference they already hold for their own routing key.
/// </summary>
public static class TeamServices
{
    public static string RoutingKeyOutput(string team) => $"teamPagerDutyRoutingKey-{team}";

    public static string SlackWebhookOutput(string team) => $"teamSlackWebhookUrl-{team}";

    /// <summary>Logical name of a team's service on one environment.</summary>
    public static string ServiceName(string team, string environment) => $"team-{team}-service-{environment}";

    /// <param name="add">The on-call stack's resource factory (explicit provider, duplicate names reported).</param>
    /// <param name="policyIds">The escalation policies' ids by name.</param>
    public static void Add(StackSettings settings, OnCallConfig config, ResourceGraph graph, Func<string, string, ObjectValue, Resource[], Resource> add,
        IReadOnlyDictionary<string, Value> policyIds, List<string> problems)
    {
        var teams = settings.Get(SettingsCatalog.Teams).Items;
        if (teams.Count == 0)
        {
            return;
        }

        if (!settings.HasSecret(SettingsCatalog.TeamSlackWebhooks))
        {
            graph.AddWarning($"{SettingsCatalog.TeamSlackWebhooks.Key} is not set; 'pulumi up' will stop until you run: pulumi config set --secret {SettingsCatalog.TeamSlackWebhooks.Key} '{{\"{teams[0].Name}\": \"https://hooks.slack.com/services/...\"}}' --stack {settings.Stack}");
        }

        var index = 0;
        foreach (var team in teams)
        {
            var path = $"{SettingsCatalog.Teams.Key}[{index++}] ('{team.Name}')";
            // The URL stays in the secret mapping, read by Pulumi (the compiler never sees it).
            graph.SecretConfigReference(SettingsCatalog.TeamSlackWebhooks.Key, SettingsCatalog.TeamSlackWebhooks.Description, "object");
            graph.AddOutput(new StackOutput(SlackWebhookOutput(team.Name), FunctionValue.Secret(new ConfigReferenceValue($"{SettingsCatalog.TeamSlackWebhooks.Key}[\"{team.Name}\"]")), true,
                $"Slack webhook URL of team '{team.Name}' ({team.SlackChannel}), read by the cluster stacks of its environments"));

            var paging = config.Services.Where(s => team.NamespacesIn(s.Environment).Count > 0).ToList();
            if (team.EscalationPolicy is null)
            {
                if (paging.Count > 0)
                {
                    graph.AddWarning($"{path} has namespaces in paging environments ({string.Join(", ", paging.Select(s => s.Environment))}) but no escalationPolicy: its critical alerts there reach its Slack channel only; add escalationPolicy: <a policy of {SettingsCatalog.OnCall.Key}> to page the team");
                }

                continue;
            }

            if (!policyIds.TryGetValue(team.EscalationPolicy, out var policy))
            {
                problems.Add($"stack '{settings.Stack}' ({settings.Source}): {path}.escalationPolicy '{team.EscalationPolicy}' is not an escalation policy of {SettingsCatalog.OnCall.Key} (known: {string.Join(", ", config.EscalationPolicies.Select(p => p.Name))}); add the team's policy (and its schedules) to escalationPolicies, or fix the name");
                continue;
            }

            var keys = new List<KeyValuePair<string, Value>>();
            foreach (var service in paging)
            {
                var name = ServiceName(team.Name, service.Environment);
                var resource = add(name, "pagerduty:index/service:Service", ObjectValue.Of(
                    ("name", $"{team.Name} ({service.Environment})"),
                    ("description", $"Alerts of team '{team.Name}' in the '{service.Environment}' environment ({string.Join(", ", team.NamespacesIn(service.Environment))}), routed by namespace (managed by the observability on-call stack)"),
                    ("escalationPolicy", policy),
                    // The same timeouts as the environment's own service: Alertmanager repeats and resolves.
                    ("acknowledgementTimeout", Seconds(service.AcknowledgementTimeoutSeconds)),
                    ("autoResolveTimeout", Seconds(service.AutoResolveTimeoutSeconds)),
                    ("incidentUrgencyRule", ObjectValue.Of(("type", "constant"), ("urgency", "severity_based")))), []);
                var integration = add($"{name}-events-v2", "pagerduty:index/serviceIntegration:ServiceIntegration", ObjectValue.Of(
                    ("name", "Alertmanager (Events API v2)"),
                    ("type", "events_api_v2_inbound_integration"),
                    ("service", new ReferenceValue(resource, "id"))), []);
                integration.Options.AdditionalSecretOutputs.Add("integrationKey");
                keys.Add(new(service.Environment, new ReferenceValue(integration, "integrationKey")));
            }

            if (keys.Count > 0)
            {
                graph.AddOutput(new StackOutput(RoutingKeyOutput(team.Name), FunctionValue.Secret(new ObjectValue(keys)), true,
                    $"Events API v2 routing keys of team '{team.Name}' by paging environment (read by those environments' stacks)"));
            }
        }
    }

    private static string Seconds(long? seconds) => seconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null";
}
