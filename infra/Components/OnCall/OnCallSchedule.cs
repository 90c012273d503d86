namespace Infra.Components.OnCall;

/// <summary>A schedule: its IANA time zone and its layers, lowest first (a later layer overrides the earlier ones where it has someone on call).</summary>
public sealed record OnCallSchedule(string Name, string? Team, string TimeZoneId, TimeZoneInfo TimeZone, IReadOnlyList<ScheduleLayer> Layers);
