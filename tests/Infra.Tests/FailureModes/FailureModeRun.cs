using Infra.Tests.Alerting;
using Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests.FailureModes;

/// <summary>
/// Every scenario of a stack's role run against that stack's rendered rules (promtool) and rendered
/// Alertmanager configuration (Alertmanager and amtool). Disposing stops the Alertmanager and removes the files.
/// </summary>
public sealed class FailureModeRun : IDisposable
{
    private readonly RenderedStack _rendered;
    private readonly AlertmanagerProbe _alertmanager;
    private readonly IReadOnlyCollection<string> _alertNames;

    public FailureModeRun(string stackId)
    {
        _rendered = new RenderedStack(stackId);
        Context = new ScenarioContext(stackId, Stacks.Compile(stackId));
        Kinds = new ReceiverKinds(_rendered.AlertmanagerConfig);
        _alertNames = AlertNames(_rendered.RulesDirectory);
        _alertmanager = new AlertmanagerProbe(_rendered.AlertmanagerConfig, Context.ExternalLabels);
    }

    public ScenarioContext Context { get; }

    public ReceiverKinds Kinds { get; }

    /// <summary>The healthy baseline alone: what fires with no fault (must be nothing).</summary>
    public IReadOnlyList<FiredAlert> Healthy() =>
        AlertTimeline.Measure(_rendered.RulesDirectory, HealthyCluster.For(Context), _alertNames, "healthy");

    public ScenarioOutcome Run(FailureScenario scenario)
    {
        var series = Merge(HealthyCluster.For(Context), scenario.Fault(Context));
        var fired = AlertTimeline.Measure(_rendered.RulesDirectory, series, _alertNames, scenario.Id);
        var muted = _alertmanager.Inhibited(fired, scenario.Id);
        var receivers = fired.ToDictionary(a => a.Identity, _alertmanager.Receiver, StringComparer.Ordinal);
        return new ScenarioOutcome(scenario, Context, fired, muted, receivers, Kinds);
    }

    public void Dispose()
    {
        _alertmanager.Dispose();
        _rendered.Dispose();
    }

    /// <summary>The healthy series with the fault's replacing those of the same name and labels.</summary>
    public static IReadOnlyList<SyntheticSeries> Merge(IEnumerable<SyntheticSeries> healthy, IEnumerable<SyntheticSeries> fault)
    {
        var merged = new Dictionary<string, SyntheticSeries>(StringComparer.Ordinal);
        foreach (var s in healthy)
        {
            merged[s.Key] = s;
        }

        foreach (var s in fault)
        {
            merged[s.Key] = s;
        }

        return [.. merged.Values.Where(s => !s.IsNever).OrderBy(s => s.Key, StringComparer.Ordinal)];
    }

    /// <summary>Every alert name of the rendered rule files but the always-firing Watchdog.</summary>
    private static SortedSet<string> AlertNames(string rulesDirectory)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(rulesDirectory, "*.yaml"))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            foreach (var group in ((YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode)["groups"]).Children.Cast<YamlMappingNode>())
            {
                foreach (var rule in ((YamlSequenceNode)group["rules"]).Children.Cast<YamlMappingNode>())
                {
                    if (rule.Children.TryGetValue(new YamlScalarNode("alert"), out var alert) && ((YamlScalarNode)alert).Value != Infra.Components.AlertmanagerRules.WatchdogAlert)
                    {
                        names.Add(((YamlScalarNode)alert).Value!);
                    }
                }
            }
        }

        return names;
    }
}
