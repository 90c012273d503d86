namespace Infra.Tests.Support;

/// <summary>
/// How long the real-process tests wait for an event. They poll for it and return as soon as it happens, so a
/// long ceiling costs nothing on a passing run; the expected time alone is a wall-clock margin a machine
/// loaded by other builds exceeds (an end-to-end PagerDuty trigger once took over 4 minutes there).
/// </summary>
public static class Patience
{
    /// <summary>The least any wait allows.</summary>
    public static TimeSpan Floor { get; } = TimeSpan.FromMinutes(3);

    /// <summary>The ceiling of a wait expected to take <paramref name="expected"/>: five times it, at least <see cref="Floor"/>.</summary>
    public static TimeSpan For(TimeSpan expected) => TimeSpan.FromTicks(Math.Max(expected.Ticks * 5, Floor.Ticks));
}
