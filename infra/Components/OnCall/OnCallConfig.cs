namespace Infra.Components.OnCall;

/// <summary>
/// The typed, validated on-call model of the on-call stack (<c>observability:onCall</c>), and the window of
/// the rotation calendar: <see cref="CalendarWeeks"/> weeks from midnight of <see cref="CalendarStart"/> in
/// each schedule's time zone (a date from config, never the clock, so the rendered calendar is reproducible),
/// and <see cref="PublishedCalendar"/>, the committed copy of the last published calendar that render revises
/// (a path relative to the project folder), if the project keeps one.
/// </summary>
public sealed record OnCallConfig(
    IReadOnlyList<OnCallUser> Users,
    IReadOnlyList<OnCallTeam> Teams,
    IReadOnlyList<OnCallSchedule> Schedules,
    IReadOnlyList<EscalationPolicy> EscalationPolicies,
    IReadOnlyList<PagingService> Services,
    DateOnly CalendarStart,
    int CalendarWeeks,
    IReadOnlyList<MaintenanceWindow>? MaintenanceWindows = null,
    string? PublishedCalendar = null)
{
    /// <summary>The maintenance windows (none when the config lists none).</summary>
    public IReadOnlyList<MaintenanceWindow> Maintenance => MaintenanceWindows ?? [];

    /// <summary>The user of an email (emails are compared case-insensitively, as PagerDuty does).</summary>
    public OnCallUser User(string email) => Users.Single(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));
}
