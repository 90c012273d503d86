namespace Infra.Config;

/// <summary>The alert thresholds of KubePrometheus's rules: part of the one list, declared beside the rules that use them.</summary>
public static partial class Thresholds
{
    public static readonly Threshold PvcFreeWarningPercent = new("pvcFreeWarningPercent", 15, 10, "%", 0, 100, "PersistentVolumeClaim free space below this and predicted to fill within 4 days.");
    public static readonly Threshold PvcFreeCriticalPercent = new("pvcFreeCriticalPercent", 3, 3, "%", 0, 100, "PersistentVolumeClaim free space below this.");
}
