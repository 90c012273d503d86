namespace Infra.Components;

/// <summary>A container's CPU and memory requests and its memory limit, as Kubernetes quantities.</summary>
public sealed record ContainerSize(string Cpu, string Memory, string MemoryLimit);
