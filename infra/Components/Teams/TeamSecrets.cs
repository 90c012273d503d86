using Infra.Components.OnCall;
using Infra.Config;
using Infra.Model;

namespace Infra.Components.Teams;

/// <summary>
/// The receivers' Secret entries of a stack's teams: each team's Slack webhook URL and, where it pages, its routing
/// key, both secret outputs of the on-call stack read through the one StackReference the stack holds (the same
/// as its own routing key's), never copied into this stack's config.
/// </summary>
public static class TeamSecrets
{
    /// <summary>The StackReference of the teams' on-call stack when it is not the one the stack pages through.</summary>
    public const string TeamsReferenceName = "teams-stack";

    public static IEnumerable<(string Key, Value? Value)> Entries(StackContext context, IReadOnlyList<TeamRoute> teams)
    {
        if (teams.Count == 0)
        {
            yield break;
        }

        var reference = Reference(context);
        foreach (var route in teams)
        {
            yield return (route.Team.SlackKey, FunctionValue.Secret(new ReferenceValue(reference, $"outputs[\"{TeamServices.SlackWebhookOutput(route.Team.Name)}\"]")));
            if (route.Pages)
            {
                yield return (route.Team.PagerDutyKey, FunctionValue.Secret(new ReferenceValue(reference, $"outputs[\"{TeamServices.RoutingKeyOutput(route.Team.Name)}\"][\"{context.Settings.Environment}\"]")));
            }
        }
    }

    /// <summary>The stack's StackReference to its on-call stack: the one its routing key declared, else a new one.</summary>
    private static Resource Reference(StackContext context)
    {
        var stack = TeamsSource.StackOf(context.Settings);
        var same = stack == context.Settings.Get(SettingsCatalog.PagerDutyOnCallStack);
        var resourceName = same ? OnCallStackReference.ResourceName : TeamsReferenceName;
        if (context.Graph.Resources.FirstOrDefault(r => r.Name == resourceName) is { } existing)
        {
            return existing;
        }

        Value name = stack.Contains('/', StringComparison.Ordinal)
            ? new StringValue(stack)
            : InterpolatedValue.Of(new PulumiVariableValue("organization"), new StringValue("/"), new PulumiVariableValue("project"), new StringValue($"/{stack}"));
        return context.Graph.Add(new Resource(resourceName, "pulumi:pulumi:StackReference", Platform.ComponentName, ObjectValue.Of(("name", name))));
    }
}
