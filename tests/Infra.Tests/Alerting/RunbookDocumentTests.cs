using Infra.Emitters;
using Infra.Tests.Support;

namespace Infra.Tests.Alerting;

/// <summary>docs/runbooks.md is generated from the rule library and has a section for every alert the runbook links point at.</summary>
[Trait("Output", "Golden")]
public sealed class RunbookDocumentTests
{
    [Fact]
    public void TheRunbookDocumentIsCurrentAndCoversEveryAlert()
    {
        var groups = Stacks.Compile(Stacks.Controlplane).Graph.RuleGroups;
        var generated = RunbookDocument.Markdown(groups);
        var path = Path.Combine(Repo.Root, "docs", "runbooks.md");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path) && File.ReadAllText(path) == generated, "docs/runbooks.md is out of date: run UPDATE_GOLDEN=1 dotnet test");
        foreach (var alert in Stacks.All.SelectMany(s => Stacks.Compile(s).Graph.RuleGroups).SelectMany(g => g.Group.Alerts).Select(a => a.Name).Distinct())
        {
            // GitHub-style anchors: the heading text in lower case.
            Assert.Contains($"\n### {alert}\n", generated, StringComparison.Ordinal);
        }
    }
}
