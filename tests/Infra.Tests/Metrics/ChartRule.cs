using Infra.Tests.Support;

namespace Infra.Tests.Metrics;

/// <summary>A default rule of kube-prometheus-stack (alert or record) and the selectors it reads.</summary>
public sealed record ChartRule(string File, string Group, string? Alert, string? Record, IReadOnlyList<PromqlSelector> Selectors)
{
    public string Describe => $"kube-prometheus-stack default rules {File} group {Group}: {(Alert is null ? $"record {Record}" : $"alert {Alert}")}";
}
