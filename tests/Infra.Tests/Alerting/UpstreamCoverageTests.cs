using System.Text.Json;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Conformance;
using Infra.Tests.Support;
using ChartDefaults = Infra.Tests.Conformance.ChartDefaults;

namespace Infra.Tests.Alerting;

/// <summary>
/// kube-prometheus-stack's default rules against the rule library, from the chart's anchors
/// (../shared/anchors/kube-prometheus-stack-&lt;version&gt;-default-rules.json: groups, toggles, alert names,
/// EKS usability) and each stack's rendered values: every alert usable on EKS is served once, by the
/// chart (its group's toggles on, the name not in defaultRules.disabled) or by an own rule the mapping
/// keeps; and the control-plane groups follow observability:controlPlane.
/// </summary>
public sealed class UpstreamCoverageTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [SharedTheory]
    [MemberData(nameof(AllStacks))]
    public void EveryEksUsableAlertIsServedOnceAndTheMappingMatchesTheLibrary(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var chart = new ChartRules(compiled);
        var own = compiled.Graph.RuleGroups.SelectMany(g => g.Group.Alerts).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var upstream = chart.EnabledAlertNames();

        // No name is provided twice (one Watchdog among them).
        Assert.Empty(own.Intersect(upstream).Order(StringComparer.Ordinal).Select(n => $"{n}: own rule and the chart's both enabled"));
        Assert.Contains(AlertmanagerRules.WatchdogAlert, own);

        // Every name usable on EKS is served: by the chart, or by an own rule the mapping keeps, or switched off on purpose.
        var missing = Anchors.Groups.Where(g => g.UsableOnEks)
            .SelectMany(g => g.Alerts)
            .Distinct()
            .Where(n => !upstream.Contains(n)
                && !(own.Contains(n) && UpstreamRuleMapping.Kept.ContainsKey(n))
                && !(UpstreamRuleMapping.Superseded.TryGetValue(n, out var by) && own.Contains(by))
                && !UpstreamRuleMapping.SwitchedOff.ContainsKey(n))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Empty(missing);

        // The mapping names the chart's alerts and matches the library: kept ones exist, dropped ones do not and the chart's serve them.
        var chartNames = Anchors.Groups.SelectMany(g => g.Alerts).ToHashSet(StringComparer.Ordinal);
        foreach (var name in UpstreamRuleMapping.Kept.Keys.Concat(UpstreamRuleMapping.Dropped.Keys).Concat(UpstreamRuleMapping.Superseded.Keys).Concat(UpstreamRuleMapping.SwitchedOff.Keys))
        {
            Assert.True(chartNames.Contains(name), $"{name} is in the mapping but not among the chart's alerts");
        }

        Assert.All(UpstreamRuleMapping.Kept.Keys, n => Assert.True(own.Contains(n), $"{n} is kept but no own rule has that name"));
        Assert.All(UpstreamRuleMapping.Superseded, p => Assert.True(own.Contains(p.Value), $"{p.Key} is superseded by {p.Value}, which no own rule is"));
        Assert.All(UpstreamRuleMapping.Superseded.Keys, n => Assert.DoesNotContain(n, upstream));
        Assert.All(UpstreamRuleMapping.Dropped.Keys, n => Assert.False(own.Contains(n), $"{n} is dropped but an own rule still has that name"));
        Assert.All(UpstreamRuleMapping.Dropped.Keys, n => Assert.True(upstream.Contains(n), $"{n} is dropped but the chart's is not enabled"));

        // Every own name the chart also has is in the mapping (a new own rule must choose).
        Assert.Empty(own.Where(n => chartNames.Contains(n) && !UpstreamRuleMapping.Kept.ContainsKey(n)).Select(n => $"{n}: also a chart alert, not in UpstreamRuleMapping.Kept"));
    }

    [SharedTheory]
    [MemberData(nameof(AllStacks))]
    public void TheControlPlaneGroupsAndTargetsFollowTheSetting(string stack)
    {
        foreach (var controlPlane in new[] { SettingsCatalog.ControlPlaneManaged, SettingsCatalog.ControlPlaneSelfManaged })
        {
            var compiled = Stacks.CompileWith(stack, new Dictionary<string, string> { [SettingsCatalog.ControlPlane.Key] = controlPlane });
            var chart = new ChartRules(compiled);
            var selfManaged = controlPlane == SettingsCatalog.ControlPlaneSelfManaged;
            var controlPlaneGroups = Anchors.Groups.Where(g => !g.UsableOnEks && !g.ExtraConditions.Contains("windowsMonitoring.enabled")).ToList();
            Assert.NotEmpty(controlPlaneGroups);
            foreach (var group in controlPlaneGroups)
            {
                Assert.True(chart.Enabled(group) == selfManaged, $"{controlPlane}: group {group.Name} is {(selfManaged ? "off" : "on")}");
            }

            foreach (var target in UpstreamRuleMapping.ControlPlaneTargets)
            {
                Assert.True(chart.Flag($"{target}.enabled") == selfManaged, $"{controlPlane}: {target}.enabled");
            }

            // Every group usable on EKS renders under either setting.
            Assert.All(Anchors.Groups.Where(g => g.UsableOnEks && g.Toggles.All(t => Anchors.ValuesHave(t))), g => Assert.True(chart.Enabled(g), $"{controlPlane}: group {g.Name} is off"));
        }
    }

    /// <summary>The chart's rule toggles as one stack's rendered values (over the chart's defaults) set them.</summary>
    private sealed class ChartRules(CompiledStack compiled)
    {
        private readonly ObjectValue _values = GraphTests.ChartValues(compiled, KubePrometheus.ReleaseName);

        public bool Flag(string path) => (_values.At(path) ?? Anchors.Defaults.At(path)) is BoolValue { Flag: true };

        public bool Disabled(string alert) => _values.At($"defaultRules.disabled.{alert}") is BoolValue { Flag: true };

        public bool Enabled(AnchorGroup group) =>
            group.Toggles.All(Flag) && group.ExtraConditions.All(c => c.StartsWith("not defaultRules.disabled.", StringComparison.Ordinal)
                ? !Disabled(c["not defaultRules.disabled.".Length..].Split(' ')[0])
                : Flag(c));

        public HashSet<string> EnabledAlertNames() =>
            Anchors.Groups.Where(Enabled).SelectMany(g => g.Alerts).Where(n => !Disabled(n)).ToHashSet(StringComparer.Ordinal);
    }

    private sealed record AnchorGroup(string Name, IReadOnlyList<string> Toggles, IReadOnlyList<string> ExtraConditions, IReadOnlyList<string> Alerts, bool UsableOnEks);

    private static class Anchors
    {
        private const string ChartName = "kube-prometheus-stack";

        private static readonly Lazy<(IReadOnlyList<AnchorGroup> Groups, ChartDefaults Defaults)> Data = new(Load);

        public static IReadOnlyList<AnchorGroup> Groups => Data.Value.Groups;

        public static ChartDefaults Defaults => Data.Value.Defaults;

        /// <summary>Whether values.yaml has the toggle (four k8sContainer* toggles are absent and so off: templateConventions.missingToggles).</summary>
        public static bool ValuesHave(string path) => Defaults.At(path) is not null;

        private static (IReadOnlyList<AnchorGroup>, ChartDefaults) Load()
        {
            var pin = Pins.KubePrometheusStack;
            var path = Path.Combine(Repo.SharedDirectory, "anchors", $"{ChartName}-{pin.Version}-default-rules.json");
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            Assert.Equal(pin.Version, root.GetProperty("version").GetString());
            static List<string> Strings(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetString()!)];
            var groups = root.GetProperty("groups").EnumerateArray().Select(g => new AnchorGroup(
                g.GetProperty("name").GetString()!,
                Strings(g.GetProperty("toggles")),
                Strings(g.GetProperty("extraConditions")),
                [.. g.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("name").GetString()!)],
                g.GetProperty("usableOnEks").GetBoolean())).ToList();
            Assert.Equal(root.GetProperty("counts").GetProperty("groups").GetInt32(), groups.Count);
            var defaults = ChartDefaults.Find(ChartName, pin.Version) ?? throw new InvalidOperationException($"no values.yaml for {ChartName} {pin.Version} in {Repo.SharedDirectory}");
            return (groups, defaults);
        }
    }
}
