using static Infra.Components.Dashboard;

namespace Infra.Components;

/// <summary>Logstash's dashboards, on the federated aggregates its recording rules produce (every environment, selected by environment).</summary>
internal static class LogstashDashboards
{
    public static IReadOnlyList<Dashboard> All { get; } =
    [
        new("obs-logstash", "Log processing: Logstash", Logstash.ComponentName, [
            new("Events in / out", $"pipeline:logstash_events_in:rate5m{{{EnvironmentFilter}}} or pipeline:logstash_events_out:rate5m{{{EnvironmentFilter}}}", "{{pipeline}} {{__name__}}", "ops"),
            new("Dead-letter queue size", $"pipeline:logstash_dead_letter_queue_bytes:max{{{EnvironmentFilter}}}", "{{pipeline}}", "bytes"),
        ]),
    ];
}
