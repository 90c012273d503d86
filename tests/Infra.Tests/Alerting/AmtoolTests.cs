using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Alerting;

/// <summary>
/// Every stack's rendered alertmanager.yaml with the real amtool: the configuration is valid, and
/// routing sends every severity and every override of the stack's routing table where the table says.
/// </summary>
public sealed class AmtoolTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [ToolFact("amtool", "prometheus-alertmanager")]
    public void EveryStacksConfigurationPassesCheckConfig()
    {
        foreach (var stack in Stacks.All)
        {
            using var rendered = new RenderedStack(stack);
            var (code, output) = Tools.Run("amtool", "check-config", rendered.AlertmanagerConfig);
            Assert.True(code == 0, $"stack {stack}: {output}");
        }
    }

    [ToolFact("amtool", "prometheus-alertmanager")]
    public void EverySeverityAndOverrideRoutesToTheTablesReceivers()
    {
        var checkedCells = 0;
        foreach (var stack in Stacks.All)
        {
            using var rendered = new RenderedStack(stack);
            var table = RoutingOf(stack);
            foreach (var (severity, receiver) in table.BySeverity)
            {
                // The platform's alerts: about one of its namespaces, or about no namespace at all (a node, the cluster).
                foreach (var @namespace in table.PlatformNamespaces)
                {
                    Route(rendered, stack, receiver, $"severity={Name(severity)}", "alertname=SomethingBroke", $"environment={table.Environment}", $"namespace={@namespace}");
                }

                Route(rendered, stack, receiver, $"severity={Name(severity)}", "alertname=SomethingBroke", $"environment={table.Environment}");

                // A team's workload: never the platform's pager, whatever the severity.
                Route(rendered, stack, RoutingTable.TeamNamespaces, $"severity={Name(severity)}", "alertname=KubePodCrashLooping", $"environment={table.Environment}", $"namespace={TeamNamespace(table)}");
                checkedCells++;
            }

            foreach (var (route, receiver) in table.Overrides)
            {
                foreach (var severity in Enum.GetValues<Severity>())
                {
                    Route(rendered, stack, receiver, $"severity={Name(severity)}", "alertname=SomethingBroke", $"{route.MatchLabel}={route.MatchValue}");
                    checkedCells++;
                }
            }

            Route(rendered, stack, RoutingTable.DeadMansSwitch, "alertname=Watchdog", "severity=info");
        }

        // Every severity of every stack, plus the overrides.
        Assert.True(checkedCells >= Stacks.All.Count * Enum.GetValues<Severity>().Length, $"only {checkedCells} routing cells checked");
    }

    /// <summary>
    /// Ownership on every paging stack: a team's critical alert reaches Slack, not the platform's PagerDuty; the same
    /// alert from a platform namespace pages; and an alertRoutes entry sending that team's namespace to pagerduty pages
    /// for it (and for no other team).
    /// </summary>
    [ToolFact("amtool", "prometheus-alertmanager")]
    public void TeamNamespacesPageOnlyWhenTheirAlertRoutesSaySo()
    {
        var paging = Stacks.All.Where(s => Stacks.SettingsOf(s).Get(Infra.Config.SettingsCatalog.PagerDutyEnabled)).ToList();
        Assert.NotEmpty(paging);
        foreach (var stack in paging)
        {
            var table = RoutingOf(stack);
            var team = TeamNamespace(table);
            string[] critical = ["severity=critical", "alertname=KubeContainerMemoryNearLimit", $"environment={table.Environment}"];
            using (var rendered = new RenderedStack(stack))
            {
                Route(rendered, stack, RoutingTable.TeamNamespaces, [.. critical, $"namespace={team}"]);
                Assert.NotEqual(RoutingTable.PagerDutyAndSlack, RoutingTable.TeamNamespaces);
                Route(rendered, stack, RoutingTable.PagerDutyAndSlack, [.. critical, $"namespace={table.PlatformNamespaces[0]}"]);
            }

            var routes = Stacks.SettingsOf(stack).Get(Infra.Config.SettingsCatalog.AlertRoutes).Routes
                .Select(r => new Dictionary<string, string> { [r.MatchLabel] = r.MatchValue, ["receiver"] = r.Receiver })
                .Append(new Dictionary<string, string> { ["namespace"] = team, ["receiver"] = "pagerduty" });
            var compiled = Stacks.CompileWith(stack, new Dictionary<string, string> { [Infra.Config.SettingsCatalog.AlertRoutes.Key] = System.Text.Json.JsonSerializer.Serialize(routes) });
            using (var rendered = new RenderedStack(stack, compiled))
            {
                Route(rendered, stack, RoutingTable.PagerDutyAndSlack, [.. critical, $"namespace={team}"]);
                Route(rendered, stack, RoutingTable.PagerDutyAndSlack, ["severity=warning", "alertname=KubeContainerMemoryNearLimit", $"namespace={team}"]);
                Route(rendered, stack, RoutingTable.TeamNamespaces, [.. critical, $"namespace={team}-other"]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void TheRoutingTableOwnsThePlatformsNamespacesOnly(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var table = RoutingOf(stack);
        // A team's dashboards namespace (labelled with its team) is the team's, not the platform's.
        var used = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:core/v1:Namespace" && r.Properties.At("metadata.labels.team") is null)
            .Select(r => ((Infra.Model.StringValue)r.Properties.At("metadata.name")!).Text);
        Assert.All(used, n => Assert.Contains(n, table.PlatformNamespaces));
        Assert.All(RoutingTable.PlatformPrerequisites, n => Assert.Contains(n, table.PlatformNamespaces));
        Assert.DoesNotContain("default", table.PlatformNamespaces);
        Assert.Equal(table.PlatformNamespaces.Count, Infra.Components.Namespaces.All.Count(n => n.Roles.Contains(compiled.Settings.Role)) + RoutingTable.PlatformPrerequisites.Count);
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void CriticalPagesWherePagerDutyIsEnabledAndOverridesFollowTheConfig(string stack)
    {
        var settings = Stacks.Compile(stack).Settings;
        var table = RoutingOf(stack);
        Assert.Equal(settings.Get(Infra.Config.SettingsCatalog.PagerDutyEnabled) ? RoutingTable.PagerDutyAndSlack : RoutingTable.Slack, table.BySeverity[Severity.Critical]);
        Assert.Equal(RoutingTable.Slack, table.BySeverity[Severity.Warning]);
        Assert.Equal(RoutingTable.Slack, table.BySeverity[Severity.Info]);
        Assert.Equal(settings.Get(Infra.Config.SettingsCatalog.AlertRoutes).Routes, table.Overrides.Select(o => o.Route));
        Assert.All(table.Overrides, o => Assert.Equal(o.Route.Receiver switch { "pagerduty" => RoutingTable.PagerDutyAndSlack, "none" => RoutingTable.Nobody, _ => RoutingTable.Slack }, o.Receiver));
    }

    /// <summary>The stacks that do not page (pagerDutyEnabled false), whatever their profile: a development copy may page.</summary>
    public static TheoryData<string> StacksThatDoNotPage() => Stacks.Data(Stacks.All.Where(s => !Stacks.SettingsOf(s).Get(Infra.Config.SettingsCatalog.PagerDutyEnabled)));

    [Theory]
    [MemberData(nameof(StacksThatDoNotPage))]
    public void AStackThatDoesNotPageNeverPages(string stack)
    {
        var table = RoutingOf(stack);
        Assert.All(table.BySeverity.Values, r => Assert.Equal(RoutingTable.Slack, r));
        Assert.DoesNotContain(table.Overrides, o => o.Receiver == RoutingTable.PagerDutyAndSlack);
    }

    private static RoutingTable RoutingOf(string stack) => RoutingTable.For(Stacks.Compile(stack).Settings, []);

    /// <summary>A namespace the platform does not own and no override of the stack names.</summary>
    private static string TeamNamespace(RoutingTable table) =>
        Enumerable.Range(1, 100).Select(i => $"team-{i}").First(n => !table.PlatformNamespaces.Contains(n) && !table.Overrides.Any(o => o.Route.MatchValue == n));

    private static string Name(Severity severity) => severity.ToString().ToLowerInvariant();

    private static void Route(RenderedStack rendered, string stack, string expected, params string[] labels)
    {
        var (code, output) = Tools.Run("amtool", ["config", "routes", "test", $"--config.file={rendered.AlertmanagerConfig}", $"--verify.receivers={expected}", .. labels]);
        Assert.True(code == 0, $"stack {stack}, labels {string.Join(" ", labels)}: expected {expected}; amtool said: {output}");
    }
}
