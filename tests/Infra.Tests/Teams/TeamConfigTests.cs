using System.Text.Json;
using Infra.Components.OnCall;
using Infra.Components.Teams;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Teams;

/// <summary>
/// observability:teams: what a team declares, and every mistake reported with its path and the fix; on the
/// on-call stack, each team's PagerDuty service per paging environment from its own escalation policy, and its
/// Slack webhook as a secret output.
/// </summary>
public sealed class TeamConfigTests
{
    public static TheoryData<string, string, string> BadTeams() => new()
    {
        { """[{"name": "orders", "slackChannel": "#o", "namespaces": {"production": ["orders"]}, "color": "red"}]""", "teams[0] has unknown key 'color'", "allowed:" },
        { """[{"name": "Orders", "slackChannel": "#o", "namespaces": {"production": ["orders"]}}]""", "teams[0].name 'Orders'", "lower-case" },
        { """[{"name": "orders", "slackChannel": "orders", "namespaces": {"production": ["orders"]}}]""", "teams[0].slackChannel 'orders'", "must start with '#'" },
        { """[{"name": "orders", "slackChannel": "#o", "namespaces": {"production": ["monitoring"]}}]""", "teams[0].namespaces.production[0] 'monitoring'", "namespaces of their own" },
        { """[{"name": "orders", "slackChannel": "#o", "namespaces": {"production": ["kube-system"]}}]""", "teams[0].namespaces.production[0] 'kube-system'", "namespaces of their own" },
        { """[{"name": "a", "slackChannel": "#a", "namespaces": {"production": ["shared"]}}, {"name": "b", "slackChannel": "#b", "namespaces": {"production": ["shared"]}}]""", "namespace 'shared' is claimed by teams 'a' and 'b'", "remove it from all but one team" },
        { """[{"name": "a", "slackChannel": "#a", "namespaces": {"production": ["b-dashboards"]}}, {"name": "b", "slackChannel": "#b", "namespaces": {"production": ["b"]}}]""", "namespace 'b-dashboards' is claimed by teams 'a' and 'b'", "one owner" },
        { """[{"name": "a", "slackChannel": "#a", "namespaces": {"production": ["a"]}}, {"name": "a", "slackChannel": "#b", "namespaces": {"development": ["a"]}}]""", "declares 'a' 2 times", "one entry per team" },
        { """[{"name": "orders", "slackChannel": "#o"}]""", "teams[0].namespaces must be a mapping", "{production: [orders]" },
        { """[{"name": "orders", "slackChannel": "#o", "namespaces": {"production": []}}]""", "teams[0].namespaces.production must be a non-empty list", "leave the environment out" },
        { """[{"name": "orders", "slackChannel": "#o", "namespaces": {"production": ["Orders_DB"]}}]""", "teams[0].namespaces.production[0] must be a namespace name", "lower-case" },
        { """[{"name": "orders", "slackChannel": "#o", "namespaces": {"production": ["orders"]}, "logRetentionDays": 0}]""", "teams[0].logRetentionDays", "from 1 to 3650" },
        { """{"orders": {}}""", "must be a list", "docs/onboarding.md" },
    };

    [Theory]
    [MemberData(nameof(BadTeams))]
    public void EveryMistakeIsReportedWithItsPathAndTheFix(string json, string path, string fix)
    {
        using var document = JsonDocument.Parse(json);
        var (teams, error) = TeamsParser.Parse(document.RootElement);
        Assert.Null(teams);
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Contains(fix, error, StringComparison.Ordinal);
    }

    [Fact]
    public void OneNamespaceNameMayBelongToDifferentTeamsInDifferentEnvironments()
    {
        var teams = TeamFixture.Parse("""[{"name": "a", "slackChannel": "#a", "namespaces": {"production": ["app"]}}, {"name": "b", "slackChannel": "#b", "namespaces": {"development": ["app"]}}]""");
        Assert.Equal("a", teams.Owner("production", "app")?.Name);
        Assert.Equal("b", teams.Owner("development", "app")?.Name);
        Assert.Null(teams.Owner("staging", "app"));
    }

