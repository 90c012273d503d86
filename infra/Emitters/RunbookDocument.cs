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
            // A tiered alert is one name with a rule per severity (critical inhibits warning): one section, every level.
            foreach (var tiers in byComponent.SelectMany(g => g.Group.Alerts).GroupBy(a => a.Name).OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                var alert = tiers.First();
                text.Append($"\n### {alert.Name}\n\n");
                text.Append(string.Join("; ", tiers.Select(t => $"Severity **{t.Severity.ToString().ToLowerInvariant()}**, fires after {t.For}"))).Append(".\n\n");
                text.Append($"{alert.Description}\n\n");
                text.Append($"**First steps:** {alert.FirstSteps}\n\n");
                foreach (var tier in tiers)
                {
                    text.Append($"```promql\n{tier.Expr}\n```\n");
                }
            }
        }

        return text.ToString();
    }
}
