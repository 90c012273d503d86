namespace Infra.Model;

/// <summary>A persistent volume claim of each pod of a workload, in bytes.</summary>
public sealed record VolumeFootprint(string Name, decimal Bytes);
