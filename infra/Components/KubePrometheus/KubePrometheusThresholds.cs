namespace Infra.Config;

/// <summary>The alert thresholds of KubePrometheus's rules: part of the one list, declared beside the rules that use them.</summary>
public static partial class Thresholds
{
    public static readonly Threshold PvcFreeWarningPercent = new("pvcFreeWarningPercent", 15, 10, "%", 0, 100, "PersistentVolumeClaim free space below this and predicted to fill within 4 days.");
    public static readonly Threshold PvcFreeCriticalPercent = new("pvcFreeCriticalPercent", 3, 3, "%", 0, 100, "PersistentVolumeClaim free space below this.");
    public static readonly Threshold CertManagerExpiryWarningDays = new("certManagerExpiryWarningDays", 14, 14, "days", 1, 365, "cert-manager certificate expiring in fewer days than this (warning; renewal normally happens well before).");
    public static readonly Threshold CertManagerExpiryCriticalDays = new("certManagerExpiryCriticalDays", 3, 3, "days", 0, 365, "cert-manager certificate expiring in fewer days than this (critical).");
    public static readonly Threshold ContainerMemoryLimitWarningPercent = new("containerMemoryLimitWarningPercent", 90, 90, "%", 1, 100, "Container working set above this share of its memory limit for 15m (warning).");
    public static readonly Threshold ContainerMemoryLimitCriticalPercent = new("containerMemoryLimitCriticalPercent", 97, 97, "%", 1, 100, "Container working set above this share of its memory limit for 5m (critical: OOM kill imminent).");

    /// <summary>The alert thresholds of the KubePrometheus product (KubePrometheusProduct), in documentation order.</summary>
    public static IReadOnlyList<Threshold> OfKubePrometheus => [PvcFreeWarningPercent, PvcFreeCriticalPercent, ContainerMemoryLimitWarningPercent, ContainerMemoryLimitCriticalPercent, CertManagerExpiryWarningDays, CertManagerExpiryCriticalDays];
}
