using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Prometheus' query limits (--query.max-concurrency, --query.max-samples), sized from the pod's memory limit so
/// that every query slot loading its maximum at once still fits in <see cref="MemoryShare"/> of it: the head
/// block, the WAL and scrapes need the rest. Without a concurrency bound, 20 heavy queries (the upstream default)
/// through the federation gateway's grafana credential outgrow any limit and OOM-kill the environment's Prometheus
/// (docs/design-notes.md, "Query limits from the memory limit").
/// </summary>
public sealed record PrometheusQueryLimits(int MaxConcurrency, int MaxSamples)
{
    /// <summary>
    /// What the engine counts one sample as: a float sample is an FPoint, an int64 timestamp and a float64 (16 bytes),
    /// and a native histogram counts as its size over 16 (prometheus/prometheus v3.14.0 promql/value.go, HPoint.size).
    /// A lower bound of the real cost, hence the share below.
    /// </summary>
    public const int BytesPerSample = 16;

    /// <summary>The share of the memory limit all query slots together may load.</summary>
    public const decimal MemoryShare = 1m / 3;

    /// <summary>
    /// Rule evaluation queues behind the same slots (one engine, one active-query tracker: main.go), so a few
    /// heavy dashboard queries must leave some free.
    /// </summary>
    public const int MinConcurrency = 4;

    public const int MaxConcurrencyCap = 16;

    /// <summary>No query loads more than this even on a large pod: about 320 MB (the upstream default, 50 million, is 800 MB).</summary>
    public const int MostSamples = 20_000_000;

    /// <summary>maxSamples is rounded down to this step (a readable flag value).</summary>
    public const int SamplesStep = 100_000;

    /// <summary>The limits for a memory limit in bytes; null (no limit, which the compile refuses elsewhere): the bounds.</summary>
    public static PrometheusQueryLimits For(decimal? memoryLimitBytes)
    {
        if (memoryLimitBytes is not { } limit || limit <= 0)
        {
            return new(MinConcurrency, MostSamples);
        }

        var budget = limit * MemoryShare;
        var concurrency = (int)Math.Clamp(decimal.Floor(budget / (BytesPerSample * (decimal)MostSamples)), MinConcurrency, MaxConcurrencyCap);
        var samples = Math.Min(MostSamples, decimal.Floor(budget / (BytesPerSample * concurrency) / SamplesStep) * SamplesStep);
        return new(concurrency, (int)Math.Max(SamplesStep, samples));
    }

    /// <summary>The limits for the merged kube-prometheus-stack values (Prometheus' memory limit).</summary>
    public static PrometheusQueryLimits ForValues(ObjectValue values) =>
        For(ValueAccess.Quantity(values, "prometheus", "prometheusSpec", "resources", "limits", "memory"));

    /// <summary>Bytes the query slots may hold at once: every slot at maxSamples.</summary>
    public long WorstCaseBytes => (long)MaxConcurrency * MaxSamples * BytesPerSample;
}
