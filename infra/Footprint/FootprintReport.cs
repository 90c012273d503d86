using Infra.Model;

namespace Infra.Footprint;

/// <summary>The footprint of one stack: every workload by component, the totals, and the storage implied by retention.</summary>
public sealed record FootprintReport(
    string Stack,
    string Role,
    string Profile,
    FootprintOptions Options,
    IReadOnlyList<WorkloadFootprint> Workloads,
    IReadOnlyList<RetentionEstimate> Retention)
{
    /// <summary>Components in the order their first workload appears (the deployment order).</summary>
    public IReadOnlyList<string> Components => Workloads.Select(w => w.Component).Distinct().ToList();

    public IEnumerable<WorkloadFootprint> Of(string component) => Workloads.Where(w => w.Component == component);

    public FootprintTotals Subtotal(string component) => FootprintTotals.Of(Of(component), Options.Nodes);

    public FootprintTotals Total => FootprintTotals.Of(Workloads, Options.Nodes);
}
