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

    public static TheoryData<string> DevelopmentStacks() => Stacks.Data(null, Infra.Config.Profile.Development);

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
                Route(rendered, stack, receiver, $"severity={Name(severity)}", "alertname=SomethingBroke", $"environment={table.Environment}", "namespace=default");
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

    [Theory]
    [MemberData(nameof(DevelopmentStacks))]
    public void DevelopmentNeverPages(string stack) =>
        Assert.All(RoutingOf(stack).BySeverity.Values, r => Assert.Equal(RoutingTable.Slack, r));

    private static RoutingTable RoutingOf(string stack) => RoutingTable.For(Stacks.Compile(stack).Settings, []);

    private static string Name(Severity severity) => severity.ToString().ToLowerInvariant();

    private static void Route(RenderedStack rendered, string stack, string expected, params string[] labels)
    {
        var (code, output) = Tools.Run("amtool", ["config", "routes", "test", $"--config.file={rendered.AlertmanagerConfig}", $"--verify.receivers={expected}", .. labels]);
        Assert.True(code == 0, $"stack {stack}, labels {string.Join(" ", labels)}: expected {expected}; amtool said: {output}");
    }
}
