namespace Infra.Config;

/// <summary>The window of the log-freshness rule (LogsStopped): part of the one list, declared beside the rule that uses it.</summary>
public static partial class Thresholds
{
    public static readonly Threshold LogsStoppedMinutes = new("logsStoppedMinutes", 5, 10, "min", 3, 1440,
        "A Logstash pipeline (one per environment) that indexed nothing for this long, although Fluent Bit sends heartbeats every 30 s, alerts LogsStopped (after 3 more minutes). Production's 5 keeps a stalled pipeline within the 10-minute notification budget of docs/failure-modes.md.");

    /// <summary>The log-freshness thresholds of the Logstash product (LogstashProduct), in documentation order.</summary>
    public static IReadOnlyList<Threshold> OfLogFreshness => [LogsStoppedMinutes];
}
