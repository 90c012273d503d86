using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Who is told about what, for one stack's Alertmanager: the stack's overrides by namespace or team first,
/// then alerts about a namespace the platform does not own (teams' workloads) to Slack, then severity →
/// receiver for the stack's environment (from its profile and paging setting). Tests drive amtool with
/// exactly these cells.
/// </summary>
public sealed class RoutingTable
{
    public const string Slack = "slack";
    public const string PagerDutyAndSlack = "pagerduty-and-slack";
    public const string DeadMansSwitch = "deadmansswitch";
    public const string Nobody = "null";

    /// <summary>The receiver of alerts about a namespace the platform does not own, when no override names it.</summary>
    public const string TeamNamespaces = Slack;

    /// <summary>
    /// Namespaces the platform owns besides its own (<see cref="Namespaces"/>): cert-manager, a prerequisite it
    /// monitors and depends on, and kube-system, whose pods (CoreDNS, the CNI, kube-proxy) and scrape targets
    /// (kubelet, CoreDNS) the platform needs on every node.
    /// </summary>
    public static IReadOnlyList<string> PlatformPrerequisites { get; } = [CertManagerMonitor.Namespace, "kube-system"];

    private RoutingTable(string environment, IReadOnlyDictionary<Severity, string> bySeverity, IReadOnlyList<(AlertRoute Route, string Receiver)> overrides, IReadOnlyList<string> platformNamespaces,
        IReadOnlyList<global::Infra.Components.Teams.TeamRoute>? teams = null)
    {
        Teams = teams ?? [];
        Environment = environment;
        BySeverity = bySeverity;
        Overrides = overrides;
        PlatformNamespaces = platformNamespaces;
    }

    public string Environment { get; }

    /// <summary>The receiver of each severity when no override matches.</summary>
    public IReadOnlyDictionary<Severity, string> BySeverity { get; }

    /// <summary>Overrides in the order they are matched, with the receiver each resolves to.</summary>
    public IReadOnlyList<(AlertRoute Route, string Receiver)> Overrides { get; }

    /// <summary>
    /// The namespaces whose alerts follow <see cref="BySeverity"/> (with alerts that have no namespace: nodes, the
    /// cluster, the platform's own aggregates). An alert about any other namespace goes to
    /// <see cref="TeamNamespaces"/> unless an override names its namespace or team: a team's workload never pages
    /// the platform's PagerDuty unless the stack's alertRoutes say so.
    /// </summary>
    public IReadOnlyList<string> PlatformNamespaces { get; }

    /// <summary>
    /// The matcher of the platform's own alerts: no namespace (the platform's rules are excluded from the enforced
    /// namespace label, and their aggregates have none) or one of <see cref="PlatformNamespaces"/>. A team's alert
    /// always carries its namespace (enforced), so it never matches, whatever its name.
    /// </summary>
    public string PlatformScope => $"namespace =~ \"|{string.Join("|", PlatformNamespaces)}\"";

    /// <summary>
    /// The teams of this environment, matched after the overrides and before the catch-all of other namespaces: an
    /// alert about a team's namespace goes to the team's receivers only, whatever labels its rule set.
    /// </summary>
    public IReadOnlyList<global::Infra.Components.Teams.TeamRoute> Teams { get; }

    /// <summary>Every receiver the configuration needs.</summary>
    public IEnumerable<string> Receivers =>
        BySeverity.Values.Concat(Overrides.Select(o => o.Receiver)).Concat(Teams.SelectMany(t => t.Receivers)).Append(Slack).Append(DeadMansSwitch).Distinct().Order(StringComparer.Ordinal);

