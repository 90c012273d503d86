namespace Infra.Config;

/// <summary>
/// One alert threshold: its key inside <c>observability:alertThresholds</c>, unit and bounds. Its default is
/// the profile's (the <c>thresholds</c> section of infra/Profiles/&lt;profile&gt;.yaml).
/// </summary>
public sealed record Threshold(string Name, string Unit, decimal Min, decimal Max, string Description)
{
    public decimal DefaultFor(Profile profile) => profile.Threshold(this);
}
