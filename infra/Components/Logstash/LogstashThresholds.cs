namespace Infra.Config;

/// <summary>The alert thresholds of Logstash's rules: part of the one list, declared beside the rules that use them.</summary>
public static partial class Thresholds
{
    public static readonly Threshold LogstashQueueVolumeFreePercent = new("logstashQueueVolumeFreePercent", 20, 10, "%", 0, 100, "Logstash persistent-queue volume free space below this.");
}