    [Fact]
    public void AnUnknownEscalationPolicyFailsTheOnCallStackWithThePathAndTheFix()
    {
        var id = Stacks.First(StackRole.OnCall);
        var teams = """[{"name": "orders", "slackChannel": "#o", "escalationPolicy": "no-such-policy", "namespaces": {"production": ["orders"]}}]""";
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(id, new Dictionary<string, string> { [SettingsCatalog.Teams.Key] = teams }));
        Assert.Contains($"{SettingsCatalog.Teams.Key}[0] ('orders').escalationPolicy 'no-such-policy' is not an escalation policy", error.Message, StringComparison.Ordinal);
        Assert.Contains("add the team's policy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TeamsAreAnOnCallSettingOnly()
    {
        var id = Stacks.First(StackRole.Environment);
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(id, new Dictionary<string, string> { [SettingsCatalog.Teams.Key] = "[]" }));
        Assert.Contains(SettingsCatalog.Teams.Key, error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every on-call stack: each team with an escalation policy gets one service per paging environment where it has
    /// namespaces (that policy, never the platform's), the keys as a secret output; each team's Slack webhook is a
    /// secret output from the secret config, never a value in the program.
    /// </summary>
    [Fact]
    public void EachTeamGetsItsOwnServicesAndSecretOutputsOnTheOnCallStack()
    {
        foreach (var id in Stacks.AtLeastOne(StackRole.OnCall))
        {
            // The stack's own teams, whatever they are; then two synthetic teams on every paging environment (one with
            // the stack's first escalation policy, one without), so that a team with a policy is always checked.
            CheckTeams(Stacks.Compile(id));
            var config = Stacks.SettingsOf(id).Get(SettingsCatalog.OnCall);
            Assert.True(config.EscalationPolicies.Count > 0, $"on-call stack {id} has no escalation policy for a team to use");
            // The environments the stack pages for (its services'): a team there gets a service of its own.
            var environments = config.Services.Select(s => s.Environment).Distinct().ToList();
            Assert.True(environments.Count > 0, $"on-call stack {id} pages for no environment: no team service to check");
            string Namespaces(string ns) => "{" + string.Join(", ", environments.Select(e => $"\"{e}\": [\"{ns}\"]")) + "}";
            var teams = $"[{{\"name\": \"alpha\", \"slackChannel\": \"#alpha-alerts\", \"escalationPolicy\": \"{config.EscalationPolicies[0].Name}\", \"namespaces\": {Namespaces("alpha-app")}}},"
                + $" {{\"name\": \"beta\", \"slackChannel\": \"#beta-alerts\", \"namespaces\": {Namespaces("beta-app")}}}]";
            Assert.Equal(1, CheckTeams(Stacks.CompileWith(id, new Dictionary<string, string> { [SettingsCatalog.Teams.Key] = teams })));
        }
    }

    /// <summary>The checks on one compiled on-call stack's teams; returns how many teams with an escalation policy it checked.</summary>
    private static int CheckTeams(CompiledStack compiled)
    {
        var checkedTeams = 0;
        var config = compiled.Settings.Get(SettingsCatalog.OnCall);
        foreach (var team in compiled.Settings.Get(SettingsCatalog.Teams).Items)
        {
            var slack = compiled.Graph.Outputs.Single(o => o.Name == TeamServices.SlackWebhookOutput(team.Name));
            Assert.True(slack.Secret);
            Assert.Contains(SettingsCatalog.TeamSlackWebhooks.Key, compiled.Program, StringComparison.Ordinal);
            var paging = config.Services.Where(s => team.NamespacesIn(s.Environment).Count > 0).Select(s => s.Environment).ToList();
            var services = compiled.Graph.Resources.Where(r => r.Type == "pagerduty:index/service:Service" && r.Name.StartsWith($"team-{team.Name}-service-", StringComparison.Ordinal)).ToList();
            if (team.EscalationPolicy is null)
            {
                Assert.Empty(services);
                continue;
            }

            Assert.Equal(paging.Select(e => TeamServices.ServiceName(team.Name, e)).Order(), services.Select(s => s.Name).Order());
            Assert.All(services, s => Assert.Equal($"escalation-{OnCallStack.Slug(team.EscalationPolicy)}.id", Assert.IsType<ReferenceValue>(s.Properties["escalationPolicy"]).Expression));
            if (paging.Count > 0)
            {
                Assert.True(compiled.Graph.Outputs.Single(o => o.Name == TeamServices.RoutingKeyOutput(team.Name)).Secret);
            }

            checkedTeams++;
        }

        return checkedTeams;
    }
}
