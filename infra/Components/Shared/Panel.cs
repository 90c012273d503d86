namespace Infra.Components;

/// <summary>A time-series panel: one PromQL query, its legend and unit (Grafana unit ids such as percentunit, bytes, ops, s).</summary>
public sealed record Panel(string Title, string Expr, string Legend, string Unit);
