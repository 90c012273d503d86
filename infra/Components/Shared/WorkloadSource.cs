using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The pods a resource makes, as its owning component knows them: read from the resource's final
/// properties (a chart's merged values, a custom resource's spec) when the footprint is computed.
/// </summary>
public sealed record WorkloadSource(Resource Resource, Func<Resource, IEnumerable<WorkloadFootprint>> Read);
