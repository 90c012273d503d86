using Infra.Model;

namespace Infra.Components;

/// <summary>Fleet health on the controlplane: is every environment still federated, and is it healthy to scrape (owned by <see cref="KubePrometheus"/>).</summary>
public static class FederationRules
{
    /// <summary>The alerts about one environment's federation, each labelled with its job (federate-&lt;stack&gt;).</summary>
    public const string EnvironmentDownAlert = "FederationEnvironmentDown";

    /// <inheritdoc cref="EnvironmentDownAlert"/>
    public const string EnvironmentMissingAlert = "FederationEnvironmentMissing";

    /// <param name="scrapeTimeoutSeconds">The federation jobs' scrape timeout.</param>
    /// <param name="environments">The environment stacks the controlplane federates (one job each).</param>
    /// <param name="paging">Those whose own stack pages (pagerDutyEnabled): losing their metrics is critical here too.</param>
    public static RuleGroup Group(int scrapeTimeoutSeconds, IReadOnlyList<string> environments, IReadOnlySet<string> paging) => new("federation", [
        .. BySeverity(environments, paging, (jobs, severity) => new AlertRule(EnvironmentDownAlert,
            $"up{{job=~\"{Pattern(jobs)}\",{RuleContext.NoNamespace}}} == 0",
            "5m", severity,
            "The controlplane cannot federate {{ $labels.job }}.",
            "Scraping {{ $labels.instance }} ({{ $labels.job }}) has failed for 5 minutes: the environment's metrics and alerts are missing from the controlplane (its own Alertmanager still alerts).",
            "curl -u federate:<password> https://<federationHost>/federate?match[]=up from the controlplane; check the environment's gateway pods, certificate and load balancer.")),

        // FederationEnvironmentDown needs the job's up series: a job that is not scraped at all (its scrape
        // configuration not loaded) has none, and a gateway that answers with nothing gives up 1. Every expected
        // environment must have a scrape that succeeded with samples.
        .. BySeverity(environments, paging, (jobs, severity) => new AlertRule(EnvironmentMissingAlert,
            $"{RuleContext.Expected("job", jobs)} unless on (job) (scrape_samples_scraped{{job=~\"{Federation.JobPrefix}.+\",{RuleContext.NoNamespace},{RuleContext.LocalSeries}}} > 0 or up{{job=~\"{Federation.JobPrefix}.+\",{RuleContext.NoNamespace},{RuleContext.LocalSeries}}} == 0)",
            "5m", severity,
            "The controlplane receives no metrics from {{ $labels.job }}.",
            "{{ $labels.job }} has not been scraped, or its scrapes returned no series, for 5 minutes: the environment's metrics and alerts are missing from the controlplane (its own Alertmanager still alerts).",
            "In the controlplane Prometheus, Status > Targets: is the job there (the additional scrape configuration Secret, the prometheus-operator log)? If it is up with 0 samples, query the environment's Prometheus through its gateway (federate?match[]=up) and check its recording rules.")),
        new("FederationScrapeNearTimeout",
            $"scrape_duration_seconds{{job=~\"{Federation.JobPrefix}.+\",{RuleContext.NoNamespace}}} > {RuleContext.Number(scrapeTimeoutSeconds * 0.8m)}",
            "15m", Severity.Warning,
            "Federating {{ $labels.job }} takes {{ $value | humanizeDuration }}.",
            $"The federation scrape uses more than 80% of its {scrapeTimeoutSeconds}s timeout; it will start failing as the environment grows.",
            "Check the series count of the environment (FederationSeriesJump) and its gateway's latency; narrow the federated aggregates or raise the timeout."),
        new("FederationSeriesJump",
            $"scrape_samples_scraped{{job=~\"{Federation.JobPrefix}.+\",{RuleContext.NoNamespace}}} > 1.5 * (scrape_samples_scraped{{job=~\"{Federation.JobPrefix}.+\",{RuleContext.NoNamespace}}} offset 1h)",
            "30m", Severity.Warning,
            "{{ $labels.job }} federates 50% more series than an hour ago.",
            "The number of federated series jumped: a new label value (a cardinality explosion) in an aggregate, or many new nodes or namespaces.",
            "Compare count by (__name__) of the federated series now and an hour ago in the controlplane Prometheus."),
        // Evaluated here, not in the environment: a broad silence there would mute the alert about it. min_over_time
        // rides over federation gaps; the sample a day ago shows the series has existed that long.
        new("AlertmanagerSilencesActive",
            $"min_over_time({AlertmanagerRules.SilencesActiveRecord}{{namespace=\"{Namespaces.Monitoring}\"}}[24h]) > 0 and {AlertmanagerRules.SilencesActiveRecord}{{namespace=\"{Namespaces.Monitoring}\"}} offset 23h",
            "15m", Severity.Warning,
            "{{ $labels.environment }}'s Alertmanager has had silences active for a day.",
            "At least {{ $value }} silence(s) active in {{ $labels.environment }} ({{ $labels.cluster }}) at every moment of the last 24 hours (one or several in turn): the alerts they match notify no one, and the Watchdog still flows, so the dead-man's switch cannot tell.",
            "List them: Grafana's Alerting > Silences with that environment's Alertmanager datasource (or amtool silence query through its gateway); check each matcher and end time, expire the silences nobody can justify, and fix what they hide."),
    ]);

    /// <summary>
    /// One rule for the environments that page (critical: a gap in a paging environment's metrics pages, within the
    /// budget of docs/failure-modes.md) and one for the others (warning); none for an empty side.
    /// </summary>
    private static IEnumerable<AlertRule> BySeverity(IReadOnlyList<string> environments, IReadOnlySet<string> paging, Func<IReadOnlyList<string>, Severity, AlertRule> rule)
    {
        var jobs = environments.Select(e => (Job: Federation.JobPrefix + e, Pages: paging.Contains(e))).ToList();
        foreach (var (pages, severity) in new[] { (true, Severity.Critical), (false, Severity.Warning) })
        {
            var side = jobs.Where(j => j.Pages == pages).Select(j => j.Job).ToList();
            if (side.Count > 0)
            {
                yield return rule(side, severity);
            }
        }
    }

    /// <summary>An alternation of the job names (Prometheus anchors the regex; stack names are lower-case letters, digits and '-').</summary>
    private static string Pattern(IReadOnlyList<string> jobs) => string.Join("|", jobs);
}
