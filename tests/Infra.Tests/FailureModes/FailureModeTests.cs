using System.Collections.Concurrent;
using Infra.Config;
using Infra.Tests.Support;

namespace Infra.Tests.FailureModes;

/// <summary>
/// The failure-mode table proven against the rendered programs: for every stack (synthetic ones
/// included) and every scenario of the role that sees it, the alerts measured by promtool, muted by the
/// real Alertmanager and routed by amtool must be the ones the scenario expects, a scenario that threatens
/// data must reach a person in time, and docs/failure-modes.md must equal what the measurements say.
/// Its own collection, started first: the suite's longest chain (its cases run one after the other, each
/// running promtool once per core).
/// </summary>
[Trait("Speed", "Slow")]
[Trait("Start", "First")]
public sealed class FailureModeTests
{
    /// <summary>Every scenario that threatens data tells a person within this time at production settings, and pages where the stack pages.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMinutes(10);

    /// <summary>Per stack: the healthy baseline's alerts and every scenario's outcome, from one rendering and one Alertmanager.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<(IReadOnlyList<FiredAlert> Healthy, IReadOnlyList<ScenarioOutcome> Outcomes)>> Runs = new(StringComparer.Ordinal);

    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [ToolTheory("promtool amtool prometheus-alertmanager", "prometheus prometheus-alertmanager")]
    [MemberData(nameof(AllStacks))]
    public void AHealthyClusterRaisesNoAlert(string stack)
    {
        var fired = RunOf(stack).Healthy;
        Assert.True(fired.Count == 0, $"stack {stack}: the healthy baseline raises {string.Join(", ", fired.Select(a => a.Identity))}: fix HealthyCluster (or the rule)");
    }

