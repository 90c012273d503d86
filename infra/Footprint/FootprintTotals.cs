using Infra.Model;

namespace Infra.Footprint;

/// <summary>
/// Pods, CPU (cores), memory and persistent storage (bytes) of a set of workloads, each multiplied by
/// its replicas (DaemonSets by the node count). <c>NotSet</c> counts container definitions without
/// the value (not multiplied by replicas); they are left out of the sums, never counted as zero.
/// </summary>
public sealed record FootprintTotals(
    int Pods,
    ResourceSum CpuRequest,
    ResourceSum CpuLimit,
    ResourceSum MemoryRequest,
    ResourceSum MemoryLimit,
    decimal StorageBytes)
{
    public static FootprintTotals Of(IEnumerable<WorkloadFootprint> workloads, int nodes)
    {
        var pods = 0;
        var storage = 0m;
        ResourceSum cpuRequest = default, cpuLimit = default, memoryRequest = default, memoryLimit = default;
        foreach (var workload in workloads)
        {
            var count = workload.Pods(nodes);
            pods += count;
            storage += workload.StorageBytesPerPod * count;
            foreach (var container in workload.Containers)
            {
                cpuRequest = cpuRequest.Add(container.CpuRequest, count);
                cpuLimit = cpuLimit.Add(container.CpuLimit, count);
                memoryRequest = memoryRequest.Add(container.MemoryRequest, count);
                memoryLimit = memoryLimit.Add(container.MemoryLimit, count);
            }
        }

        return new FootprintTotals(pods, cpuRequest, cpuLimit, memoryRequest, memoryLimit, storage);
    }
}
