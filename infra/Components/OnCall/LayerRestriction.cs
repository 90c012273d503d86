namespace Infra.Components.OnCall;

/// <summary>
/// When a layer may have someone on call: from <see cref="StartTimeOfDay"/> (local time of the schedule)
/// for <see cref="DurationSeconds"/>, every day, or every week from <see cref="StartDayOfWeek"/> (1 Monday .. 7 Sunday).
/// </summary>
public sealed record LayerRestriction(RestrictionKind Kind, int? StartDayOfWeek, TimeSpan StartTimeOfDay, long DurationSeconds)
{
    /// <summary>The PagerDuty type name.</summary>
    public string TypeName => Kind == RestrictionKind.Daily ? "daily_restriction" : "weekly_restriction";
}
