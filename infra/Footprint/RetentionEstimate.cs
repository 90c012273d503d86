namespace Infra.Footprint;

/// <summary>
/// Storage implied by a retention setting (<see cref="Bytes"/>, null when the setting leaves it unbounded)
/// next to the storage provisioned for it, of which <see cref="UsableBytes"/> may be filled.
/// </summary>
public sealed record RetentionEstimate(string Component, string Subject, string Formula, decimal? Bytes, decimal ProvisionedBytes, string Provisioned)
{
    /// <summary>What the data may fill of the provisioned storage (Elasticsearch: below its low disk watermark); all of it unless set.</summary>
    public decimal UsableBytes { get; init; } = ProvisionedBytes;

    /// <summary>True when the retained data fits the usable part of the provisioned volumes; null when it is unbounded.</summary>
    public bool? Fits => Bytes is { } b ? b <= UsableBytes : null;
}
