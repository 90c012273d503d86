using Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests.Alerting;

/// <summary>
/// The rendered rule files with the real promtool: syntax and expressions (check rules), and the unit
/// tests that the products' manifests list (test rules; each in its product's folder, infra/Components/&lt;Product&gt;/),
/// which must cover every alert with firing and quiet cases.
/// </summary>
public sealed class PromtoolTests
{
    /// <summary>The unit-test files the products' manifests list (ProductReachabilityTests fails on a file no product claims).</summary>
    private static IEnumerable<string> UnitTests => Infra.Components.Products.RuleTests.Order(StringComparer.Ordinal).Select(PromtoolFixture.RuleTestPath);

    [ToolFact("promtool", "prometheus")]
    public void EveryRenderedRuleFileOfEveryStackPassesCheckRules()
    {
        foreach (var stack in Stacks.All)
        {
            using var rendered = new RenderedStack(stack);
            var files = Directory.GetFiles(rendered.RulesDirectory, "*.yaml").Order(StringComparer.Ordinal).ToArray();
            Assert.NotEmpty(files);
            var (code, output) = Tools.Run("promtool", ["check", "rules", .. files]);
            Assert.True(code == 0, $"stack {stack}: {output}");
        }
    }

    [ToolFact("promtool", "prometheus")]
    [Trait("Speed", "Slow")]
    public void EveryRuleGroupsUnitTestsPass()
    {
        // The fixed controlplane of tests/promtool/stacks/ (PromtoolFixture): the unit tests hold whatever stacks/ holds.
        using var rendered = new RenderedStack("promtool-fixture", PromtoolFixture.Controlplane);
        var tests = UnitTests.ToList();
        Assert.NotEmpty(tests);
        foreach (var test in tests)
        {
            File.Copy(test, Path.Combine(rendered.RulesDirectory, Path.GetFileName(test)));
        }

        // promtool tests its files one after the other: one promtool per core, each over a share of the files.
        var shares = tests.Select((t, i) => (Share: i % Environment.ProcessorCount, File: Path.Combine(rendered.RulesDirectory, Path.GetFileName(t))))
            .GroupBy(t => t.Share, t => t.File).ToList();
        var runs = new (int Code, string Output)[shares.Count];
        Parallel.For(0, shares.Count, i => runs[i] = Tools.Run("promtool", ["test", "rules", .. shares[i]]));
        Assert.True(runs.All(r => r.Code == 0), string.Join("\n", runs.Where(r => r.Code != 0).Select(r => r.Output)));
    }

    [Fact]
    public void EveryAlertOfEveryStackHasUnitTestsThatFireAndStayQuiet()
    {
        var firing = new HashSet<string>(StringComparer.Ordinal);
        var quiet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var test in UnitTests)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(test)));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            foreach (var unit in ((YamlSequenceNode)root.Children[new YamlScalarNode("tests")]).Children.Cast<YamlMappingNode>())
            {
                if (!unit.Children.TryGetValue(new YamlScalarNode("alert_rule_test"), out var cases))
                {
                    continue;
                }

                foreach (var check in ((YamlSequenceNode)cases).Children.Cast<YamlMappingNode>())
                {
                    var name = ((YamlScalarNode)check.Children[new YamlScalarNode("alertname")]).Value!;
                    var expected = check.Children.TryGetValue(new YamlScalarNode("exp_alerts"), out var e) ? ((YamlSequenceNode)e).Children.Count : 0;
                    (expected > 0 ? firing : quiet).Add(name);
                }
            }
        }

        var alerts = Stacks.All.SelectMany(s => Stacks.Compile(s).Graph.RuleGroups)
            .SelectMany(g => g.Group.Alerts.Select(a => a.Name))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(alerts);
        Assert.Empty(alerts.Where(a => !firing.Contains(a)).Select(a => $"{a}: no firing case"));
        Assert.Empty(alerts.Where(a => !quiet.Contains(a) && a != "Watchdog").Select(a => $"{a}: no quiet case"));
    }
}
