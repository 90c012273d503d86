namespace Infra.Components;

/// <summary>
/// The typed contributions of a built stack that are not resources themselves: how each workload's pods
/// are read (footprint, requests/limits check), the dashboards, the network edges the policies allow, and
/// on a controlplane what the compile knew of each environment (its stack file's retention and partitions).
/// </summary>
public sealed record Contributions(IReadOnlyList<WorkloadSource> Workloads, IReadOnlyList<Dashboard> Dashboards, IReadOnlyList<NetworkEdge> Edges,
    IReadOnlyList<Config.EnvironmentFacts> EnvironmentFacts)
{
    /// <summary>The connections to destinations outside the platform's ingress policies (DNS, API server, Strimzi's pods, addresses).</summary>
    public IReadOnlyList<NetworkEgress> Egresses { get; init; } = [];
}
