using NodaTime;

namespace Infra.Components.OnCall;

/// <summary>Planned work: the services (by environment) whose incidents PagerDuty does not open from <see cref="Start"/> to <see cref="End"/> (wall-clock times of the zone).</summary>
public sealed record MaintenanceWindow(string Description, IReadOnlyList<string> Environments, string TimeZoneId, DateTimeZone Zone, LocalDateTime Start, LocalDateTime End);
