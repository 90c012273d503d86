using Infra.Config;

namespace Infra.Components.Teams;

/// <summary>
/// A team's cell of a stack's routing table: alerts whose <c>namespace</c> label is one of the team's namespaces
/// of this environment go to its Slack receiver, and critical ones also to its PagerDuty receiver when the stack
/// pages and the team has an escalation policy. Routing reads the namespace only: Prometheus enforces it on every
/// series and alert of a team's monitors and rules (KubePrometheus, enforcedNamespaceLabel), so a rule cannot
/// claim another team's alerts by setting a <c>team</c> or <c>namespace</c> label.
/// </summary>
public sealed record TeamRoute(Team Team, IReadOnlyList<string> Namespaces, bool Pages)
{
    /// <summary>The Alertmanager matcher of the team's namespaces (names are DNS labels: no regex metacharacters).</summary>
    public string NamespaceMatcher => $"namespace =~ \"{string.Join("|", Namespaces)}\"";

    public IEnumerable<string> Receivers => Pages ? [Team.SlackReceiver, Team.PagerDutyReceiver] : [Team.SlackReceiver];

    /// <summary>The routes of a stack's teams (those with namespaces in its environment), in the order declared.</summary>
    public static IReadOnlyList<TeamRoute> For(StackSettings settings, TeamList teams)
    {
        var paging = settings.Get(SettingsCatalog.PagerDutyEnabled);
        return [.. teams.In(settings.Environment).Select(t => new TeamRoute(t, t.NamespacesIn(settings.Environment), paging && t.EscalationPolicy is not null))];
    }
}
