using Infra.Components;

namespace Infra.Tests.FailureModes;

/// <summary>What a scenario did on one stack: the alerts measured by promtool, those Alertmanager muted, and where the rest went.</summary>
public sealed record ScenarioOutcome(
    FailureScenario Scenario,
    ScenarioContext Context,
    IReadOnlyList<FiredAlert> Fired,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Muted,
    IReadOnlyDictionary<string, string> Receivers,
    ReceiverKinds Kinds)
{
    /// <summary>The fired alerts that reach a receiver, in firing order.</summary>
    public IEnumerable<FiredAlert> Notified => Fired.Where(a => !Muted.ContainsKey(a.Identity) && Kinds.Notifies(Receivers[a.Identity]));

    /// <summary>When the first person is told (Slack or PagerDuty): first firing plus the route's group_wait.</summary>
    public TimeSpan? FirstNotification => Notified.Select(a => (TimeSpan?)(a.FirstFiring + Kinds.GroupWait)).Min();

    /// <summary>When PagerDuty is first called, if ever.</summary>
    public TimeSpan? FirstPage => Notified.Where(a => Kinds.Pages(Receivers[a.Identity])).Select(a => (TimeSpan?)(a.FirstFiring + Kinds.GroupWait)).Min();

    /// <summary>
    /// The PagerDuty incidents opened: one per notification group (the route's group_by labels) that reaches PagerDuty.
    /// </summary>
    public int Pages => Notified.Where(a => Kinds.Pages(Receivers[a.Identity]))
        .Select(a => string.Join("|", Kinds.GroupBy.Select(l => l == "alertname" ? a.Name : (a.Labels.TryGetValue(l, out var v) ? v : Context.ExternalLabel(l)))))
        .Distinct(StringComparer.Ordinal).Count();

    public bool PagingStack => Context.Settings.Get(Infra.Config.SettingsCatalog.PagerDutyEnabled);

    public static string Slack => RoutingTable.Slack;
}
