namespace Infra.Components.OnCall;

/// <summary>A service's support hours: every listed ISO day (1 Monday .. 7 Sunday) from <see cref="Start"/> to <see cref="End"/> in the zone.</summary>
public sealed record SupportHours(string TimeZoneId, TimeSpan Start, TimeSpan End, IReadOnlyList<int> DaysOfWeek);
