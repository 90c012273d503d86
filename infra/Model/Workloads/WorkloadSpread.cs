namespace Infra.Model;

/// <summary>
/// How a replicated workload survives the loss of a node or a zone, as read from its rendered spec:
/// replicas required on different nodes, spread over zones, and a disruption budget that keeps a
/// drain from taking more than it may.
/// </summary>
/// <param name="OnePerNode">A required anti-affinity on kubernetes.io/hostname (or the operator's equivalent).</param>
/// <param name="AcrossZones">A topology spread (or the operator's zone awareness) over topology.kubernetes.io/zone.</param>
/// <param name="DisruptionBudget">A PodDisruptionBudget covers the pods (declared here, or made by the operator).</param>
public sealed record WorkloadSpread(bool OnePerNode, bool AcrossZones, bool DisruptionBudget)
{
    public bool Complete => OnePerNode && AcrossZones && DisruptionBudget;
}
