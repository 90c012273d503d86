using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Who is told about what, for one stack's Alertmanager: severity → receiver for the stack's
/// environment (from its profile and paging setting), then the stack's overrides by namespace or team.
/// Tests drive amtool with exactly these cells.
/// </summary>
public sealed class RoutingTable
{
    public const string Slack = "slack";
    public const string PagerDutyAndSlack = "pagerduty-and-slack";
    public const string DeadMansSwitch = "deadmansswitch";
    public const string Nobody = "null";

    private RoutingTable(string environment, IReadOnlyDictionary<Severity, string> bySeverity, IReadOnlyList<(AlertRoute Route, string Receiver)> overrides)
    {
        Environment = environment;
        BySeverity = bySeverity;
        Overrides = overrides;
    }

    public string Environment { get; }

    /// <summary>The receiver of each severity when no override matches.</summary>
    public IReadOnlyDictionary<Severity, string> BySeverity { get; }

    /// <summary>Overrides in the order they are matched, with the receiver each resolves to.</summary>
    public IReadOnlyList<(AlertRoute Route, string Receiver)> Overrides { get; }

    /// <summary>Every receiver the configuration needs.</summary>
    public IEnumerable<string> Receivers =>
        BySeverity.Values.Concat(Overrides.Select(o => o.Receiver)).Append(Slack).Append(DeadMansSwitch).Distinct().Order(StringComparer.Ordinal);

    /// <param name="settings">The stack's settings.</param>
    /// <param name="problems">Where invalid overrides are reported (e.g. paging on a stack without PagerDuty).</param>
    public static RoutingTable For(StackSettings settings, List<string> problems)
    {
        var paging = settings.Get(SettingsCatalog.PagerDutyEnabled);
        var bySeverity = new SortedDictionary<Severity, string>
        {
            // Production critical pages (and posts to Slack); everything else, and all of development, goes to Slack.
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

        return new RoutingTable(settings.Environment, bySeverity, overrides);
    }
}
