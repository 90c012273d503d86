using Infra.Components.OnCall;
using Infra.Config;

namespace Infra.Components.Teams;

/// <summary>
/// The environments a team may name in <c>namespaces.&lt;environment&gt;</c>: those the program knows on the on-call
/// stack, namely the environments of its PagerDuty services (<c>observability:onCall</c> services) and the
/// <c>environment</c> labels of the cluster stacks of this checkout that serve its teams (their <c>teamsStack</c>, else
/// <c>pagerDutyOnCallStack</c>, names it). A key outside them (a typo, a stack name instead of its label) would leave
/// the team's namespaces unscraped and unrouted without a word, so it is refused with the team, the key and the list.
/// </summary>
public static class TeamEnvironments
{
    /// <summary>The known environments, sorted; null when the stack files are unknown (no project root: a library caller).</summary>
    public static IReadOnlyList<string>? Known(StackSettings settings, OnCallConfig config, string? root)
    {
        if (root is null)
        {
            return null;
        }

        var served = StackIdentity.All(root).Where(s => s.Role != "oncall" && s.TeamsStack == settings.Stack).Select(s => s.Environment);
        return [.. config.Services.Select(s => s.Environment).Concat(served).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>One problem per team and unknown environment key.</summary>
    public static IEnumerable<string> Problems(StackSettings settings, TeamList teams, IReadOnlyList<string>? known)
    {
        if (known is null)
        {
            yield break;
        }

        var index = 0;
        foreach (var team in teams.Items)
        {
            var path = $"{SettingsCatalog.Teams.Key}[{index++}] ('{team.Name}')";
            foreach (var environment in team.Namespaces.Keys.Where(e => !known.Contains(e, StringComparer.Ordinal)))
            {
                yield return $"stack '{settings.Stack}' ({settings.Source}): {path}.namespaces.{environment}: no stack serves environment '{environment}' (known environments: {(known.Count == 0 ? "none" : string.Join(", ", known))}: the {SettingsCatalog.EnvironmentLabel.Key} of each cluster stack whose {SettingsCatalog.TeamsStack.Key} or {SettingsCatalog.PagerDutyOnCallStack.Key} is '{settings.Stack}', and the environments of {SettingsCatalog.OnCall.Key} services); fix: use the environment's label (not its stack name), or point that environment's stack at this on-call stack (pulumi config set {SettingsCatalog.TeamsStack.Key} {settings.Stack} --stack <its stack>).";
            }
        }
    }
}
