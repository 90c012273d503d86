namespace Infra.Config;

/// <summary>The window of the log-freshness rule (LogsStopped): part of the one list, declared beside the rule that uses it.</summary>
public static partial class Thresholds
{
    public static readonly Threshold LogsStoppedMinutes = new("logsStoppedMinutes", "min", 3, 1440,
        "A Logstash pipeline (one per environment) that indexed nothing for this long, although Fluent Bit sends heartbeats every 30 s, alerts LogsStopped (after 3 more minutes). On a stack that pages, keep it small enough that, with those 3 minutes, a stalled pipeline is notified within the 10-minute budget of docs/failure-modes.md.");

    /// <summary>The log-freshness thresholds of the Logstash product (LogstashProduct), in documentation order.</summary>
    public static IReadOnlyList<Threshold> OfLogFreshness => [LogsStoppedMinutes];
}
