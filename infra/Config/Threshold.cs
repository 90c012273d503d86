namespace Infra.Config;

/// <summary>One alert threshold: its key inside <c>observability:alertThresholds</c>, default per profile, unit and bounds.</summary>
public sealed record Threshold(string Name, decimal Production, decimal Development, string Unit, decimal Min, decimal Max, string Description)
{
    public decimal DefaultFor(Profile profile) => profile == Profile.Production ? Production : Development;
}
