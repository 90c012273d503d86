using static Infra.Components.Dashboard;

namespace Infra.Components;

/// <summary>FluentBit's dashboards, on the federated aggregates its recording rules produce (every environment, selected by environment).</summary>
internal static class FluentBitDashboards
{
    public static IReadOnlyList<Dashboard> All { get; } =
    [
        new("obs-fluent-bit", "Log collection: Fluent Bit", FluentBit.ComponentName, [
            new("Records in / out", $"cluster:fluentbit_input_records:rate5m{{{EnvironmentFilter}}} or cluster:fluentbit_output_records:rate5m{{{EnvironmentFilter}}}", "{{environment}} {{__name__}}", "ops"),
            new("Output errors and retries", $"cluster:fluentbit_output_errors:rate5m{{{EnvironmentFilter}}} or cluster:fluentbit_output_retries:rate5m{{{EnvironmentFilter}}}", "{{environment}} {{__name__}}", "ops"),
            new("Dropped records", $"cluster:fluentbit_output_dropped_records:rate5m{{{EnvironmentFilter}}}", "{{environment}}", "ops"),
            new("Buffer capacity left (lowest pod)", $"min by (environment) (pod:fluentbit_output_chunk_available_capacity:min_percent{{{EnvironmentFilter}}})", "{{environment}}", "percent"),
        ]),
    ];
}
