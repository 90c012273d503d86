using System.Text;
using Infra.Model;

namespace Infra.Emitters;

/// <summary>
/// docs/runbooks.md: one section per alert (its heading anchor is the alert name in lower case,
/// which is what every alert's runbook_url points at), generated from the rule library.
/// </summary>
public static class RunbookDocument
{
    public static string Markdown(IEnumerable<(string Component, RuleGroup Group)> groups)
    {
        var text = new StringBuilder();
        text.Append("# Alert runbooks\n\n");
        text.Append("Generated from the rule library (each component's `infra/Components/<Product>/*Rules.cs`); a test fails when this file is out of date.\n");
        text.Append("Every alert's `runbook_url` is `<observability:runbookBaseUrl>#<alert name in lower case>`, i.e. a heading below.\n");
        text.Append("Thresholds shown are the production defaults; each stack can change them (`observability:alertThresholds`).\n");
        foreach (var byComponent in groups.GroupBy(g => g.Component).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append($"\n## {byComponent.Key}\n");
            foreach (var alert in byComponent.SelectMany(g => g.Group.Alerts).DistinctBy(a => a.Name).OrderBy(a => a.Name, StringComparer.Ordinal))
            {
                text.Append($"\n### {alert.Name}\n\n");
                text.Append($"Severity **{alert.Severity.ToString().ToLowerInvariant()}**, fires after {alert.For}.\n\n");
                text.Append($"{alert.Description}\n\n");
                text.Append($"**First steps:** {alert.FirstSteps}\n\n");
                text.Append($"```promql\n{alert.Expr}\n```\n");
            }
        }

        return text.ToString();
    }
}
