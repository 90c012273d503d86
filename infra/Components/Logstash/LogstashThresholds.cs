namespace Infra.Config;

/// <summary>The alert thresholds of Logstash's rules: part of the one list, declared beside the rules that use them.</summary>
public static partial class Thresholds
{
    public static readonly Threshold LogstashQueueVolumeFreePercent = new("logstashQueueVolumeFreePercent", 20, 10, "%", 0, 100, "Free part of a Logstash pipeline's persisted queue (of its logstashQueueSize) below this.");
    public static readonly Threshold LogstashWorkerUtilizationWarningPercent = new("logstashWorkerUtilizationWarningPercent", 80, 80, "%", 1, 100, "Logstash pipeline worker utilization above this for 30m (warning).");
    public static readonly Threshold LogstashWorkerUtilizationCriticalPercent = new("logstashWorkerUtilizationCriticalPercent", 95, 95, "%", 1, 100, "Logstash pipeline worker utilization above this for 30m (critical: saturated).");
    public static readonly Threshold LogstashHeapUsedPercent = new("logstashHeapUsedPercent", 90, 90, "%", 1, 100, "Logstash JVM heap used above this for 15m.");

    /// <summary>The alert thresholds of the Logstash product (LogstashProduct), in documentation order.</summary>
    public static IReadOnlyList<Threshold> OfLogstash => [LogstashQueueVolumeFreePercent, LogstashWorkerUtilizationWarningPercent, LogstashWorkerUtilizationCriticalPercent, LogstashHeapUsedPercent];
}
