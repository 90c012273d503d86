namespace Infra.Components.Teams;

/// <summary>The value of <c>observability:teams</c>: every team, in the order declared.</summary>
public sealed record TeamList(IReadOnlyList<Team> Items)
{
    public static TeamList Empty { get; } = new(Array.Empty<Team>());

    /// <summary>The teams with at least one namespace in an environment.</summary>
    public IReadOnlyList<Team> In(string environment) => [.. Items.Where(t => t.NamespacesIn(environment).Count > 0)];

    /// <summary>The team owning a namespace of an environment, or null (a platform namespace, or nobody's).</summary>
    public Team? Owner(string environment, string ns) => Items.FirstOrDefault(t => t.NamespacesIn(environment).Contains(ns, StringComparer.Ordinal));
}
