namespace Infra.Components;

/// <summary>
/// One cause-and-consequence pair of alert sets for Alertmanager's inhibit_rules: while any of
/// <paramref name="Causes"/> fires, the <paramref name="Effects"/> that agree with it on every label of
/// <paramref name="Equal"/> notify no one (Alertmanager still shows them as inhibited).
/// </summary>
/// <param name="Name">A short name for tables and tests.</param>
/// <param name="Causes">The alerts that explain the others.</param>
/// <param name="Effects">The alerts the causes bring about.</param>
/// <param name="Equal">The labels that make them the same place (the same cluster, pipeline, job).</param>
/// <param name="Why">Why the effects follow from the causes.</param>
public sealed record CausalInhibition(string Name, IReadOnlyList<string> Causes, IReadOnlyList<string> Effects, IReadOnlyList<string> Equal, string Why)
{
    /// <summary>Labels an effect must also carry to be muted (e.g. LogsStopped only where it names the cause's hop).</summary>
    public IReadOnlyList<(string Name, string Value)> EffectLabels { get; init; } = [];
}
