namespace Infra.Config;

/// <summary>The alert thresholds of NodeExporter's rules: part of the one list, declared beside the rules that use them.</summary>
public static partial class Thresholds
{
    public static readonly Threshold NodeCpuHighPercent = new("nodeCpuHighPercent", 90, 95, "%", 1, 100, "Node CPU busy above this for 15m.");
    public static readonly Threshold NodeMemoryHighPercent = new("nodeMemoryHighPercent", 90, 95, "%", 1, 100, "Node memory in use above this for 15m.");
    public static readonly Threshold NodeFilesystemFreeWarningPercent = new("nodeFilesystemFreeWarningPercent", 15, 10, "%", 0, 100, "Filesystem free space below this and predicted to fill within 24h.");
    public static readonly Threshold NodeFilesystemFreeCriticalPercent = new("nodeFilesystemFreeCriticalPercent", 5, 3, "%", 0, 100, "Filesystem free space below this.");
    public static readonly Threshold NodeInodesFreeWarningPercent = new("nodeInodesFreeWarningPercent", 15, 10, "%", 0, 100, "Free inodes below this and predicted to run out within 24h.");
    public static readonly Threshold NodeInodesFreeCriticalPercent = new("nodeInodesFreeCriticalPercent", 5, 3, "%", 0, 100, "Free inodes below this.");
    public static readonly Threshold NodeClockSkewSeconds = new("nodeClockSkewSeconds", 0.05m, 0.5m, "s", 0.001m, 60, "Clock offset from NTP above this.");
    public static readonly Threshold NodeNetworkErrorRatio = new("nodeNetworkErrorRatio", 0.01m, 0.05m, "ratio", 0, 1, "Share of packets with receive or transmit errors.");
    public static readonly Threshold NodeMemoryCriticalPercent = new("nodeMemoryCriticalPercent", 97, 98, "%", 1, 100, "Node memory in use above this for 5m (critical).");

    /// <summary>The alert thresholds of the NodeExporter product (NodeExporterProduct), in documentation order.</summary>
    public static IReadOnlyList<Threshold> OfNodeExporter => [NodeCpuHighPercent, NodeMemoryHighPercent, NodeMemoryCriticalPercent, NodeFilesystemFreeWarningPercent, NodeFilesystemFreeCriticalPercent, NodeInodesFreeWarningPercent, NodeInodesFreeCriticalPercent, NodeClockSkewSeconds, NodeNetworkErrorRatio];
}
