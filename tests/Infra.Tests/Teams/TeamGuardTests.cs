using System.Text.Json;
using Infra.Components.Teams;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Teams;

/// <summary>
/// Mistakes across stacks that a team's declaration must not get past: an alertRoutes entry that would take a team's
/// alerts, a namespaces key that no stack serves (or a stack name where the environment label is meant), and a team
/// retention beyond what Elasticsearch is sized for. Logs follow the environment label, as metrics do, also where a
/// stack's name differs from its label.
/// </summary>
public sealed class TeamGuardTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    /// <summary>Every cluster stack with two synthetic teams: an entry naming a team's namespace or the team is refused with the entry and the fix; any other namespace is still the operator's.</summary>
    [Theory]
    [MemberData(nameof(AllStacks))]
    public void AnAlertRouteOfATeamsNamespaceOrTeamIsRefused(string id)
    {
        var settings = Stacks.SettingsOf(id);
        var teams = TeamFixture.Two(settings.Environment);
        var own = settings.Get(SettingsCatalog.AlertRoutes).Routes.Select(r => new Dictionary<string, string> { [r.MatchLabel] = r.MatchValue, ["receiver"] = r.Receiver }).ToList();
        foreach (var (label, value, team) in new[] { ("namespace", teams.Items[0].NamespacesIn(settings.Environment)[0], teams.Items[0].Name), ("team", teams.Items[1].Name, teams.Items[1].Name) })
        {
            var routes = own.Append(new Dictionary<string, string> { [label] = value, ["receiver"] = "slack" });
            var error = Assert.Throws<CompilationException>(() => TeamFixture.Compile(id, teams, new Dictionary<string, string> { [SettingsCatalog.AlertRoutes.Key] = JsonSerializer.Serialize(routes) }));
            Assert.Contains($"{SettingsCatalog.AlertRoutes.Key}[{own.Count}] ({{{label}: {value}, receiver: slack}})", error.Message, StringComparison.Ordinal);
            Assert.Contains($"team '{team}'", error.Message, StringComparison.Ordinal);
            Assert.Contains("fix: remove the entry", error.Message, StringComparison.Ordinal);
        }

        var other = own.Append(new Dictionary<string, string> { ["namespace"] = "nobodys-namespace", ["receiver"] = "slack" });
        _ = TeamFixture.Compile(id, teams, new Dictionary<string, string> { [SettingsCatalog.AlertRoutes.Key] = JsonSerializer.Serialize(other) });
    }

    /// <summary>Every on-call stack: a namespaces key no stack serves fails its compile with the team, the key and the known environments.</summary>
    [Fact]
    public void ANamespacesKeyNoStackServesIsRefusedWithTheKnownEnvironments()
    {
        foreach (var id in Stacks.AtLeastOne(StackRole.OnCall))
        {
            var settings = Stacks.SettingsOf(id);
            var known = TeamEnvironments.Known(settings, settings.Get(SettingsCatalog.OnCall), Stacks.RootOf(id))!;
            Assert.NotEmpty(known);
            var unknown = SyntheticStacks.UnusedName("no-such-environment");
            var teams = Guard([known[0], unknown]);
            var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(id, new Dictionary<string, string> { [SettingsCatalog.Teams.Key] = teams }));
            Assert.Contains($"{SettingsCatalog.Teams.Key}[0] ('guard').namespaces.{unknown}: no stack serves environment '{unknown}'", error.Message, StringComparison.Ordinal);
            Assert.Contains($"known environments: {string.Join(", ", known)}", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain($"namespaces.{known[0]}:", error.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Every controlplane of stacks/, in a copy of the project where one of its environments' label differs from its
    /// stack name: the on-call stack knows the label, not the stack name; the team's logs of that environment go to
    /// its data stream when declared under the label (and are labelled with it), never when declared under the stack name.
    /// </summary>
    [Fact]
    public void TeamsAndLogsAreKeyedByTheEnvironmentLabelNotTheStackName()
    {
        var checkedStacks = 0;
        foreach (var controlplane in Repo.Stacks.Where(s => Stacks.RoleOf(s) == StackRole.Controlplane))
        {
            var environment = Stacks.SettingsOf(controlplane).Get(SettingsCatalog.Environments).Items.Order(StringComparer.Ordinal).FirstOrDefault(e => File.Exists(StackFileReader.PathFor(Repo.Root, e)));
            if (environment is null)
            {
                continue;
            }

            var root = Path.Combine(Path.GetTempPath(), $"infra-label-{Guid.NewGuid():N}");
            try
            {
                ProjectCopy.Create(root);
                var label = $"{environment}-label";
                SetLabel(StackFileReader.PathFor(root, environment), label);
                var identity = StackIdentity.Read(root, environment);
                Assert.Equal(label, identity.Environment);

                // The on-call stack that this environment takes its teams from knows the label, not the stack name.
                if (identity.TeamsStack is { Length: > 0 } onCall && File.Exists(StackFileReader.PathFor(root, onCall)))
                {
                    var onCallSettings = SettingsBinder.Bind(StackFileReader.Read(root, onCall), secretsMustBeEncrypted: true);
                    var known = TeamEnvironments.Known(onCallSettings, onCallSettings.Get(SettingsCatalog.OnCall), root)!;
                    Assert.Contains(label, known);
                    var byStack = TeamFixture.Parse(Guard([environment]));
                    Assert.Equal(known.Contains(environment, StringComparer.Ordinal) ? 0 : 1, TeamEnvironments.Problems(onCallSettings, byStack, known).Count());
                }

                foreach (var (key, routed) in new[] { (label, true), (environment, false) })
                {
                    var teams = TeamFixture.Parse(Guard([key]));
                    var compiled = StackCompiler.Compile(StackFileReader.Read(root, controlplane), root, fromStackFile: true, teams: TeamsSource.Of(teams));
                    var pipeline = compiled.Graph.Documents.Single(d => d.Path == $"logstash/pipelines/{environment}.conf").Content;
                    Assert.Equal(routed, pipeline.Contains($"\"[data_stream][dataset]\" => \"{TeamLogs.Dataset(teams.Items[0])}\"", StringComparison.Ordinal));
                    Assert.Contains($"\"environment\" => \"{label}\"", pipeline, StringComparison.Ordinal);
                    Assert.Equal(routed, compiled.Graph.Documents.Any(d => d.Path == $"elasticsearch/setup/ilm-team-guard-{environment}.json"));
                }

                checkedStacks++;
            }
            finally
            {
                Directory.Delete(root, true);
            }
        }

        Assert.True(checkedStacks > 0 || !Repo.Stacks.Any(s => Stacks.RoleOf(s) == StackRole.Controlplane), "no controlplane with an environment stack file was checked");
    }

    /// <summary>Every controlplane: a team retention one day over a log source's retention is refused with the key and the fix; equal to it compiles.</summary>
    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void ATeamRetentionBeyondItsEnvironmentsIsRefused(string id)
    {
        var settings = Stacks.SettingsOf(id);
        var facts = new EnvironmentFactsSource(Stacks.RootOf(id));
        var sources = settings.Get(SettingsCatalog.Environments).Items.Select(e => (Stack: e, Label: facts.EnvironmentLabelOf(e), Days: facts.For(e).LogRetentionDays))
            .Prepend((Stack: settings.Stack, Label: settings.Environment, Days: settings.Get(SettingsCatalog.LogRetentionDays))).ToList();
        foreach (var source in sources)
        {
            string Team(int days) => Guard([source.Label], days);
            var error = Assert.Throws<CompilationException>(() => TeamFixture.Compile(id, TeamFixture.Parse(Team(source.Days + 1))));
            Assert.Contains($"{SettingsCatalog.Teams.Key}[0] ('guard').logRetentionDays is {source.Days + 1}, longer than the {source.Days} days of environment '{source.Label}' (stack '{source.Stack}'", error.Message, StringComparison.Ordinal);
            Assert.Contains($"fix: set the team's logRetentionDays to at most {source.Days}", error.Message, StringComparison.Ordinal);
            _ = TeamFixture.Compile(id, TeamFixture.Parse(Team(source.Days)));
        }
    }

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    /// <summary>
    /// Every controlplane's federation jobs keep only samples labelled with their environment's own environment and
    /// cluster (its stack outputs): a team's rule in one environment cannot publish series or alerts as another's.
    /// </summary>
    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void FederationKeepsOnlyEachEnvironmentsOwnLabels(string id)
    {
        var compiled = Stacks.Compile(id);
        var jobs = (ListValue)Infra.Yaml.YamlValueReader.Parse(compiled.Graph.Documents.Single(d => d.Path == "prometheus/federation.yaml").Content);
        var environments = Stacks.SettingsOf(id).Get(SettingsCatalog.Environments).Items;
        Assert.Equal(environments.Count, jobs.Items.Count);
        foreach (var job in jobs.Items.Cast<ObjectValue>())
        {
            var stack = ((StringValue)job["job_name"]!).Text[Infra.Components.Federation.JobPrefix.Length..];
            var keeps = ((ListValue)job["metric_relabel_configs"]!).Items.Cast<ObjectValue>().Where(r => r["action"] is StringValue { Text: "keep" }).ToList();
            // The environment's own labels, from its stack file (not its outputs: StackOutputTrustPolicyTests).
            var settings = Stacks.SettingsOf(Stacks.EnvironmentsOf(id).Single(e => Stacks.NameOf(e) == stack));
            foreach (var (label, value) in new[] { (EnvironmentOutputs.Environment, settings.Environment), (EnvironmentOutputs.Cluster, settings.Cluster) })
            {
                var keep = Assert.Single(keeps, k => ((ListValue)k["source_labels"]!).Items.Cast<StringValue>().Single().Text == label);
                Assert.Equal(Infra.Components.EnvironmentLiterals.RegexLiteral(value), ((StringValue)keep["regex"]!).Text);
            }
        }
    }

    /// <summary>Team "guard" with namespace "guard" in each environment, and optionally a log retention.</summary>
    private static string Guard(IReadOnlyList<string> environments, int? days = null)
    {
        var team = new Dictionary<string, object>
        {
            ["name"] = "guard",
            ["slackChannel"] = "#guard",
            ["namespaces"] = environments.ToDictionary(e => e, _ => new[] { "guard" }),
        };
        if (days is { } d)
        {
            team["logRetentionDays"] = d;
        }

        return JsonSerializer.Serialize(new[] { team });
    }

    private static void SetLabel(string path, string label)
    {
        var key = SettingsCatalog.EnvironmentLabel.Key;
        var lines = File.ReadAllLines(path).Where(l => !l.TrimStart().StartsWith($"{key}:", StringComparison.Ordinal)).ToList();
        lines.Insert(lines.FindIndex(l => l.TrimEnd() == "config:") + 1, $"  {key}: {label}");
        File.WriteAllLines(path, lines);
    }
}
