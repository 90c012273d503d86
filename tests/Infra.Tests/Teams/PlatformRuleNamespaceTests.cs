using System.Text.RegularExpressions;
using Infra.Components.Teams;
using Infra.Tests.Support;

namespace Infra.Tests.Teams;

/// <summary>
/// A team's own exporter, Fluent Bit or recording rule can publish series under any name and job, but always in its
/// own namespace (enforcedNamespaceLabel; honorLabels and namespace-rewriting relabelings refused by admission). So
/// every selector of every platform rule, alerting or recording, of every stack names the namespace it reads: the
/// component's (=), several platform namespaces (=~), none (="" for the platform's aggregates and Prometheus' own
/// series of its federation jobs), or, for a rule about the teams themselves, every namespace but the platform's
/// (!~) kept per namespace. A short allow-list covers the series whose namespace is the object's (kube-state-metrics,
/// the kubelet, cert-manager's Certificates): read without a namespace matcher, but only by rules that keep
/// <c>namespace</c>, so a team's imitation can only alert its own namespace.
/// </summary>
public sealed partial class PlatformRuleNamespaceTests
{
    /// <summary>Series whose <c>namespace</c> is the namespace of the object they describe, by rule group and name prefix.</summary>
    public static IReadOnlyList<(string Group, string Prefix, string Reason)> ObjectNamespaced { get; } =
    [
        ("kubernetes-workloads", "kube_", "kube-state-metrics (honorLabels in the chart's ServiceMonitor) labels a namespaced object's series with the object's namespace: these rules are about every namespace's pods, volumes and jobs, teams' included, and route by it"),
        ("kubernetes-workloads", "container_", "cAdvisor through the kubelet (honorLabels): the container's namespace; the workload rules are per namespace"),
        ("kubernetes-workloads", "kubelet_volume_stats_", "the kubelet (honorLabels): the PersistentVolumeClaim's namespace; the volume rules are per claim"),
        ("cert-manager", "certmanager_certificate_", "cert-manager's PodMonitor honours the exporter's labels: the Certificate's namespace; the certificate rules are per namespace and name, so a team's certificates alert the team"),
    ];

