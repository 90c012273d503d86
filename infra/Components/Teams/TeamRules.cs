using Infra.Config;
using Infra.Model;

namespace Infra.Components.Teams;

/// <summary>
/// A team's share of its cluster's Prometheus (owned by <see cref="KubePrometheus"/>): the series its targets return,
/// summed per namespace, against <c>teamSeriesBudget</c>. Prometheus has no per-namespace limit, so the budget warns
/// (the team, by its namespace) before the namespace becomes the cluster's problem; the hard bounds stay the enforced
/// per-scrape limits and the monitor quotas. Every namespace that is not the platform's is a team's: only the
/// declared teams' namespaces can add targets (<see cref="TeamMetrics"/>), so the group needs no team list and a stack
/// without teams evaluates it over nothing.
/// </summary>
public static class TeamRules
{
    public const string BudgetAlert = "TeamSeriesBudgetNearlyUsed";

    /// <summary>The share of the budget at which the team is warned.</summary>
    public const decimal WarnAt = 0.8m;

    /// <summary>Every namespace but the platform's, its prerequisites' and Kubernetes' own (which no team may claim).</summary>
    public static string TeamNamespacesSelector => $"namespace!~\"{string.Join("|", TeamsParser.Reserved)}\"";

    public static RuleGroup Group(RuleContext c)
    {
        var budget = c.Settings.Get(SettingsCatalog.TeamSeriesBudget);
        return new("team-budgets", [
            new(BudgetAlert,
                // scrape_samples_post_metric_relabeling: what each target's scrape keeps, Prometheus' own per-target series
                // (prometheus 3.14.0, scrape/scrape.go), labelled with the target's (enforced) namespace.
                $"sum by (namespace) (scrape_samples_post_metric_relabeling{{{TeamNamespacesSelector},{RuleContext.LocalSeries}}}) > {RuleContext.Number(budget * WarnAt)}",
                "30m", Severity.Warning,
                "Namespace {{ $labels.namespace }} returns {{ $value | printf \"%.0f\" }} series per scrape, near its budget.",
                $"The targets of {{{{ $labels.namespace }}}} have returned more than {RuleContext.Number(WarnAt * 100)}% of the namespace's budget of {budget} series ({SettingsCatalog.TeamSeriesBudget.Key}) for 30 minutes. Nothing is refused at the budget, but each series costs Prometheus memory, and a scrape over its sample limit fails whole.",
                "Find the biggest targets: topk(10, scrape_samples_post_metric_relabeling{namespace=\"<namespace>\"}) in Grafana's Explore on the environment's datasource; drop unused series or labels with metricRelabelings (action drop, or labeldrop of a high-cardinality label), or lower the exporter's detail. If the growth is expected, ask the platform team to raise teamSeriesBudget (docs/onboarding.md)."),
        ]);
    }
}
