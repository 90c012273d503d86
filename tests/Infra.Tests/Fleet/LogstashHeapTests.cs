using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Footprint;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Fleet;

/// <summary>
/// Logstash's heap (docs/sizing.md, "Logstash"): at least Elastic's recommended 4 GiB in production, and room for one
/// pipeline's batches of its source's longest lines, which the compile checks against each environment's fluentBitMaxLineSize.
/// </summary>
public sealed partial class LogstashHeapTests
{
    public static TheoryData<string> ProductionControlplanes() => Stacks.Data(StackRole.Controlplane, Profile.Production);

    [Theory]
    [MemberData(nameof(ProductionControlplanes))]
    public void EveryProductionLogstashPodHasAtLeastTheRecommendedHeap(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var logstash = compiled.Graph.Resources
            .Where(r => r.Type == FootprintCalculator.ConfigGroupType)
            .SelectMany(r => ValueAccess.List(r.Properties, "objs").OfType<ObjectValue>())
            .Single(o => ValueAccess.Text(o, "kind") == "Logstash");
        var options = ValueAccess.List(logstash, "spec", "podTemplate", "spec", "containers").OfType<ObjectValue>()
            .SelectMany(c => ValueAccess.List(c, "env").OfType<ObjectValue>())
            .Select(e => ValueAccess.Text(e, "value"))
            .Single(v => v is not null && v.Contains("-Xmx", StringComparison.Ordinal))!;
        var heap = int.Parse(XmxMiB().Match(options).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(heap >= Logstash.HeapFloorMiB, $"stack '{stack}': {options}");
    }

    [Fact]
    public void AnEnvironmentsLongestLinesMustFitTheHeapAndTheCompileNamesTheMemory()
    {
        // One environment ships lines of up to 8 MB: 2 workers x 125 events x 2 copies of such lines pass the 4 GiB floor.
        using var fleet = new SyntheticFleet(1, (_, config) => SyntheticFleet.Set(config, SettingsCatalog.FluentBitMaxLineSize.Key, "8M"));
        var error = Assert.Throws<CompilationException>(() => fleet.Compile());
        var message = string.Join("\n", error.Problems);
        Assert.Contains("longest lines", message, StringComparison.Ordinal);
        var fix = Regex.Match(message, $"pulumi config set {Regex.Escape(SettingsCatalog.LogstashMemory.Key)} ([0-9]+(Gi|Mi))");
        Assert.True(fix.Success, message);
        fleet.SetControlplane(SettingsCatalog.LogstashMemory.Key, fix.Groups[1].Value);
        fleet.Compile();
    }

    [GeneratedRegex("-Xmx([0-9]+)m")]
    private static partial Regex XmxMiB();
}
