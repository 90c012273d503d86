namespace Infra.Model;

/// <summary>
/// A Prometheus alerting rule with the annotations every alert carries (summary, description,
/// runbook) and the first steps that docs/runbooks.md shows for it.
/// </summary>
public sealed record AlertRule(string Name, string Expr, string For, Severity Severity, string Summary, string Description, string FirstSteps)
{
    /// <summary>keep_firing_for: how long the alert stays firing after its condition last held (none: it resolves at once).</summary>
    public string? KeepFiringFor { get; init; }
}
