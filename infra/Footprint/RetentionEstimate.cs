namespace Infra.Footprint;

/// <summary>
/// Storage implied by a retention setting (<see cref="Bytes"/>, null when the setting leaves it unbounded)
/// next to the storage provisioned for it.
/// </summary>
public sealed record RetentionEstimate(string Component, string Subject, string Formula, decimal? Bytes, decimal ProvisionedBytes, string Provisioned)
{
    /// <summary>True when the retained data fits the provisioned volumes; null when it is unbounded.</summary>
    public bool? Fits => Bytes is { } b ? b <= ProvisionedBytes : null;
}
