using System.Globalization;

namespace Infra.Tests.FailureModes;

/// <summary>
/// One input series of a failure scenario, in promtool's expanding notation, sampled every
/// <see cref="Timeline.Step"/> from time zero: healthy until <see cref="Timeline.FaultStart"/>, then
/// whatever the fault does to it. Its <see cref="Key"/> (name and sorted labels) lets a scenario replace
/// a series of the healthy baseline.
/// </summary>
public sealed record SyntheticSeries(string Name, Labels Labels, string Values)
{
    /// <summary>The series selector as promtool reads it, labels in name order (also its identity).</summary>
    public string Key => Labels.Count == 0
        ? Name
        : $"{Name}{{{string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\""))}}}";

    private static int Before => Timeline.SamplesBeforeFault;

    private static int After => Timeline.SamplesFromFault;

    /// <summary>The same value all along.</summary>
    public static SyntheticSeries Steady(string name, Labels labels, double value) =>
        new(name, labels, $"{N(value)}x{Before + After - 1}");

    /// <summary><paramref name="healthy"/> until the fault, then <paramref name="faulty"/>.</summary>
    public static SyntheticSeries Step(string name, Labels labels, double healthy, double faulty) =>
        new(name, labels, $"{N(healthy)}x{Before - 1} {N(faulty)}x{After - 1}");

    /// <summary>A counter growing by <paramref name="healthyPerStep"/> a sample, then by <paramref name="faultyPerStep"/> from the fault on.</summary>
    public static SyntheticSeries Counter(string name, Labels labels, double healthyPerStep, double faultyPerStep) =>
        new(name, labels, $"0+{N(healthyPerStep)}x{Before - 1} {N(healthyPerStep * Before)}+{N(faultyPerStep)}x{After - 1}");

    /// <summary>A counter growing all along.</summary>
    public static SyntheticSeries Counter(string name, Labels labels, double perStep) => Counter(name, labels, perStep, perStep);

    /// <summary>Present until the fault, then gone (a stale marker, then no samples), as when its target disappears.</summary>
    public static SyntheticSeries Vanishes(string name, Labels labels, double healthy) =>
        new(name, labels, $"{N(healthy)}x{Before - 1} stale{(After > 1 ? $" _x{After - 1}" : string.Empty)}");

    /// <summary>A counter that stops when its target disappears.</summary>
    public static SyntheticSeries CounterVanishes(string name, Labels labels, double perStep) =>
        new(name, labels, $"0+{N(perStep)}x{Before - 1} stale{(After > 1 ? $" _x{After - 1}" : string.Empty)}");

    /// <summary>Absent before the fault, then <paramref name="faulty"/> (a series the fault creates).</summary>
    public static SyntheticSeries Appears(string name, Labels labels, double faulty) =>
        new(name, labels, $"_x{Before - 1} {N(faulty)}x{After - 1}");

    /// <summary>Absent before the fault, then a counter growing by <paramref name="perStep"/> a sample (a counter created by its first count).</summary>
    public static SyntheticSeries AppearsCounting(string name, Labels labels, double perStep) =>
        new(name, labels, $"_x{Before - 1} {N(perStep)}+{N(perStep)}x{After - 1}");

    /// <summary>
    /// A counter growing by <paramref name="perStep"/> a sample, still at its healthy value at the fault's first
    /// sample, then jumping to <paramref name="to"/> and growing on (a consumer that skips ahead one poll later).
    /// </summary>
    public static SyntheticSeries SkipsTo(string name, Labels labels, double perStep, double to) =>
        new(name, labels, $"0+{N(perStep)}x{Before - 1} {N(perStep * Before)} {N(to)}+{N(perStep)}x{After - 2}");

    /// <summary>A counter from <paramref name="start"/> growing by <paramref name="perStep"/> a sample all along (a long-lived partition's offsets).</summary>
    public static SyntheticSeries CounterFrom(string name, Labels labels, double start, double perStep) =>
        new(name, labels, $"{N(start)}+{N(perStep)}x{Before + After - 1}");

    /// <summary>A counter from <paramref name="start"/> growing by <paramref name="perStep"/> a sample until the fault, then flat.</summary>
    public static SyntheticSeries CounterFromUntilFault(string name, Labels labels, double start, double perStep) =>
        new(name, labels, $"{N(start)}+{N(perStep)}x{Before - 1} {N(start + (perStep * Before))}x{After - 1}");

    /// <summary><paramref name="healthy"/> until the fault, then changing by <paramref name="perStep"/> a sample (a filling disk or buffer).</summary>
    public static SyntheticSeries Ramp(string name, Labels labels, double healthy, double perStep) =>
        new(name, labels, $"{N(healthy)}x{Before - 1} {N(healthy + perStep)}{(perStep < 0 ? "-" : "+")}{N(Math.Abs(perStep))}x{After - 1}");

    /// <summary><paramref name="healthy"/> until the fault, then <paramref name="faulty"/> growing by <paramref name="perStep"/> a sample.</summary>
    public static SyntheticSeries Jump(string name, Labels labels, double healthy, double faulty, double perStep) =>
        new(name, labels, $"{N(healthy)}x{Before - 1} {N(faulty)}+{N(perStep)}x{After - 1}");

    /// <summary>A series the fault removes from the beginning (a pipeline that never started): no samples at all.</summary>
    public static SyntheticSeries Never(string name, Labels labels) => new(name, labels, string.Empty);

    public bool IsNever => Values.Length == 0;

    private static string N(double value) => value.ToString("0.###############", CultureInfo.InvariantCulture);
}
