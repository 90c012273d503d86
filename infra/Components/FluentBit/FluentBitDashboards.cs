using static Infra.Components.Dashboard;

namespace Infra.Components;

/// <summary>FluentBit's dashboards: overviews on the federated aggregates of its recording rules (selected by environment) and a view of its raw series.</summary>
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
        // Raw series of one cluster's Fluent Bit pods, picked by datasource.
        new("obs-fluent-bit-pods", "Log collection: Fluent Bit pods (per environment)", FluentBit.ComponentName, [
            new("Input records by input", $"sum by (name) (rate(fluentbit_input_records_total[{RateInterval}]))", "{{name}}", "ops"),
            new("Output records by output", $"sum by (name) (rate(fluentbit_output_proc_records_total[{RateInterval}]))", "{{name}}", "ops"),
            new("Output retries", $"sum by (name) (rate(fluentbit_output_retries_total[{RateInterval}]))", "{{name}}", "ops"),
            new("Output retries given up", $"sum by (name) (rate(fluentbit_output_retries_failed_total[{RateInterval}]))", "{{name}}", "ops"),
            new("Output errors", $"sum by (name) (rate(fluentbit_output_errors_total[{RateInterval}]))", "{{name}}", "ops"),
            new("Dropped records", $"sum by (name) (rate(fluentbit_output_dropped_records_total[{RateInterval}]))", "{{name}}", "ops"),
            new("Buffer capacity left by pod", "min by (pod) (fluentbit_output_chunk_available_capacity_percent)", "{{pod}}", "percent"),
            new("Busy buffer chunks by pod", "sum by (pod) (fluentbit_input_storage_chunks_busy_bytes)", "{{pod}}", "bytes"),
        ], DashboardSource.PerEnvironment),
    ];
}