    /// <summary>The table with the teams of the stack's environment (<see cref="Infra.Components.Teams.TeamRoute.For"/>).</summary>
    public static RoutingTable For(StackSettings settings, List<string> problems, global::Infra.Components.Teams.TeamList teams)
    {
        var table = For(settings, problems);
        var routes = global::Infra.Components.Teams.TeamRoute.For(settings, teams);
        problems.AddRange(OverridesOfTeams(settings, settings.Get(SettingsCatalog.AlertRoutes).Routes, routes));
        return new RoutingTable(table.Environment, table.BySeverity, table.Overrides, table.PlatformNamespaces, routes);
    }

    /// <summary>
    /// alertRoutes entries that name a declared team's namespace, or the team label Prometheus sets on its alerts: the
    /// overrides are matched before the teams' routes, so such an entry would silently take the team's alerts from its
    /// own channel and PagerDuty service. Refused, with the entry and the fix.
    /// </summary>
    public static IEnumerable<string> OverridesOfTeams(StackSettings settings, IEnumerable<AlertRoute> overrides, IReadOnlyList<global::Infra.Components.Teams.TeamRoute> teams)
    {
        var index = 0;
        foreach (var route in overrides)
        {
            var at = $"{SettingsCatalog.AlertRoutes.Key}[{index++}] ({{{route.MatchLabel}: {route.MatchValue}, receiver: {route.Receiver}}})";
            var owner = route.MatchLabel switch
            {
                "namespace" => teams.FirstOrDefault(t => t.Namespaces.Contains(route.MatchValue, StringComparer.Ordinal)),
                "team" => teams.FirstOrDefault(t => t.Team.Name == route.MatchValue),
                _ => null,
            };
            if (owner is not null)
            {
                var what = route.MatchLabel == "namespace" ? $"namespace '{route.MatchValue}' of team '{owner.Team.Name}'" : $"team '{owner.Team.Name}' (the team label Prometheus sets on its alerts)";
                yield return $"stack '{settings.Stack}': {at} matches {what} in environment '{settings.Environment}'; alertRoutes are matched before the teams' routes, so it would take the team's alerts away from its receivers ({string.Join(", ", owner.Receivers)}); fix: remove the entry from {SettingsCatalog.AlertRoutes.Key} of stack '{settings.Stack}' (a team's alerts go to its own channel and service), or take the namespace out of the team in {SettingsCatalog.Teams.Key} of the on-call stack first.";
            }
        }
    }

    /// <param name="settings">The stack's settings.</param>
    /// <param name="problems">Where invalid overrides are reported (e.g. paging on a stack without PagerDuty).</param>
    public static RoutingTable For(StackSettings settings, List<string> problems)
    {
        var paging = settings.Get(SettingsCatalog.PagerDutyEnabled);
        var bySeverity = new SortedDictionary<Severity, string>
        {
            // Critical pages (and posts to Slack) on a stack with pagerDutyEnabled; everything else, and every stack without it, goes to Slack.
            [Severity.Critical] = paging ? PagerDutyAndSlack : Slack,
            [Severity.Warning] = Slack,
            [Severity.Info] = Slack,
        };

        var overrides = new List<(AlertRoute, string)>();
        foreach (var route in settings.Get(SettingsCatalog.AlertRoutes).Routes)
        {
            if (route.Receiver == "pagerduty" && !paging)
            {
                problems.Add($"stack '{settings.Stack}': {SettingsCatalog.AlertRoutes.Key} sends {route.MatchLabel} '{route.MatchValue}' to pagerduty, but {SettingsCatalog.PagerDutyEnabled.Key} is false; set it to true (and the routing key secret) or use slack.");
                continue;
            }

            overrides.Add((route, route.Receiver switch
            {
                "pagerduty" => PagerDutyAndSlack,
                "none" => Nobody,
                _ => Slack,
            }));
        }

        var platform = Namespaces.All.Where(n => n.Roles.Contains(settings.Role)).Select(n => n.Name)
            .Concat(PlatformPrerequisites).Distinct().Order(StringComparer.Ordinal).ToList();
        return new RoutingTable(settings.Environment, bySeverity, overrides, platform);
    }
}
