using System.Globalization;
using System.Text;
using System.Text.Json;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;
using Infra.Yaml;
using Xunit.Abstractions;

namespace Infra.Tests.Alerting;

/// <summary>
/// The alert path on 127.0.0.1 with Debian's Prometheus, Alertmanager and node-exporter, using the
/// rendered rules and Alertmanager configuration. Receiver secrets are files written here, as the
/// Secret mount provides them; Slack, PagerDuty and the heartbeat service are a local HTTP sink.
/// The only changes to the rendered configuration: the secrets folder, the PagerDuty endpoint and
/// shorter grouping timers on the root route (so the test takes minutes, not ten); the Watchdog route
/// keeps its rendered timings, whose cadence the test measures. Not in <see cref="RealProcessCollection"/>: the
/// heartbeat run mostly waits (three beats a minute apart), so it runs beside the other tests, started first
/// (<see cref="SlowFirstCollectionOrderer"/>); every wait polls for its event, and the heartbeat gaps it asserts
/// (50 to 90 s) are Alertmanager's timer, which a busy machine delays by far less than the 30 s either side.
/// </summary>
[Trait("Speed", "Slow")]
[Trait("Start", "First")]
public sealed class AlertingEndToEndTests : IDisposable
{
    private readonly ScratchProcesses _scratch = new("infra-e2e");
    private readonly ITestOutputHelper _output;

    public AlertingEndToEndTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose() => _scratch.Dispose();

