using NodaTime;

namespace Infra.Components.OnCall;

/// <summary>A schedule: its time zone (one the provider accepts, from NodaTime's tz database) and its layers, lowest first (a later layer overrides the earlier ones where it has someone on call).</summary>
public sealed record OnCallSchedule(string Name, string? Team, string TimeZoneId, DateTimeZone Zone, IReadOnlyList<ScheduleLayer> Layers);
