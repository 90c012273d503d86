namespace Infra.Components;

/// <summary>
/// The typed contributions of a built stack that are not resources themselves: how each workload's pods
/// are read (footprint, requests/limits check), the dashboards, and the network edges the policies allow.
/// </summary>
public sealed record Contributions(IReadOnlyList<WorkloadSource> Workloads, IReadOnlyList<Dashboard> Dashboards, IReadOnlyList<NetworkEdge> Edges);
