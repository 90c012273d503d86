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
    public static TheoryData<string> AllStacks() => Repo.StackData();

    [ToolFact("amtool", "prometheus-alertmanager")]
    public void EveryStacksConfigurationPassesCheckConfig()
    {
        foreach (var stack in Repo.Stacks)
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
        foreach (var stack in Repo.Stacks)
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

        // Three stacks x three severities at least, plus production's override.
        Assert.True(checkedCells >= 12, $"only {checkedCells} routing cells checked");
    }

    [Fact]
    public void ProductionPagesOnCriticalAndDevelopmentNever()
    {
        Assert.Equal(RoutingTable.PagerDutyAndSlack, RoutingOf("production").BySeverity[Severity.Critical]);
        Assert.Equal(RoutingTable.Slack, RoutingOf("production").BySeverity[Severity.Warning]);
        Assert.All(RoutingOf("development").BySeverity.Values, r => Assert.Equal(RoutingTable.Slack, r));
        var (route, receiver) = Assert.Single(RoutingOf("production").Overrides);
        Assert.Equal(("namespace", "payments-beta", RoutingTable.Slack), (route.MatchLabel, route.MatchValue, receiver));
    }

    private static RoutingTable RoutingOf(string stack) => RoutingTable.For(Stacks.Compile(stack).Settings, []);

    private static string Name(Severity severity) => severity.ToString().ToLowerInvariant();

    private static void Route(RenderedStack rendered, string stack, string expected, params string[] labels)
    {
        var (code, output) = Tools.Run("amtool", ["config", "routes", "test", $"--config.file={rendered.AlertmanagerConfig}", $"--verify.receivers={expected}", .. labels]);
        Assert.True(code == 0, $"stack {stack}, labels {string.Join(" ", labels)}: expected {expected}; amtool said: {output}");
    }
}