    [ToolFact("prometheus prometheus-alertmanager prometheus-node-exporter", "prometheus prometheus-alertmanager prometheus-node-exporter")]
    public void AlertsReachPagerDutySlackAndTheHeartbeatEveryMinuteAndResolve()
    {
        using var sink = new HttpSink();
        var routingKey = $"routing-key-{Guid.NewGuid():N}";
        // An environment that pages (production's routing) and one that does not (development's), picked by their config.
        var environments = Stacks.Of(StackRole.Environment).ToList();
        var productionId = environments.First(s => Stacks.SettingsOf(s).Get(SettingsCatalog.PagerDutyEnabled));
        var developmentId = environments.First(s => !Stacks.SettingsOf(s).Get(SettingsCatalog.PagerDutyEnabled));
        var (productionStack, developmentStack) = (Stacks.NameOf(productionId), Stacks.NameOf(developmentId));
        var production = Compile(productionId);
        var development = Compile(developmentId);
        var productionAm = StartAlertmanager(productionStack, production, sink, routingKey);
        var developmentAm = StartAlertmanager(developmentStack, development, sink, null);

        var nodeExporterPort = FreePort.Next();
        var nodeExporter = _scratch.Start("prometheus-node-exporter", $"--web.listen-address=127.0.0.1:{nodeExporterPort}");
        nodeExporter.WaitUntilReady($"http://127.0.0.1:{nodeExporterPort}/metrics", TimeSpan.FromSeconds(30));

        // A Kafka partition without a leader, as the active controller reports it: KafkaOfflinePartitions is critical.
        // Served by a second node-exporter from a text file, not from this process: one scrape a busy test host
        // answers past Prometheus' 1 s timeout marks the series stale and resolves the alert (it did, once, in a
        // full run, so the test then found no active alert to read its start from).
        var kafkaMetrics = Path.Combine(_scratch.Folder, "kafka-metrics");
        Directory.CreateDirectory(kafkaMetrics);
        WriteKafkaMetrics(kafkaMetrics, offlinePartitions: 1);
        var kafkaExporterPort = FreePort.Next();
        var kafkaExporter = _scratch.Start("prometheus-node-exporter",
            $"--web.listen-address=127.0.0.1:{kafkaExporterPort}",
            "--collector.disable-defaults",
            "--collector.textfile",
            $"--collector.textfile.directory={kafkaMetrics}");
        kafkaExporter.WaitUntilReady($"http://127.0.0.1:{kafkaExporterPort}/metrics", TimeSpan.FromSeconds(30));
        StartPrometheus(production, productionAm, nodeExporterPort, kafkaExporterPort);

        // Watchdog fires at once and reaches the heartbeat receiver.
        sink.WaitFor($"/heartbeat/{productionStack}", body => body.Contains("\"Watchdog\"", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the Watchdog heartbeat");

        // A development alert, even a critical one, goes to Slack only.
        // As its rule would send it: with the rule's annotations (runbook, dashboard).
        var ruleAlert = Alert(development.Settings, "KafkaOfflinePartitions", "critical", false, "logging", "KafkaOfflinePartitions (posted by the end-to-end test)");
        foreach (var (name, value) in RuleAnnotations(development, "KafkaOfflinePartitions").Where(a => a.Key != "summary"))
        {
            ((Dictionary<string, string>)ruleAlert["annotations"])[name] = value;
        }

        PostAlerts(developmentAm, [ruleAlert]);
        var developmentSlack = sink.WaitFor($"/slack/{developmentStack}", body => body.Contains("KafkaOfflinePartitions", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the development Slack message");
        var developmentLinks = ExpectedLinks(developmentStack, development, developmentAm, "KafkaOfflinePartitions");
        Assert.Equal("logging", developmentLinks.Namespace);
        Assert.Equal(
            [("dashboard", developmentLinks.Dashboard), ("logs", developmentLinks.Logs), ("runbook", developmentLinks.Runbook), ("silence", developmentLinks.Silence)],
            SlackLinks(developmentSlack).Take(4));

        // The production critical alert, from the rendered rule after its 1m 'for': PagerDuty with the key from the file, and Slack.
        var page = sink.WaitFor($"/pagerduty/{productionStack}", body => Event(body).Action == "trigger", TimeSpan.FromSeconds(240), "the PagerDuty trigger");
        var (action, key, summary) = Event(page);
        Assert.Equal(routingKey, key);
        using (var pageJson = JsonDocument.Parse(page))
        {
            // The event's severity is the alert's (a critical page opens a high-urgency incident).
            Assert.Equal("critical", pageJson.RootElement.GetProperty("payload").GetProperty("severity").GetString());
        }

        Assert.Contains($"KafkaOfflinePartitions in {production.Settings.Environment}", summary, StringComparison.Ordinal);
        var slack = sink.WaitFor($"/slack/{productionStack}", body => body.Contains("KafkaOfflinePartitions", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the production Slack message");
        Assert.Contains(production.Settings.Get(SettingsCatalog.SlackChannel), slack, StringComparison.Ordinal);
        Assert.Contains($"cluster: {production.Settings.Cluster}", slack, StringComparison.Ordinal);

        // Both lead somewhere: the configured hosts, the alert's environment, cluster and namespace, and its time window.
        var links = ExpectedLinks(productionStack, production, productionAm, "KafkaOfflinePartitions");
        var (pagedLinks, details, clientUrl) = PagerDutyLinks(page);
        _output.WriteLine($"PagerDuty links: {string.Join("\n", pagedLinks.Select(l => $"{l.Text}: {l.Href}"))}");
        Assert.Equal(links.Dashboard, pagedLinks.Single(l => l.Text == "Grafana dashboard").Href);
        Assert.Equal(links.Dashboard, clientUrl);
        Assert.Equal(links.Logs, pagedLinks.Single(l => l.Text == "Logs in Kibana").Href);
        Assert.Equal(links.Runbook, pagedLinks.Single(l => l.Text == "Runbook").Href);
        Assert.Equal(links.Silence, pagedLinks.Single(l => l.Text == "Silence in Grafana").Href);
        Assert.Equal(production.Settings.Environment, details["environment"]);
        Assert.Equal(production.Settings.Cluster, details["cluster"]);
        Assert.Equal(links.Namespace, details["namespace"]);
        Assert.Equal(links.Dashboard, details["dashboard"]);
        Assert.Equal(links.Logs, details["logs"]);
        Assert.Equal(links.Silence, details["silence"]);
        var slackLinks = SlackLinks(slack);
        _output.WriteLine($"Slack links: {string.Join("\n", slackLinks.Select(l => $"{l.Text}: {l.Href}"))}");
        Assert.Equal(links.Dashboard, slackLinks.First(l => l.Text == "dashboard").Href);
        Assert.Equal(links.Logs, slackLinks.First(l => l.Text == "logs").Href);
        Assert.Equal(links.Runbook, slackLinks.First(l => l.Text == "runbook").Href);
        Assert.Equal(links.Silence, slackLinks.First(l => l.Text == "silence").Href);

        // Recovery: resolved notifications arrive on both channels, and for the development alert.
        WriteKafkaMetrics(kafkaMetrics, offlinePartitions: 0);
        PostAlert(developmentAm, development.Settings, "KafkaOfflinePartitions", "critical", resolved: true);
        var resolve = sink.WaitFor($"/pagerduty/{productionStack}", body => Event(body).Action == "resolve", TimeSpan.FromSeconds(60), "the PagerDuty resolve");

        // Once resolved, the window ends a quarter of an hour after the alert did, no longer at "now".
        var (resolvedLinks, _, _) = PagerDutyLinks(resolve);
        var resolvedDashboard = resolvedLinks.Single(l => l.Text == "Grafana dashboard").Href;
        var to = long.Parse(System.Text.RegularExpressions.Regex.Match(resolvedDashboard, "&to=([0-9]+)$").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(to), DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow + NotificationLinks.After + TimeSpan.FromMinutes(1));
        Assert.Matches("to:'[0-9-]+T[0-9:]+Z'\\)\\)", resolvedLinks.Single(l => l.Text == "Logs in Kibana").Href);
        sink.WaitFor($"/slack/{productionStack}", body => body.Contains("RESOLVED", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the resolved production Slack message");
        sink.WaitFor($"/slack/{developmentStack}", body => body.Contains("RESOLVED", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the resolved development Slack message");

        Assert.Empty(sink.BodiesAt($"/pagerduty/{developmentStack}"));
        Assert.DoesNotContain(sink.BodiesAt($"/slack/{developmentStack}"), b => b.Contains("Watchdog", StringComparison.Ordinal));

        // The heartbeat service expects a call every minute: three beats (two gaps) with the rendered
        // Watchdog timings, none late and none doubled.
        var beats = WaitForBeats(sink, $"/heartbeat/{productionStack}", 3);
        var gaps = beats.Zip(beats.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        _output.WriteLine($"heartbeat gaps (s): {string.Join(", ", gaps.Select(g => g.ToString("F1", CultureInfo.InvariantCulture)))}");
        Assert.All(gaps, gap => Assert.InRange(gap, MinBeatGap.TotalSeconds, MaxBeatGap.TotalSeconds));
    }

    /// <summary>
    /// A tiered alert (one name, a warning and a critical rule) through the rendered configuration of a real
    /// Alertmanager: with both levels firing for the same alert, cluster and namespace, only the critical one is
    /// notified; the same warning in another namespace is not inhibited.
    /// </summary>
    [ToolFact("prometheus-alertmanager", "prometheus-alertmanager")]
    public void ACriticalInhibitsTheWarningOfTheSameTieredAlert()
    {
        using var sink = new HttpSink();
        var id = Stacks.Of(StackRole.Environment).First(s => !Stacks.SettingsOf(s).Get(SettingsCatalog.PagerDutyEnabled));
        var stack = Stacks.NameOf(id);
        var compiled = Compile(id);
        var tiered = compiled.Graph.RuleGroups.SelectMany(g => g.Group.Alerts)
            .GroupBy(a => a.Name)
            .First(t => t.Any(a => a.Severity == Severity.Critical) && t.Any(a => a.Severity == Severity.Warning))
            .Key;
        var port = StartAlertmanager(stack, compiled, sink, null);

        PostAlert(port, compiled.Settings, tiered, "critical", resolved: false, "logging", "critical tier");
        PostAlert(port, compiled.Settings, tiered, "warning", resolved: false, "logging", "warning tier");
        PostAlert(port, compiled.Settings, tiered, "warning", resolved: false, "monitoring", "warning elsewhere");

        var posted = DateTime.UtcNow;
        sink.WaitFor($"/slack/{stack}", body => body.Contains("critical tier", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the critical notification");
        sink.WaitFor($"/slack/{stack}", body => body.Contains("warning elsewhere", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the warning of another namespace");
        WaitUntil(() =>
        {
            var states = AlertStates(port, tiered);
            return states.TryGetValue("warning tier", out var same) && same.Inhibitors > 0 ? null : "the warning of the same namespace is not inhibited";
        }, $"{tiered}: the critical inhibits its warning");
        Assert.Equal(0, AlertStates(port, tiered)["warning elsewhere"].Inhibitors);

        // Several group intervals (2 s here) later, the inhibited warning has still not been sent.
        WaitAtLeast(posted, QuietPeriod);
        var bodies = sink.BodiesAt($"/slack/{stack}").ToList();
        _output.WriteLine($"{tiered}: {bodies.Count} Slack notifications");
        Assert.DoesNotContain(bodies, b => b.Contains("warning tier", StringComparison.Ordinal));
    }

    /// <summary>
    /// One Elasticsearch outage, one page per controlplane: Elasticsearch unreachable with, as it brings about, LogsStopped (at the elasticsearch hop) and
    /// LogstashEventsStalled for every pipeline (the controlplane's own and every environment's) and the exporter's
    /// warning, posted to a real Alertmanager with the controlplane's rendered configuration: only the cause is
    /// notified (PagerDuty once where the stack pages, and Slack), and Alertmanager holds the effects as inhibited by it.
    /// </summary>
    [ToolFact("prometheus-alertmanager", "prometheus-alertmanager")]
    public void OneElasticsearchOutageNotifiesOncePerControlplane()
    {
        using var sink = new HttpSink();
        foreach (var id in Stacks.AtLeastOne(StackRole.Controlplane))
        {
            // The sink's paths and the scratch folder per stack id: a synthetic fleet's controlplane has the same name.
            var stack = id.Replace(':', '-');
            var compiled = Compile(id);
            var paging = compiled.Settings.Get(SettingsCatalog.PagerDutyEnabled);
            var port = StartAlertmanager(stack, compiled, sink, paging ? $"routing-key-{Guid.NewGuid():N}" : null);
            var pipelines = compiled.Settings.Get(SettingsCatalog.Environments).Items.Prepend(compiled.Settings.Stack).ToList();

            var alerts = new List<Dictionary<string, object>> { Unnamespaced(compiled.Settings, ElasticsearchRules.DownAlert, "critical", "the cause: Elasticsearch unreachable") };
            foreach (var pipeline in pipelines)
            {
                alerts.Add(Unnamespaced(compiled.Settings, LogFreshnessRules.AlertName, "critical", $"effect: logs of {pipeline} stopped", ("pipeline", pipeline), ("hop", "elasticsearch")));
                alerts.Add(Unnamespaced(compiled.Settings, "LogstashEventsStalled", "critical", $"effect: {pipeline} stalled", ("pipeline", pipeline), ("pod", "logstash-ls-0")));
            }

            alerts.Add(Alert(compiled.Settings, "ElasticsearchExporterDown", "warning", false, Namespaces.Elastic, "effect: exporter metrics missing"));

            // The cause fires first, as the rules' windows make it (unreachable for 5 minutes; no output for logsStoppedMinutes
            // and then 3 more): Alertmanager's inhibitor learns of an alert a moment after it is posted.
            PostAlerts(port, alerts.Take(1));
            var receiver = paging ? $"/pagerduty/{stack}" : $"/slack/{stack}";
            sink.WaitFor(receiver, body => body.Contains(ElasticsearchRules.DownAlert, StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the Elasticsearch page");
            PostAlerts(port, alerts.Skip(1));
            var posted = DateTime.UtcNow;

            // Alertmanager holds every effect as inhibited by the cause, once its inhibitor has caught up.
            WaitUntil(() =>
            {
                var effects = InhibitedBy(port, LogFreshnessRules.AlertName).Concat(InhibitedBy(port, "LogstashEventsStalled")).Concat(InhibitedBy(port, "ElasticsearchExporterDown")).ToList();
                return effects.Count == alerts.Count - 1 && effects.All(inhibitors => inhibitors > 0)
                    ? null
                    : $"{effects.Count(i => i > 0)} of the {alerts.Count - 1} effects held as inhibited ({effects.Count} listed)";
            }, $"{stack}: every effect inhibited by the Elasticsearch outage");

            // Several group intervals (2 s here) later, nothing but the cause has been notified.
            WaitAtLeast(posted, QuietPeriod);
            var notified = sink.BodiesAt($"/slack/{stack}").Concat(sink.BodiesAt($"/pagerduty/{stack}")).ToList();
            _output.WriteLine($"{stack}: {notified.Count} notifications for {alerts.Count} alerts");
            Assert.DoesNotContain(notified, b => b.Contains("effect:", StringComparison.Ordinal));
            if (paging)
            {
                Assert.Single(sink.BodiesAt($"/pagerduty/{stack}"), b => Event(b).Action == "trigger");
            }
        }
    }

    /// <summary>
    /// Every causal inhibition through a real Alertmanager with the controlplane's rendered configuration (it renders
    /// them all): with a cause firing, each of its effects that agrees on the rule's equal labels is inhibited, and the
    /// same effect somewhere else (another value of each of those labels) is not; the cause itself is notified.
    /// </summary>
    [ToolFact("prometheus-alertmanager", "prometheus-alertmanager")]
    public void EachCauseInhibitsItsEffectsInTheSamePlaceOnly()
    {
        using var sink = new HttpSink();
        var id = Stacks.Controlplane;
        var stack = Stacks.NameOf(id);
        var compiled = Compile(id);
        var port = StartAlertmanager(stack, compiled, sink, null);
        var causes = new List<Dictionary<string, object>>();
        var alerts = new List<Dictionary<string, object>>();
        foreach (var inhibition in CausalInhibitions.All)
        {
            // The same place: the rule's equal labels as the cause has them; elsewhere: another value of each.
            // An effect named in two pairs would otherwise be one alert in Alertmanager: the pair's name keeps them apart (no rule compares it).
            (string, string)[] Place(string prefix) => [.. inhibition.Equal.Where(l => l != "cluster").Select(l => (l, $"{prefix}-{inhibition.Name}-{l}")),
                ("cluster", inhibition.Equal.Contains("cluster") && prefix == "elsewhere" ? $"elsewhere-{inhibition.Name}" : compiled.Settings.Cluster),
                ("inhibition_pair", inhibition.Name)];
            causes.Add(Unnamespaced(compiled.Settings, inhibition.Causes[0], "critical", $"cause {inhibition.Name}", Place("here")));
            foreach (var effect in inhibition.Effects)
            {
                // Warnings, so that no critical-inhibits-warning rule of the same name interferes.
                alerts.Add(Unnamespaced(compiled.Settings, effect, "warning", $"inhibited {inhibition.Name} {effect}", [.. Place("here"), .. inhibition.EffectLabels]));
                alerts.Add(Unnamespaced(compiled.Settings, effect, "warning", $"elsewhere {inhibition.Name} {effect}", [.. Place("elsewhere"), .. inhibition.EffectLabels]));
            }
        }

        // Causes first (their rules fire before their effects'), then the effects once every cause is notified.
        PostAlerts(port, causes);
        foreach (var inhibition in CausalInhibitions.All)
        {
            sink.WaitFor($"/slack/{stack}", body => body.Contains($"cause {inhibition.Name}", StringComparison.Ordinal), TimeSpan.FromSeconds(30), $"the cause of {inhibition.Name}");
        }

        PostAlerts(port, alerts);
        var posted = DateTime.UtcNow;
        WaitUntil(() =>
        {
            foreach (var inhibition in CausalInhibitions.All)
            {
                foreach (var effect in inhibition.Effects)
                {
                    var states = AlertStates(port, effect);
                    if (!(states.TryGetValue($"inhibited {inhibition.Name} {effect}", out var same) && same.Inhibitors > 0))
                    {
                        return $"{inhibition.Name}: {effect} of the same place is not inhibited";
                    }

                    // Listed, so Alertmanager's answer covers it: the cause is known (its notification arrived), so
                    // an inhibitor that matched elsewhere would show it already; no later answer changes this.
                    if (!(states.TryGetValue($"elsewhere {inhibition.Name} {effect}", out var other) && other.Inhibitors == 0))
                    {
                        return $"{inhibition.Name}: {effect} elsewhere is {(other == default ? "not listed" : "inhibited")}";
                    }
                }
            }

            return null;
        }, "every cause inhibits its effects in the same place only");

        // The effects elsewhere are notified.
        foreach (var text in CausalInhibitions.All.SelectMany(i => i.Effects.Select(e => $"elsewhere {i.Name} {e}")))
        {
            sink.WaitFor($"/slack/{stack}", body => body.Contains(text, StringComparison.Ordinal), TimeSpan.FromSeconds(30), $"the notification of '{text}'");
        }

        // Several group intervals (2 s here) later, none of the inhibited effects has been notified.
        WaitAtLeast(posted, QuietPeriod);
        Assert.DoesNotContain(sink.BodiesAt($"/slack/{stack}"), b => b.Contains("inhibited ", StringComparison.Ordinal));
    }

    /// <summary>
    /// How long a "nothing else arrived" check waits after the alerts are posted: several of the test's 2 s group
    /// intervals. The only fixed waits of the class, and only before such negative checks: a loaded machine slows
    /// Alertmanager, which can only make them pass (nothing sent yet), never fail. Every positive check polls.
    /// </summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(8);

    /// <summary>Sleeps until <paramref name="wait"/> has passed since <paramref name="since"/> (at once if it has).</summary>
    private static void WaitAtLeast(DateTime since, TimeSpan wait)
    {
        var left = since + wait - DateTime.UtcNow;
        if (left > TimeSpan.Zero)
        {
            Thread.Sleep(left);
        }
    }

    /// <summary>
    /// Polls Alertmanager's state until <paramref name="failure"/> returns null (the state holds), with the patience
    /// ceiling: its inhibitor learns of posted alerts asynchronously, later on a loaded machine.
    /// </summary>
    private static void WaitUntil(Func<string?> failure, string what)
    {
        var expected = TimeSpan.FromSeconds(10);
        var deadline = DateTime.UtcNow + Patience.For(expected);
        var last = failure();
        while (last is not null && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(250));
            last = failure();
        }

        Assert.True(last is null, $"{what}: still not so after {Patience.For(expected)} (expected within {expected}): {last}");
    }

    /// <summary>An alert as Prometheus sends one that has no namespace label (a cluster-wide or pipeline alert).</summary>
    private static Dictionary<string, object> Unnamespaced(StackSettings settings, string alert, string severity, string summary, params (string Name, string Value)[] labels)
    {
        var posted = Alert(settings, alert, severity, false, "unused", summary, labels);
        ((Dictionary<string, string>)posted["labels"]).Remove("namespace");
        return posted;
    }

    /// <summary>Each alert of that name Alertmanager holds, by summary: how many alerts inhibit it.</summary>
    private static Dictionary<string, (string State, int Inhibitors)> AlertStates(int alertmanagerPort, string alertname)
    {
        using var client = new HttpClient();
        var alerts = client.GetStringAsync(new Uri($"http://127.0.0.1:{alertmanagerPort}/api/v2/alerts?filter={Uri.EscapeDataString($"alertname=\"{alertname}\"")}")).GetAwaiter().GetResult();
        using var json = JsonDocument.Parse(alerts);
        return json.RootElement.EnumerateArray().ToDictionary(
            a => a.GetProperty("annotations").GetProperty("summary").GetString()!,
            a => (a.GetProperty("status").GetProperty("state").GetString()!, a.GetProperty("status").GetProperty("inhibitedBy").GetArrayLength()));
    }

    /// <summary>For each alert of that name, how many alerts inhibit it.</summary>
    private static List<int> InhibitedBy(int alertmanagerPort, string alertname) =>
        AlertStates(alertmanagerPort, alertname).Values.Select(v => v.Inhibitors).ToList();

    /// <summary>
    /// A group of many alerts stays readable: the Slack message lists the first SlackAlertLimit (five) and counts the rest,
    /// through the rendered configuration of a real Alertmanager.
    /// </summary>
    [ToolFact("prometheus-alertmanager", "prometheus-alertmanager")]
    public void ASlackMessageListsTheFirstFewAlertsOfAGroupAndCountsTheRest()
    {
        using var sink = new HttpSink();
        var id = Stacks.Of(StackRole.Environment).First(s => !Stacks.SettingsOf(s).Get(SettingsCatalog.PagerDutyEnabled));
        var stack = Stacks.NameOf(id);
        var compiled = Compile(id);
        var port = StartAlertmanager(stack, compiled, sink, null);
        var total = AlertmanagerConfig.SlackAlertLimit + 3;

        // One group (same alert, cluster and namespace), one alert per pod, posted at once.
        PostAlerts(port, Enumerable.Range(1, total).Select(i => Alert(compiled.Settings, "KubePodCrashLooping", "warning", false, "logging", $"pod {i:D2} crash-looping", ("pod", $"web-{i:D2}"))));

        // Alerts that started before group_wait make Alertmanager flush at once, possibly before the
        // rest of the post is in: the message to read is the one that counts the whole group.
        var body = sink.WaitFor($"/slack/{stack}", b => b.Contains("crash-looping", StringComparison.Ordinal) && SlackTitle(b).Contains($"[FIRING:{total}]", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the grouped Slack message");
        var text = SlackText(body);
        _output.WriteLine(text);
        var listed = Enumerable.Range(1, total).Count(i => text.Contains($"pod {i:D2} crash-looping", StringComparison.Ordinal));
        Assert.Equal(AlertmanagerConfig.SlackAlertLimit, listed);
        Assert.Contains($"and {total - AlertmanagerConfig.SlackAlertLimit} more", text, StringComparison.Ordinal);
    }

    private const string GrafanaUrl = "https://grafana.alerting-e2e.test";
    private const string KibanaUrl = "https://kibana.alerting-e2e.test";

    private sealed record Links(string Dashboard, string Logs, string Runbook, string Silence, string Namespace);

    /// <summary>
    /// What the notification's links must be for the alert as Alertmanager holds it (its start from the API),
    /// built here from the documented URL shapes of Grafana and Kibana; the dashboard is the one the
    /// alert's rule names, which the controlplane provisions, and the silence link's Alertmanager is a
    /// datasource the controlplane's Grafana has.
    /// </summary>
    private static Links ExpectedLinks(string stack, CompiledStack compiled, int alertmanagerPort, string alertname)
    {
        var settings = compiled.Settings;
        var dashboard = RuleAnnotations(compiled, alertname)[PrometheusRuleFile.DashboardAnnotation];
        var controlplane = Stacks.Compile(Stacks.Controlplane);
        Assert.Contains(controlplane.Graph.Documents, d => d.Path == $"grafana/dashboards/{dashboard}.json");
        var datasources = (ListValue)((ObjectValue)((ObjectValue)GraphTests.ChartValues(controlplane, Grafana.ReleaseName)["datasources"]!)["datasources.yaml"]!)["datasources"]!;
        Assert.Contains(datasources.Items.Cast<ObjectValue>(), d => d["uid"] == new StringValue(NotificationLinks.AlertmanagerDatasource(stack)) && d["type"] == new StringValue("alertmanager"));

        using var client = new HttpClient();
        var alerts = client.GetStringAsync(new Uri($"http://127.0.0.1:{alertmanagerPort}/api/v2/alerts?filter={Uri.EscapeDataString($"alertname=\"{alertname}\"")}")).GetAwaiter().GetResult();
        using var json = JsonDocument.Parse(alerts);
        var startsAt = DateTimeOffset.Parse(json.RootElement[0].GetProperty("startsAt").GetString()!, CultureInfo.InvariantCulture);
        // The logs and the silence are narrowed to the alert's namespace when it has one.
        var @namespace = json.RootElement[0].GetProperty("labels").TryGetProperty("namespace", out var label) ? label.GetString()! : string.Empty;
        var from = startsAt - NotificationLinks.Before;
        var (environment, cluster) = (settings.Environment, settings.Cluster);
        return new(
            $"{GrafanaUrl}/d/{dashboard}?var-environment={environment}&var-cluster={cluster}&var-datasource={Grafana.EnvironmentDatasource(stack)}&from={from.ToUnixTimeMilliseconds()}&to=now",
            $"{KibanaUrl}/app/discover#/?_g=(time:(from:'{from.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}',to:now))"
                + $"&_a=(dataSource:(dataViewId:{ElasticsearchSetup.DataView},type:dataView),query:(language:kuery,query:'environment:%22{environment}%22{(@namespace.Length > 0 ? $"%20and%20kubernetes.namespace_name:%22{@namespace}%22" : string.Empty)}'))",
            PrometheusRuleFile.RunbookUrl(settings.Get(SettingsCatalog.RunbookBaseUrl), alertname),
            $"{GrafanaUrl}/alerting/silence/new?alertmanager={NotificationLinks.AlertmanagerDatasource(stack)}&matcher=alertname%3D{alertname}&matcher=environment%3D{environment}&matcher=cluster%3D{cluster}{(@namespace.Length > 0 ? $"&matcher=namespace%3D{@namespace}" : string.Empty)}",
            @namespace);
    }

    /// <summary>The annotations of the rendered rule(s) of an alert (its tiers share them, but for the texts).</summary>
    private static Dictionary<string, string> RuleAnnotations(CompiledStack compiled, string alertname) => compiled.Graph.Documents
        .Where(d => d.Path.StartsWith("prometheus/rules/", StringComparison.Ordinal))
        .SelectMany(d => ((ListValue)((ObjectValue)YamlValueReader.Parse(d.Content))["groups"]!).Items.Cast<ObjectValue>())
        .SelectMany(g => ((ListValue)g["rules"]!).Items.Cast<ObjectValue>())
        .First(r => r["alert"] == new StringValue(alertname))
        .At("annotations") is ObjectValue annotations
            ? annotations.Entries.ToDictionary(e => e.Key, e => ((StringValue)e.Value).Text)
            : throw new InvalidOperationException($"no rule {alertname}");

    private static (List<(string Text, string Href)> Links, Dictionary<string, string> Details, string ClientUrl) PagerDutyLinks(string body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var links = root.GetProperty("links").EnumerateArray().Select(l => (l.GetProperty("text").GetString()!, l.GetProperty("href").GetString()!)).ToList();
        var details = root.GetProperty("payload").GetProperty("custom_details").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());
        return (links, details, root.GetProperty("client_url").GetString()!);
    }

    private static string SlackText(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("attachments")[0].GetProperty("text").GetString()!;
    }

    private static string SlackTitle(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("attachments")[0].GetProperty("title").GetString()!;
    }

    /// <summary>Slack's links, &lt;href|text&gt;, in the order of the message.</summary>
    private static List<(string Text, string Href)> SlackLinks(string body) =>
        System.Text.RegularExpressions.Regex.Matches(SlackText(body), "<([^|>]+)\\|([^>]+)>").Select(m => (m.Groups[2].Value, m.Groups[1].Value)).ToList();

    // What the gaps guard against is a wrong repeat interval (2 minutes or more, or Alertmanager's 4 h default),
    // not a few seconds of a loaded machine's scheduling: 90 s tells one minute from two.
    private static readonly TimeSpan MaxBeatGap = TimeSpan.FromSeconds(90);

    // A gap under 50 s would be a second beat in the same minute.
    private static readonly TimeSpan MinBeatGap = TimeSpan.FromSeconds(50);

    /// <summary>The arrival times of the first <paramref name="count"/> heartbeats, waiting no longer than they may take.</summary>
    private static IReadOnlyList<DateTime> WaitForBeats(HttpSink sink, string path, int count)
    {
        var first = sink.ArrivalsAt(path)[0];
        // A ceiling, not a timing (the gaps are asserted below): the beats are polled for until they arrive.
        var deadline = first + Patience.For(MaxBeatGap * (count - 1));
        while (sink.ArrivalsAt(path).Count < count && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(500);
        }

        var beats = sink.ArrivalsAt(path);
        var seen = string.Join(", ", beats.Select(b => string.Create(CultureInfo.InvariantCulture, $"+{(b - first).TotalSeconds:F1}s")));
        Assert.True(beats.Count >= count, string.Create(CultureInfo.InvariantCulture, $"{beats.Count} heartbeats within {(deadline - first).TotalSeconds:F0} s of the first ({seen}); expected {count}, one a minute"));
        return [.. beats.Take(count)];
    }

    private static CompiledStack Compile(string stack) => Stacks.CompileWith(stack, new Dictionary<string, string>
    {
        [SettingsCatalog.GrafanaUrl.Key] = GrafanaUrl,
        [SettingsCatalog.KibanaUrl.Key] = KibanaUrl,
    });

    private static (string Action, string Key, string Summary) Event(string body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        return (root.GetProperty("event_action").GetString()!, root.GetProperty("routing_key").GetString()!, root.GetProperty("payload").GetProperty("summary").GetString()!);
    }

    /// <summary>The Kafka controller's metrics as node-exporter's textfile collector reads them: written whole, then renamed into place.</summary>
    private static void WriteKafkaMetrics(string folder, int offlinePartitions)
    {
        var partial = Path.Combine(folder, "kafka.prom.partial");
        File.WriteAllText(partial, KafkaMetrics(offlinePartitions));
        File.Move(partial, Path.Combine(folder, "kafka.prom"), overwrite: true);
    }

    private static string KafkaMetrics(int offlinePartitions) => string.Create(CultureInfo.InvariantCulture, $"""
        # TYPE kafka_controller_kafkacontroller_offlinepartitionscount gauge
        kafka_controller_kafkacontroller_offlinepartitionscount{"{"}namespace="logging"{"}"} {offlinePartitions}
        # TYPE kafka_brokers gauge
        kafka_brokers{"{"}namespace="logging"{"}"} 3

        """);

    private int StartAlertmanager(string stack, CompiledStack compiled, HttpSink sink, string? routingKey)
    {
        var secrets = new Dictionary<string, string>
        {
            [Alertmanager.SlackKey] = $"{sink.Url}/slack/{stack}",
            // The heartbeat URL is a secret too: the Secret's file, as the mounted Secret holds it.
            [Alertmanager.DeadMansSwitchKey] = $"{sink.Url}/heartbeat/{Stacks.NameOf(stack)}",
        };
        if (routingKey is not null)
        {
            secrets[Alertmanager.PagerDutyKey] = routingKey;
        }

        return LocalAlertmanager.Start(_scratch, stack, compiled.Graph.Documents.Single(d => d.Path == "alertmanager/alertmanager.yaml").Content, secrets, ObjectValue.Of(
            ("global", ObjectValue.Of(("pagerduty_url", $"{sink.Url}/pagerduty/{stack}"))),
            ("route", ObjectValue.Of(("group_wait", "1s"), ("group_interval", "2s")))));
    }

    private void StartPrometheus(CompiledStack compiled, int alertmanagerPort, int nodeExporterPort, int kafkaExporterPort)
    {
        var rules = Path.Combine(_scratch.Folder, "rules");
        Directory.CreateDirectory(rules);
        foreach (var document in compiled.Graph.Documents.Where(d => d.Path.StartsWith("prometheus/rules/", StringComparison.Ordinal)))
        {
            File.WriteAllText(Path.Combine(rules, Path.GetFileName(document.Path)), document.Content);
        }

        var config = new StringBuilder();
        config.Append(CultureInfo.InvariantCulture, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
              external_labels:
                cluster: {compiled.Settings.Cluster}
                environment: {compiled.Settings.Environment}
            rule_files:
              - {rules}/*.yaml
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ["127.0.0.1:{alertmanagerPort}"]
            scrape_configs:
              - job_name: node-exporter
                static_configs:
                  - targets: ["127.0.0.1:{nodeExporterPort}"]
              - job_name: kafka-exporter
                static_configs:
                  - targets: ["127.0.0.1:{kafkaExporterPort}"]

            """);
        var path = Path.Combine(_scratch.Folder, "prometheus.yml");
        File.WriteAllText(path, config.ToString());
        var port = FreePort.Next();
        var prometheus = _scratch.Start("prometheus",
            $"--config.file={path}",
            $"--storage.tsdb.path={Path.Combine(_scratch.Folder, "tsdb")}",
            $"--web.listen-address=127.0.0.1:{port}",
"--rules.alert.resend-delay=1s");
        prometheus.WaitUntilReady($"http://127.0.0.1:{port}/-/ready", TimeSpan.FromSeconds(60));
    }

    private static void PostAlert(int alertmanagerPort, StackSettings settings, string alert, string severity, bool resolved) =>
        PostAlert(alertmanagerPort, settings, alert, severity, resolved, "logging", $"{alert} (posted by the end-to-end test)");

    private static void PostAlert(int alertmanagerPort, StackSettings settings, string alert, string severity, bool resolved, string @namespace, string summary) =>
        PostAlerts(alertmanagerPort, [Alert(settings, alert, severity, resolved, @namespace, summary)]);

    private static Dictionary<string, object> Alert(StackSettings settings, string alert, string severity, bool resolved, string @namespace, string summary, params (string Name, string Value)[] labels)
    {
        var now = DateTime.UtcNow;
        var all = new Dictionary<string, string>
        {
            ["alertname"] = alert,
            ["severity"] = severity,
            ["cluster"] = settings.Cluster,
            ["environment"] = settings.Environment,
            ["namespace"] = @namespace,
        };
        foreach (var (name, value) in labels)
        {
            all[name] = value;
        }

        return new Dictionary<string, object>
        {
            ["labels"] = all,
            ["annotations"] = new Dictionary<string, string> { ["summary"] = summary },
            ["startsAt"] = now.AddMinutes(-1).ToString("o", CultureInfo.InvariantCulture),
            ["endsAt"] = (resolved ? now : now.AddHours(1)).ToString("o", CultureInfo.InvariantCulture),
        };
    }

    private static void PostAlerts(int alertmanagerPort, IEnumerable<Dictionary<string, object>> alerts)
    {
        var body = JsonSerializer.Serialize(alerts.ToArray());
        using var client = new HttpClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = client.PostAsync(new Uri($"http://127.0.0.1:{alertmanagerPort}/api/v2/alerts"), content).GetAwaiter().GetResult();
        Assert.True(response.IsSuccessStatusCode, $"posting to Alertmanager failed: {response.StatusCode}");
    }

}
