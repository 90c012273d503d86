using Infra.Model;

namespace Infra;

/// <summary>
/// Every long-running container requests CPU and memory and limits memory: without them a pod is
/// scheduled blindly and can starve or be evicted with its node's other pods. Checked on the model the
/// footprint reports (its containers, not init containers), so a charts-values/ file that drops a
/// chart's resources is caught at compile time.
/// </summary>
public static class ResourceRequirementCheck
{
    public static IReadOnlyList<string> Problems(CompiledStack compiled) =>
        compiled.ReadWorkloads()
            .SelectMany(w => w.Containers.Select(c => (Workload: w, Container: c, Missing: Missing(c))))
            .Where(x => x.Missing.Count > 0)
            .Select(x => $"stack '{compiled.Settings.Stack}': {x.Workload.Component} {x.Workload.Kind} '{x.Workload.Name}', container '{x.Container.Name}', has no {string.Join(", ", x.Missing)}; set resources.requests.cpu, resources.requests.memory and resources.limits.memory for it (in charts-values/<chart>/ for a chart's workloads).")
            .ToList();

    private static List<string> Missing(ContainerFootprint container)
    {
        var missing = new List<string>();
        if (container.CpuRequest is null)
        {
            missing.Add("CPU request");
        }

        if (container.MemoryRequest is null)
        {
            missing.Add("memory request");
        }

        if (container.MemoryLimit is null)
        {
            missing.Add("memory limit");
        }

        return missing;
    }
}