    [PromqlFact]
    public void EverySelectorOfEveryPlatformRuleNamesThePlatformsNamespaces()
    {
        var rules = Stacks.All.SelectMany(s => Stacks.Compile(s).Graph.RuleGroups.SelectMany(g =>
                g.Group.Alerts.Select(a => (Group: g.Group.Name, Rule: a.Name, a.Expr)).Concat(g.Group.Recordings.Select(r => (Group: g.Group.Name, Rule: r.Record, r.Expr)))))
            .Distinct().ToList();
        Assert.NotEmpty(rules);
        var parsed = PromqlParser.Parse([.. rules.Select((r, i) => new PromqlQuery(i.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Expr))]);
        var problems = rules.Zip(parsed).SelectMany(p => Problems(p.First.Group, p.First.Expr, p.Second).Select(problem => $"{p.First.Group}/{p.First.Rule}: {problem}")).Distinct().ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The check itself: what a team can feed is refused, what it cannot is admitted.</summary>
    [PromqlFact]
    public void TheCheckRefusesEverySelectorATeamCouldFeed()
    {
        var cases = new (string Group, string Expr, bool Admitted)[]
        {
            // A team's Fluent Bit exports the same names: by pod, its own pods would page the platform.
            ("fluent-bit", "sum by (pod) (rate(fluentbit_output_proc_bytes_total[5m])) == 0", false),
            ("fluent-bit", "sum by (pod) (rate(fluentbit_output_proc_bytes_total{namespace=\"node-agents\"}[5m])) == 0", true),
            // A job name is the team's to choose (jobLabel, relabelings).
            ("node", "up{job=\"node-exporter\"} == 0", false),
            ("node", "up{job=\"node-exporter\",namespace=\"node-agents\"} == 0", true),
            // A team namespace, or a pattern or exclusion that lets one in.
            ("kafka", "kafka_brokers{namespace=\"orders\"}", false),
            ("kafka", "kafka_brokers{namespace=~\"logging|orders\"}", false),
            ("kafka", "kafka_brokers{namespace=~\"logging.*\"}", false),
            ("kafka", "kafka_brokers{namespace!=\"orders\"}", false),
            ("kafka", "kafka_brokers{namespace=~\"logging|monitoring\"}", true),
            // The platform's own aggregates have no namespace; a team's recording rule always has one.
            ("log-freshness", "sum(cluster:fluentbit_output_records:rate5m)", false),
            ("log-freshness", "sum(cluster:fluentbit_output_records:rate5m{namespace=\"\"})", true),
            // Object-namespaced series: allowed in their group only, and only where the rule keeps the namespace.
            ("kubernetes-workloads", "sum by (namespace, pod) (kube_pod_status_phase{phase=\"Pending\"}) > 0", true),
            ("kubernetes-workloads", "count(kube_pod_status_phase{phase=\"Pending\"}) > 0", false),
            ("kubernetes-workloads", "sum without (namespace) (kube_pod_status_phase{phase=\"Pending\"}) > 0", false),
            ("fluent-bit", "max by (namespace, pod) (kube_pod_info{job=\"kube-state-metrics\"})", false),
            // About the teams themselves: every namespace but the platform's, kept per namespace.
            ("team-budgets", $"sum by (namespace) (scrape_samples_post_metric_relabeling{{{TeamRules.TeamNamespacesSelector}}}) > 1", true),
            ("team-budgets", $"sum(scrape_samples_post_metric_relabeling{{{TeamRules.TeamNamespacesSelector}}}) > 1", false),
            ("team-budgets", "sum by (namespace) (scrape_samples_post_metric_relabeling{namespace!~\"monitoring\"}) > 1", false),
            // No selector, nothing to feed.
            ("watchdog", "vector(1)", true),
        };
        var parsed = PromqlParser.Parse([.. cases.Select((c, i) => new PromqlQuery(i.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Expr))]);
        for (var i = 0; i < cases.Length; i++)
        {
            var problems = Problems(cases[i].Group, cases[i].Expr, parsed[i]);
            Assert.True(cases[i].Admitted == (problems.Count == 0), $"{cases[i].Group}: {cases[i].Expr}: expected {(cases[i].Admitted ? "admitted" : "refused")}; {string.Join("; ", problems)}");
        }
    }

    /// <summary>
    /// The controlplane's federation of every environment takes no series a team controls as platform data: each
    /// <c>match[]</c> selector is either limited to the platform's namespaces (or none), or names only the platform's own
    /// per-namespace recordings (which its rules keep per namespace: a team can only repeat them about itself), or is
    /// <c>up</c> (stored apart as federated_up); each job caps its samples (federationSampleLimit).
    /// </summary>
    [PromqlFact]
    public void FederationTakesNoTeamSeriesAsPlatformData()
    {
        var controlplanes = Stacks.All.Where(s => Stacks.RoleOf(s) == Infra.Config.StackRole.Controlplane).ToList();
        Assert.NotEmpty(controlplanes);
        var perNamespace = Infra.Components.KubernetesRules.PerNamespaceRecords.ToHashSet(StringComparer.Ordinal);
        foreach (var id in controlplanes)
        {
            var compiled = Stacks.Compile(id);
            // The per-namespace names are the platform's recordings, and each keeps the namespace.
            var recorded = compiled.Graph.RuleGroups.SelectMany(g => g.Group.Recordings).ToDictionary(r => r.Record, r => r.Expr, StringComparer.Ordinal);
            Assert.All(perNamespace, name => Assert.True(recorded.TryGetValue(name, out var expr) && KeepsNamespace(expr), $"{name} is not a platform recording kept per namespace"));
            var jobs = ((Infra.Model.ListValue)GraphTests.ChartValues(compiled, Infra.Components.KubePrometheus.ReleaseName).At("prometheus.prometheusSpec.additionalScrapeConfigs")!).Items.Cast<Infra.Model.ObjectValue>().ToList();
            Assert.NotEmpty(jobs);
            foreach (var job in jobs)
            {
                Assert.Equal(compiled.Settings.Get(Infra.Config.SettingsCatalog.FederationSampleLimit), (int)((Infra.Model.NumberValue)job["sample_limit"]!).Number);
                var selectors = ((Infra.Model.ListValue)job.At("params.match[]")!).Items.Cast<Infra.Model.StringValue>().Select(v => v.Text).ToList();
                var parsed = PromqlParser.Parse([.. selectors.Select((m, i) => new PromqlQuery(i.ToString(System.Globalization.CultureInfo.InvariantCulture), m))]);
                foreach (var (text, parse) in selectors.Zip(parsed))
                {
                    Assert.Null(parse.Error);
                    var selector = Assert.Single(parse.Selectors);
                    var names = selector.NameMatchers.Where(m => m.Op == "=~").SelectMany(m => m.Value.Split('|')).ToList();
                    var platformOnly = Problems("federation", $"count({text})", parse).Count == 0 && HasNamespaceMatcher(selector);
                    var platformRecordings = names.Count > 0 && names.All(perNamespace.Contains);
                    Assert.True(platformOnly || platformRecordings, $"{id}, {job["job_name"]}: match[] {text} takes a team's series as the platform's");
                }
            }
        }
    }

    /// <summary>Every allow-list entry has a reason and is still needed by some rule of some stack.</summary>
    [PromqlFact]
    public void EveryObjectNamespacedEntryIsReasonedAndStillNeeded()
    {
        var rules = Stacks.All.SelectMany(s => Stacks.Compile(s).Graph.RuleGroups.SelectMany(g =>
            g.Group.Alerts.Select(a => (Group: g.Group.Name, a.Expr)).Concat(g.Group.Recordings.Select(r => (Group: g.Group.Name, r.Expr))))).Distinct().ToList();
        var parsed = PromqlParser.Parse([.. rules.Select((r, i) => new PromqlQuery(i.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Expr))]);
        foreach (var (group, prefix, reason) in ObjectNamespaced)
        {
            Assert.True(reason.Length > 40, $"{group}/{prefix}: give the reason");
            Assert.True(rules.Zip(parsed).Any(p => p.First.Group == group && p.Second.Selectors.Any(s => s.Name?.StartsWith(prefix, StringComparison.Ordinal) == true && !HasNamespaceMatcher(s))),
                $"{group}/{prefix} is no longer needed: remove it from the allow-list");
        }
    }

    private static bool HasNamespaceMatcher(PromqlSelector selector) => (selector.Matchers ?? []).Any(m => m.Label == "namespace");

    /// <summary>Why each selector of one rule could be fed by a team, or nothing.</summary>
    public static IReadOnlyList<string> Problems(string group, string expr, PromqlParse parse)
    {
        if (parse.Error is not null)
        {
            return [$"does not parse: {parse.Error}"];
        }

        var reserved = TeamsParser.Reserved.ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var selector in parse.Selectors)
        {
            var matchers = (selector.Matchers ?? []).Where(m => m.Label == "namespace").ToList();
            if (matchers.Count == 0)
            {
                if (ObjectNamespaced.Any(a => a.Group == group && selector.Name?.StartsWith(a.Prefix, StringComparison.Ordinal) == true))
                {
                    if (!KeepsNamespace(expr))
                    {
                        problems.Add($"{selector.Text} is object-namespaced, but the rule aggregates the namespace away: a team's series would count in it");
                    }

                    continue;
                }

                problems.Add($"{selector.Text} has no namespace matcher: a team's series of that name would feed it (add namespace=\"<the component's namespace>\", or namespace=\"\" for an aggregate without one)");
                continue;
            }

            foreach (var matcher in matchers)
            {
                var admitted = matcher.Op switch
                {
                    // Exactly the platform's namespaces (or none): every alternative of the regex is one.
                    "=" => matcher.Value.Length == 0 || reserved.Contains(matcher.Value),
                    "=~" => Alternatives(matcher.Value) is { } values && values.All(v => v.Length == 0 || reserved.Contains(v)),
                    // Every namespace but the platform's: about the teams themselves, so kept per namespace.
                    "!~" => Alternatives(matcher.Value) is { } excluded && reserved.All(excluded.Contains) && KeepsNamespace(expr),
                    _ => false,
                };
                if (!admitted)
                {
                    problems.Add($"{selector.Text}: namespace{matcher.Op}\"{matcher.Value}\" lets a team namespace in (name the platform's namespaces with = or =~, or exclude all of them with !~ in a rule kept per namespace)");
                }
            }
        }

        return problems;
    }

    /// <summary>The literal alternatives of a regex (a|b|c), or null when it holds any other regex syntax.</summary>
    private static string[]? Alternatives(string regex)
    {
        var values = regex.Split('|');
        return values.All(v => LiteralName().IsMatch(v)) ? values : null;
    }

    /// <summary>
    /// Every aggregation of the expression keeps <c>namespace</c> (by with it, without without it): a conservative
    /// reading of the text, so a rule that sums the namespace away anywhere is refused.
    /// </summary>
    private static bool KeepsNamespace(string expr) => Aggregation().Matches(expr).All(m =>
        m.Groups["by"].Success ? Labels(m.Groups["by"].Value).Contains("namespace")
        : m.Groups["without"].Success && !Labels(m.Groups["without"].Value).Contains("namespace"));

    private static string[] Labels(string list) => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"^[a-z0-9-]*$")]
    private static partial Regex LiteralName();

    [GeneratedRegex(@"\b(?:sum|min|max|avg|count|group|stddev|stdvar|topk|bottomk|quantile|count_values|limitk|limit_ratio)\s*(?:by\s*\((?<by>[^)]*)\)|without\s*\((?<without>[^)]*)\))?\s*\(")]
    private static partial Regex Aggregation();
}
