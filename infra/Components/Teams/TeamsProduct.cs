using Infra.Config;

namespace Infra.Components;

/// <summary>The teams the platform serves (their namespaces, quotas, budgets and routes): settings and rules the other components read.</summary>
public static class TeamsProduct
{
    public static Product Manifest { get; } = new("Teams")
    {
        Settings = SettingsCatalog.OfTeams,
        RuleTests = ["team-budgets.test.yaml", "team-series.test.yaml"],
    };
}
