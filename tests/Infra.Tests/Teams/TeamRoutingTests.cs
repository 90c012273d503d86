using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Infra.Components;
using Infra.Components.Teams;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Alerting;
using Infra.Tests.Support;
using Infra.Yaml;

namespace Infra.Tests.Teams;

/// <summary>
/// Routing by ownership with the real Alertmanager and amtool: a team's alerts (by namespace) reach the team's
/// Slack channel and, critical ones where the stack pages, its PagerDuty service, never the platform's; a rule
/// that sets another team's <c>team</c> label redirects nothing; the platform's alerts stay the platform's.
/// </summary>
[Collection(RealProcessCollection.Name)]
public sealed class TeamRoutingTests : IDisposable
{
    // The patience floor, not a tight timeout: one answer a loaded machine delays must not fail the test.
    private static readonly HttpClient Http = new() { Timeout = Patience.Floor };
    private readonly ScratchProcesses _scratch = new("infra-teams");

    public void Dispose() => _scratch.Dispose();

    /// <summary>Every cluster stack with its own teams (the sample stacks declare one): each namespace of each team, every severity.</summary>
    [ToolFact("amtool", "prometheus-alertmanager")]
    public void EveryStacksTeamsReceiveTheirNamespacesAlerts()
    {
        var cells = 0;
        foreach (var id in Stacks.All)
        {
            var compiled = Stacks.Compile(id);
            var table = RoutingTable.For(compiled.Settings, [], TeamFixture.Of(id));
            if (table.Teams.Count == 0)
            {
                continue;
            }

            using var rendered = new RenderedStack(id, compiled);
            foreach (var route in table.Teams)
            {
                foreach (var ns in route.Namespaces)
                {
                    Route(rendered, id, route.Pages ? route.Team.PagerDutyReceiver : route.Team.SlackReceiver, "severity=critical", "alertname=AppDown", $"namespace={ns}");
                    Route(rendered, id, route.Team.SlackReceiver, "severity=warning", "alertname=AppSlow", $"namespace={ns}");
                    // A rule in the team's namespace that claims another owner: the namespace decides.
                    Route(rendered, id, route.Team.SlackReceiver, "severity=warning", "alertname=AppSlow", $"namespace={ns}", "team=platform");
                    cells++;
                }
            }
        }

        Assert.True(cells > 0 || Stacks.All.All(id => TeamFixture.Of(id).In(Stacks.SettingsOf(id).Environment).Count == 0), "no team namespace checked although a stack has teams");
    }

