using Infra.Model;

namespace Infra.Components;

/// <summary>A component's alerting and recording rules: one PrometheusRule and prometheus/rules/&lt;File&gt;.yaml.</summary>
public sealed record RuleFile(string Component, string File, IReadOnlyList<RuleGroup> Groups);