    [ToolTheory("promtool amtool prometheus-alertmanager", "prometheus prometheus-alertmanager")]
    [MemberData(nameof(AllStacks))]
    public void EveryScenarioAlertsMutesItsEffectsAndTellsSomeoneInTime(string stack)
    {
        var problems = new List<string>();
        foreach (var o in OutcomesOf(stack))
        {
            problems.AddRange(Check(o).Select(p => $"{o.Scenario.Id} on {stack}: {p}"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [ToolFact("promtool amtool prometheus-alertmanager", "prometheus prometheus-alertmanager")]
    [Trait("Output", "Golden")]
    public void TheDocumentIsWhatTheMeasurementsSay()
    {
        // One stack per role and profile among those in stacks/: the document describes the real ones.
        var representatives = new[] { StackRole.Environment, StackRole.Controlplane }
            .SelectMany(role => ProfileCatalog.BuiltIn.Profiles.Select(profile => Stacks.Of(role, profile).FirstOrDefault(id => !Stacks.IsSynthetic(id))))
            .OfType<string>().ToList();
        Assert.NotEmpty(representatives);
        var outcomes = FailureScenarios.All
            .SelectMany(s => representatives.Where(id => Stacks.RoleOf(id) == s.ObservedBy).Select(id => OutcomesOf(id).Single(o => o.Scenario.Id == s.Id)))
            .ToList();
        Assert.NotEmpty(outcomes);
        var expected = FailureModeDocument.Write(outcomes, Budget);
        var path = Path.Combine(Repo.Root, FailureModeDocument.RelativePath);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), $"{FailureModeDocument.RelativePath} is missing: run UPDATE_GOLDEN=1 dotnet test --filter FailureModeTests");
        Assert.True(expected == File.ReadAllText(path), $"{FailureModeDocument.RelativePath} differs from the measurements: run UPDATE_GOLDEN=1 dotnet test --filter FailureModeTests and review the diff");
    }

    [Fact]
    public void EveryScenarioIdIsUniqueAndEveryRoleHasScenarios()
    {
        Assert.Equal(FailureScenarios.All.Count, FailureScenarios.All.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(FailureScenarios.All, s => s.ObservedBy == StackRole.Environment);
        Assert.Contains(FailureScenarios.All, s => s.ObservedBy == StackRole.Controlplane);
    }

    [Fact]
    public void TheRenderedPrometheusKeepsTheIntervalsTheTimelineAssumes()
    {
        // Timeline.Step is the operator's default scrape and evaluation interval: a stack that set its own would make the table wrong.
        foreach (var stack in Stacks.All)
        {
            var values = Stacks.Compile(stack).Graph.Documents.Where(d => d.Path.StartsWith("helm/kube-prometheus", StringComparison.Ordinal)).Select(d => d.Content).ToList();
            Assert.NotEmpty(values);
            Assert.All(values, v => Assert.DoesNotContain("scrapeInterval:", v, StringComparison.Ordinal));
            Assert.All(values, v => Assert.DoesNotContain("evaluationInterval:", v, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void PromtoolsReportOfUnexpectedAlertsIsReadAsFirstFirings()
    {
        const string report = """
              FAILED:
                expr: "min_over_time(timestamp(ALERTS{alertstate=\"firing\"})[5430s:30s])", time: 2h,
                    exp: nil
                    got: {alertname="A", alertstate="firing", pod="a", severity="warning"} 1.86E+03, {alertname="A", alertstate="firing", pod="b \"quoted\", {x}", severity="critical"} 1.89E+03
            """;
        var fired = AlertTimeline.Parse(report);
        Assert.Equal(2, fired.Count);
        Assert.Equal(TimeSpan.FromMinutes(1), fired[0].FirstFiring);
        Assert.False(fired[0].Labels.ContainsKey("alertstate"));
        Assert.Equal("a", fired[0].Labels["pod"]);
        Assert.Equal(TimeSpan.FromSeconds(90), fired[1].FirstFiring);
        Assert.Equal("b \"quoted\", {x}", fired[1].Labels["pod"]);
        Assert.Equal("critical", fired[1].Severity);
        Assert.Equal(TimeSpan.FromSeconds(3723), AlertTimeline.ParseDuration("1h2m3s"));
    }

    private static IReadOnlyList<ScenarioOutcome> OutcomesOf(string stack) => RunOf(stack).Outcomes;

    private static (IReadOnlyList<FiredAlert> Healthy, IReadOnlyList<ScenarioOutcome> Outcomes) RunOf(string stack) =>
        Runs.GetOrAdd(stack, id => new Lazy<(IReadOnlyList<FiredAlert>, IReadOnlyList<ScenarioOutcome>)>(() =>
        {
            using var run = new FailureModeRun(id);
            return run.RunAll([.. FailureScenarios.All.Where(s => s.ObservedBy == Stacks.RoleOf(id))]);
        })).Value;

    /// <summary>What is wrong with one outcome (nothing, when it holds).</summary>
    private static IEnumerable<string> Check(ScenarioOutcome o)
    {
        var s = o.Scenario;
        foreach (var expected in s.Expected(o.Context))
        {
            if (!o.Fired.Any(a => a.Name == expected.Name && a.Severity == expected.Severity))
            {
                yield return $"{expected.Name} ({expected.Severity}) did not fire; fired: {Fired(o)}";
            }
        }

        foreach (var inhibition in s.Inhibited)
        {
            var targets = o.Fired.Where(a => a.Name == inhibition.Alert).ToList();
            var causes = o.Fired.Where(a => a.Name == inhibition.By).ToList();
            if (targets.Count == 0 || causes.Count == 0)
            {
                yield return $"expected {inhibition.By} to mute {inhibition.Alert}, but they did not both fire; fired: {Fired(o)}";
                continue;
            }

            foreach (var target in targets)
            {
                // Alertmanager names the first rule that mutes an alert: a warning tier muted by its own critical counts.
                if (!o.Muted.ContainsKey(target.Identity))
                {
                    yield return $"{target.Identity} is not muted in Alertmanager (expected by {inhibition.By})";
                }
                else if (causes.Min(c => c.FirstFiring) > target.FirstFiring + o.Kinds.GroupWait)
                {
                    yield return $"{target.Identity} first fires at {FailureModeDocument.Time(target.FirstFiring)}, before its cause {inhibition.By} ({FailureModeDocument.Time(causes.Min(c => c.FirstFiring))}): it is notified before the inhibition starts";
                }
            }
        }

        var risk = s.Risk(o.Context);
        if (risk != DataRisk.None && o.FirstNotification is null && s.HeartbeatStops is null)
        {
            yield return $"threatens data ({risk}) but tells nobody; fired: {Fired(o)}";
        }

        if (risk != DataRisk.None && o.PagingStack && s.HeartbeatStops is null && !(o.FirstNotification <= Budget))
        {
            yield return $"threatens data ({risk}) but the first person is told at {FailureModeDocument.Time(o.FirstNotification)}, over the {FailureModeDocument.Time(Budget)} budget";
        }

        if (risk != DataRisk.None && o.PagingStack && s.HeartbeatStops is null && !(o.FirstPage <= Budget))
        {
            yield return $"threatens data ({risk}) on a stack that pages, but the first page is at {FailureModeDocument.Time(o.FirstPage)} (budget {FailureModeDocument.Time(Budget)})";
        }

        if (risk == DataRisk.None && o.FirstNotification is null && s.HeartbeatStops is null && s.Note is null)
        {
            yield return "tells nobody: say why in its Note";
        }

        if (s.MaxPages is { } max && o.Pages > max)
        {
            yield return $"opens {o.Pages} PagerDuty incidents, more than {max}: {string.Join(", ", o.Notified.Where(a => o.Kinds.Pages(o.Receivers[a.Identity])).Select(a => a.Name).Distinct())}";
        }

        if (s.NeverPagesThePlatform && o.FirstPage is not null)
        {
            yield return $"pages the platform: {string.Join(", ", o.Notified.Where(a => o.Kinds.Pages(o.Receivers[a.Identity])).Select(a => a.Identity))}";
        }
    }

    private static string Fired(ScenarioOutcome o) => o.Fired.Count == 0 ? "nothing" : string.Join(", ", o.Fired.Select(a => $"{a.Name} ({a.Severity}) at {FailureModeDocument.Time(a.FirstFiring)}").Distinct());
}