    /// <summary>
    /// Two teams on a paging environment, the rendered configuration in a real Alertmanager whose Slack and
    /// PagerDuty are a local sink: alpha's critical alert opens an incident with alpha's routing key and posts to
    /// alpha's channel, nothing reaches the platform's; beta's alert labelled team=alpha (its rule's own label)
    /// reaches beta's channel only; beta (no escalation policy) is never paged; a platform alert stays the platform's.
    /// </summary>
    [ToolFact("prometheus-alertmanager", "prometheus-alertmanager")]
    public void ATeamsCriticalAlertReachesItsPagerDutyAndSlackNeverThePlatforms()
    {
        var id = Stacks.Of(StackRole.Environment).First(s => Stacks.SettingsOf(s).Get(SettingsCatalog.PagerDutyEnabled));
        var environment = Stacks.SettingsOf(id).Environment;
        using var sink = new HttpSink();
        var compiled = TeamFixture.Compile(id, TeamFixture.Two(environment), new Dictionary<string, string>
        {
            [SettingsCatalog.GrafanaUrl.Key] = "https://grafana.example.test",
            [SettingsCatalog.KibanaUrl.Key] = "https://kibana.example.test",
        });
        var port = StartAlertmanager(compiled, sink);

        Post(port, compiled.Settings, "OrdersDatabaseDown", "critical", "alpha-db", "alpha critical", ("team", "alpha"));
        Post(port, compiled.Settings, "ConsumerLagHigh", "critical", "beta", "beta claims alpha", ("team", "alpha"));
        Post(port, compiled.Settings, "PlatformThingDown", "critical", Namespaces.Monitoring, "platform critical");

        var incident = sink.WaitFor("/pagerduty", b => b.Contains("alpha critical", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "alpha's incident");
        Assert.Equal("alpha-routing-key", RoutingKey(incident));
        sink.WaitFor("/slack/alpha", b => b.Contains("alpha critical", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "alpha's Slack message");
        var beta = sink.WaitFor("/slack/beta", b => b.Contains("beta claims alpha", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "beta's Slack message");
        sink.WaitFor("/pagerduty", b => b.Contains("platform critical", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the platform's incident");
        sink.WaitFor("/slack/platform", b => b.Contains("platform critical", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the platform's Slack message");

        // Several group intervals later: nothing crossed over. A fixed wait only before this negative check, where a
        // loaded machine (Alertmanager slower to send) can only make it pass, never fail.
        Thread.Sleep(TimeSpan.FromSeconds(6));
        Assert.DoesNotContain(sink.BodiesAt("/slack/platform"), b => b.Contains("alpha critical", StringComparison.Ordinal) || b.Contains("beta claims alpha", StringComparison.Ordinal));
        Assert.DoesNotContain(sink.BodiesAt("/slack/alpha"), b => b.Contains("beta claims alpha", StringComparison.Ordinal) || b.Contains("platform critical", StringComparison.Ordinal));
        Assert.DoesNotContain(sink.BodiesAt("/slack/beta"), b => b.Contains("alpha critical", StringComparison.Ordinal));
        var events = sink.BodiesAt("/pagerduty").ToList();
        Assert.All(events.Where(b => b.Contains("alpha critical", StringComparison.Ordinal)), b => Assert.Equal("alpha-routing-key", RoutingKey(b)));
        Assert.All(events.Where(b => b.Contains("platform critical", StringComparison.Ordinal)), b => Assert.Equal("platform-routing-key", RoutingKey(b)));
        Assert.DoesNotContain(events, b => b.Contains("beta claims alpha", StringComparison.Ordinal));
        // The team's links: its dashboards folder and its logs' data view.
        Assert.Contains("dashboards?query=beta", beta, StringComparison.Ordinal);
        Assert.Contains("dataViewId:logs-team-beta", beta, StringComparison.Ordinal);
    }

    /// <summary>
    /// Alert names are not owned: a team's rule named like a platform cause (KafkaClusterDown) mutes none of the
    /// platform's effects (its KafkaConsumerLagHigh still notifies), a team's alert named like an effect is not muted
    /// by the platform's fault, and a team's rule named Watchdog reaches the team, never the dead man's switch (which
    /// still gets the platform's own Watchdog). The rendered configuration in a real Alertmanager.
    /// </summary>
    [ToolFact("prometheus-alertmanager", "prometheus-alertmanager")]
    public void ATeamsAlertNamedLikeThePlatformsNeitherInhibitsNorFeedsTheHeartbeat()
    {
        var id = Stacks.Of(StackRole.Environment).First();
        var environment = Stacks.SettingsOf(id).Environment;
        using var sink = new HttpSink();
        var compiled = TeamFixture.Compile(id, TeamFixture.Two(environment), new Dictionary<string, string>());
        var table = RoutingTable.For(compiled.Settings, [], TeamFixture.Two(environment));
        var alpha = table.Teams.Single(t => t.Team.Name == "alpha").Namespaces[0];
        var beta = table.Teams.Single(t => t.Team.Name == "beta").Namespaces[0];
        var port = StartAlertmanager(compiled, sink);

        // The team's cause, the platform's effect (same cluster label, as every alert of the stack has).
        Post(port, compiled.Settings, KafkaRules.ClusterDownAlert, "critical", alpha, "alpha kafka down");
        Post(port, compiled.Settings, "KafkaConsumerLagHigh", "warning", Namespaces.Logging, "platform lag");
        // Delivered before the platform's own KafkaClusterDown below, which does inhibit it (same namespace): waiting
        // here keeps that legitimate inhibition from racing this check.
        sink.WaitFor("/slack/platform", b => b.Contains("platform lag", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the platform's consumer lag (not inhibited by alpha's KafkaClusterDown)");
        // The platform's cause, the team's effect.
        Post(port, compiled.Settings, KafkaRules.ClusterDownAlert, "critical", Namespaces.Logging, "platform kafka down");
        Post(port, compiled.Settings, "KafkaConsumerLagHigh", "warning", beta, "beta lag");
        // A team's Watchdog, and the platform's (no namespace: its rule is excluded from the enforced label).
        Post(port, compiled.Settings, AlertmanagerRules.WatchdogAlert, "info", beta, "beta watchdog");
        Post(port, compiled.Settings, AlertmanagerRules.WatchdogAlert, "info", null, "platform watchdog");

        sink.WaitFor("/slack/beta", b => b.Contains("beta lag", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "beta's consumer lag (not inhibited by the platform's KafkaClusterDown)");
        sink.WaitFor("/slack/beta", b => b.Contains("beta watchdog", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "beta's Watchdog in beta's channel");
        sink.WaitFor("/heartbeat", b => b.Contains("platform watchdog", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the platform's heartbeat");

        // A fixed wait only before this negative check: a loaded machine can only make it pass.
        Thread.Sleep(TimeSpan.FromSeconds(6));
        Assert.DoesNotContain(sink.BodiesAt("/heartbeat"), b => b.Contains("beta watchdog", StringComparison.Ordinal));
    }

    private int StartAlertmanager(CompiledStack compiled, HttpSink sink)
    {
        var secrets = new Dictionary<string, string>
        {
            [Alertmanager.SlackKey] = $"{sink.Url}/slack/platform",
            [Alertmanager.PagerDutyKey] = "platform-routing-key",
            [Alertmanager.DeadMansSwitchKey] = $"{sink.Url}/heartbeat",
        };
        foreach (var team in new[] { "alpha", "beta" })
        {
            secrets[$"slack-webhook-url-{team}"] = $"{sink.Url}/slack/{team}";
            secrets[$"pagerduty-routing-key-{team}"] = $"{team}-routing-key";
        }

        // Only the endpoint and the root's timers change (so the test takes seconds).
        return LocalAlertmanager.Start(_scratch, "alertmanager", compiled.Graph.Documents.Single(d => d.Path == "alertmanager/alertmanager.yaml").Content, secrets, ObjectValue.Of(
            ("global", ObjectValue.Of(("pagerduty_url", $"{sink.Url}/pagerduty"))),
            ("route", ObjectValue.Of(("group_wait", "1s"), ("group_interval", "2s")))));
    }

    private static void Post(int port, StackSettings settings, string name, string severity, string? ns, string summary, params (string Name, string Value)[] extra)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = name,
            ["severity"] = severity,
            ["environment"] = settings.Environment,
            ["cluster"] = settings.Cluster,
        };
        if (ns is not null)
        {
            labels["namespace"] = ns;
        }

        foreach (var (label, value) in extra)
        {
            labels[label] = value;
        }

        var now = DateTimeOffset.UtcNow;
        var body = new[]
        {
            new Dictionary<string, object>
            {
                ["labels"] = labels,
                ["annotations"] = new Dictionary<string, string> { ["summary"] = summary, ["description"] = summary, ["runbook_url"] = "https://runbooks.example.test" },
                ["startsAt"] = now.AddMinutes(-1).ToString("o", CultureInfo.InvariantCulture),
                ["endsAt"] = now.AddHours(1).ToString("o", CultureInfo.InvariantCulture),
            },
        };
        using var response = Http.PostAsJsonAsync($"http://127.0.0.1:{port}/api/v2/alerts", body).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
    }

    private static string RoutingKey(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("routing_key").GetString()!;
    }

    private static void Route(RenderedStack rendered, string stack, string expected, params string[] labels)
    {
        var (code, output) = Tools.Run("amtool", ["config", "routes", "test", $"--config.file={rendered.AlertmanagerConfig}", $"--verify.receivers={expected}", .. labels]);
        Assert.True(code == 0, $"stack {stack}, labels {string.Join(" ", labels)}: expected {expected}; amtool said: {output}");
    }
}
