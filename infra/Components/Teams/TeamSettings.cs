using Infra.Components.Teams;

namespace Infra.Config;

/// <summary>
/// The settings of teams: declared once, on the on-call stack (<c>observability:teams</c>, beside the escalation
/// policies their PagerDuty services page, with their Slack webhooks as one secret); every cluster stack reads
/// that stack's file at compile time and its outputs at deploy time (docs/onboarding.md, "Why on the on-call stack").
/// </summary>
public static partial class SettingsCatalog
{
    public static readonly Setting<TeamList> Teams = new("teams",
        "The teams that bring their applications (docs/onboarding.md): each with a name (its team label), slackChannel, namespaces per environment ({production: [orders]}), optionally the escalationPolicy of observability:onCall that its PagerDuty service pages on paging environments, and logRetentionDays. Declared once, on the on-call stack; cluster stacks read it through teamsStack.",
        SettingScope.OnCallOnly, "list of {name, slackChannel, namespaces, escalationPolicy, logRetentionDays}",
        "[{\"name\": \"orders\", \"slackChannel\": \"#orders-alerts\", \"namespaces\": {\"production\": [\"orders\"]}, \"escalationPolicy\": \"orders\"}]",
        _ => TeamList.Empty, "[] (no teams)", structured: TeamsParser.Parse);

    public static readonly SecretSetting TeamSlackWebhooks = new("teamSlackWebhooks",
        "Slack incoming-webhook URL of each team's channel: a JSON mapping from each team of observability:teams to its URL, read by Pulumi (exported as the secret output teamSlackWebhookUrl-<team> that cluster stacks read), never by the compiler.",
        "{\"orders\": \"https://hooks.slack.com/services/...\"}",
        s => s.Role == StackRole.OnCall && s.Get(Teams).Items.Count > 0, "on the on-call stack when it declares teams", SettingScope.OnCallOnly);

    public static readonly Setting<string> TeamsStack = Text("teamsStack",
        "The on-call stack (of this project) whose observability:teams this stack serves: their namespaces are scraped, routed to the team's Slack channel and PagerDuty service, their dashboards and logs shown. Empty: pagerDutyOnCallStack's; both empty: no teams.",
        _ => string.Empty, "\"\" (pagerDutyOnCallStack)", "oncall",
        v => v.Length == 0 || StackNamePattern().IsMatch(v) ? null : "must be a stack name of this project (lower-case letters, digits and '-')");

    public static readonly Setting<int> TeamServiceMonitorQuota = Count("teamServiceMonitorQuota",
        "Most ServiceMonitors each declared team namespace of this cluster may hold (a ResourceQuota the platform manages there, count/servicemonitors.monitoring.coreos.com): with the enforced per-scrape limits, it bounds what one team adds to Prometheus.",
        20, 20, 1_000);

    public static readonly Setting<int> TeamPodMonitorQuota = Count("teamPodMonitorQuota",
        "Most PodMonitors each declared team namespace of this cluster may hold (ResourceQuota count/podmonitors.monitoring.coreos.com).",
        20, 20, 1_000);

    public static readonly Setting<int> TeamPrometheusRuleQuota = Count("teamPrometheusRuleQuota",
        "Most PrometheusRules each declared team namespace of this cluster may hold (ResourceQuota count/prometheusrules.monitoring.coreos.com); Probes and ScrapeConfigs are never allowed there (0).",
        20, 20, 1_000);

    public static readonly Setting<int> PrometheusEnforcedSampleLimit = Count("prometheusEnforcedSampleLimit",
        "Most samples one scrape of any ServiceMonitor or PodMonitor may return (the operator's enforcedSampleLimit; a monitor may set a lower sampleLimit, never a higher one): a team's exporter cannot flood Prometheus. The platform's largest scrape (kube-state-metrics, about 40 series a pod) stays below it up to some 2,500 pods; raise it for larger clusters. On the controlplane the compile checks the Elasticsearch exporter's scrape (about 200 series per Elasticsearch node and one per index) against 80% of it and names the value to set (docs/sizing.md).",
        100_000, 100_000, 10_000_000);

    public static readonly Setting<int> PrometheusEnforcedTargetLimit = Count("prometheusEnforcedTargetLimit",
        "Most targets one ServiceMonitor or PodMonitor may discover (the operator's enforcedTargetLimit): above it the monitor's scrapes fail. The platform's largest (the kubelet's, one a node) stays below it up to that many nodes.",
        1_000, 1_000, 100_000);

    public static readonly Setting<int> TeamRuleLimit = Count("teamRuleLimit",
        "Highest limit a group of a team's PrometheusRule may set, and every group must set one (an admission policy): the series one recording rule, the alerts one alerting rule of the group may produce; above its limit a rule fails whole. The operator enforces no limit on rules, so without it one rule could add unbounded series.",
        1_000, 1_000, 1_000_000);

    public static readonly Setting<int> TeamSeriesBudget = Count("teamSeriesBudget",
        "Series each declared team namespace of this cluster is expected to stay within: the samples its targets return per scrape, summed over the namespace. TeamSeriesBudgetNearlyUsed warns the team at 80%; nothing is refused at the budget (Prometheus has no per-namespace limit: the hard bounds are the enforced per-scrape limits and the monitor quotas).",
        100_000, 20_000, 10_000_000);

    public static readonly Setting<int> FederationSampleLimit = Count("federationSampleLimit",
        "Most samples the controlplane takes from one environment per federation scrape (sample_limit of each federate-<environment> job): above it that scrape fails whole (FederationEnvironmentDown), so one environment cannot flood the controlplane. Ten times the federation estimate of 2,000 series an environment (100 nodes, 200 namespaces: docs/sizing.md), for room to grow; raise it with FederationSeriesJump's trend.",
        FederationSampleLimitDefault, FederationSampleLimitDefault, 1_000_000, SettingScope.ControlplaneOnly);

    /// <summary>Ten times what an environment is estimated to send (Federation.SeriesPerEnvironment): a cap on a flood, not on growth.</summary>
    private const int FederationSampleLimitDefault = 10 * Components.Federation.SeriesPerEnvironment;

    /// <summary>The settings of the Teams product (TeamsProduct), in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> OfTeams => [Teams, TeamSlackWebhooks, TeamsStack, PrometheusEnforcedSampleLimit, PrometheusEnforcedTargetLimit, TeamServiceMonitorQuota, TeamPodMonitorQuota, TeamPrometheusRuleQuota, TeamRuleLimit, TeamSeriesBudget, FederationSampleLimit];
}
