using Infra.Model;

namespace Infra.Components;

/// <summary>Fleet health on the controlplane: is every environment still federated, and is it healthy to scrape (owned by <see cref="KubePrometheus"/>).</summary>
public static class FederationRules
{
    public static RuleGroup Group(int scrapeTimeoutSeconds) => new("federation", [
        new("FederationEnvironmentDown",
            $"up{{job=~\"{Federation.JobPrefix}.+\"}} == 0",
            "5m", Severity.Warning,
            "The controlplane cannot federate {{ $labels.job }}.",
            "Scraping {{ $labels.instance }} ({{ $labels.job }}) has failed for 5 minutes: the environment's metrics and alerts are missing from the controlplane (its own Alertmanager still alerts).",
            "curl -u federate:<password> https://<federationHost>/federate?match[]=up from the controlplane; check the environment's gateway pods, certificate and load balancer."),
        new("FederationScrapeNearTimeout",
            $"scrape_duration_seconds{{job=~\"{Federation.JobPrefix}.+\"}} > {RuleContext.Number(scrapeTimeoutSeconds * 0.8m)}",
            "15m", Severity.Warning,
            "Federating {{ $labels.job }} takes {{ $value | humanizeDuration }}.",
            $"The federation scrape uses more than 80% of its {scrapeTimeoutSeconds}s timeout; it will start failing as the environment grows.",
            "Check the series count of the environment (FederationSeriesJump) and its gateway's latency; narrow the federated aggregates or raise the timeout."),
        new("FederationSeriesJump",
            $"scrape_samples_scraped{{job=~\"{Federation.JobPrefix}.+\"}} > 1.5 * (scrape_samples_scraped{{job=~\"{Federation.JobPrefix}.+\"}} offset 1h)",
            "30m", Severity.Warning,
            "{{ $labels.job }} federates 50% more series than an hour ago.",
            "The number of federated series jumped: a new label value (a cardinality explosion) in an aggregate, or many new nodes or namespaces.",
            "Compare count by (__name__) of the federated series now and an hour ago in the controlplane Prometheus."),
        // Evaluated here, not in the environment: a broad silence there would mute the alert about it. min_over_time
        // rides over federation gaps; the sample a day ago shows the series has existed that long.
        new("AlertmanagerSilencesActive",
            $"min_over_time({AlertmanagerRules.SilencesActiveRecord}[24h]) > 0 and {AlertmanagerRules.SilencesActiveRecord} offset 23h",
            "15m", Severity.Warning,
            "{{ $labels.environment }}'s Alertmanager has had silences active for a day.",
            "At least {{ $value }} silence(s) active in {{ $labels.environment }} ({{ $labels.cluster }}) at every moment of the last 24 hours (one or several in turn): the alerts they match notify no one, and the Watchdog still flows, so the dead-man's switch cannot tell.",
            "List them: Grafana's Alerting > Silences with that environment's Alertmanager datasource (or amtool silence query through its gateway); check each matcher and end time, expire the silences nobody can justify, and fix what they hide."),
    ]);
}
