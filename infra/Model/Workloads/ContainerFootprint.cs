namespace Infra.Model;

/// <summary>
/// One container's CPU (cores) and memory (bytes) requests and limits; null means not set, which
/// is reported as such and never counted as zero.
/// </summary>
public sealed record ContainerFootprint(string Name, decimal? CpuRequest, decimal? CpuLimit, decimal? MemoryRequest, decimal? MemoryLimit)
{
    /// <summary>Reads a Kubernetes <c>resources</c> block (requests, limits); absent or empty means not set.</summary>
    public static ContainerFootprint FromResources(string name, Value? resources)
    {
        var cpuLimit = ValueAccess.Quantity(resources, "limits", "cpu");
        var memoryLimit = ValueAccess.Quantity(resources, "limits", "memory");

        // The API server defaults a missing request to the limit, so that is what the scheduler reserves.
        return new ContainerFootprint(
            name,
            ValueAccess.Quantity(resources, "requests", "cpu") ?? cpuLimit,
            cpuLimit,
            ValueAccess.Quantity(resources, "requests", "memory") ?? memoryLimit,
            memoryLimit);
    }
}
