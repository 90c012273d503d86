namespace Infra.Model;

/// <summary>
/// A set of identical pods: a Deployment, StatefulSet or operator-managed pod set, or a DaemonSet
/// (<see cref="Replicas"/> null: one pod per node). Containers and volumes are per pod.
/// </summary>
public sealed record WorkloadFootprint(
    string Component,
    string Name,
    string Kind,
    int? Replicas,
    IReadOnlyList<ContainerFootprint> Containers,
    IReadOnlyList<VolumeFootprint> Volumes)
{
    /// <summary>How the pods are placed, where the component's reader knows it (null: not read).</summary>
    public WorkloadSpread? Spread { get; init; }

    public bool PerNode => Replicas is null;

    public int Pods(int nodes) => Replicas ?? nodes;

    public decimal StorageBytesPerPod => Volumes.Sum(v => v.Bytes);
}
