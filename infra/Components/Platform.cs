using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Builds a cluster stack from the components of its role, as <see cref="Products.All"/> declares them:
/// environments run metrics, alerting, log collection and buffering; the controlplane runs all of that plus
/// storage, search, dashboards and the pull from every environment.
/// </summary>
public static class Platform
{
    /// <summary>Component name of stack-wide resources (providers, namespaces, stack references, NetworkPolicies).</summary>
    public const string ComponentName = "Platform";

    public static ResourceGraph Build(StackSettings settings, ChartValuesSource chartValues) =>
        Build(settings, chartValues, out _);

    /// <param name="contributions">The finished context: the typed contributions (workloads, edges, dashboards) the footprint and checks read.</param>
    /// <param name="environmentFacts">Where a controlplane reads its environments' sizing facts; null: the defaults for each.</param>
    /// <param name="teams">Where the stack reads the teams it serves; null: none.</param>
    public static ResourceGraph Build(StackSettings settings, ChartValuesSource chartValues, out StackContext contributions, EnvironmentFactsSource? environmentFacts = null, Teams.TeamsSource? teams = null)
    {
        contributions = new StackContext(settings, chartValues, Products.ComponentsOf(settings), environmentFacts, teams);
        return contributions.BuildAll();
    }
}
