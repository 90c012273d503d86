namespace Infra.Components.OnCall;

/// <summary>
/// The PagerDuty service of one environment that pages: its escalation policy, its timeouts in seconds
/// (null: disabled), and optional support hours with the urgency of incidents outside them.
/// </summary>
public sealed record PagingService(string Environment, string EscalationPolicy, string Name, long? AcknowledgementTimeoutSeconds = PagingService.DefaultAcknowledgementTimeoutSeconds,
    long? AutoResolveTimeoutSeconds = null, SupportHours? SupportHours = null, string OutsideSupportHoursUrgency = "low")
{
    /// <summary>An acknowledged incident that nobody resolved pages again after the critical routes' repeat interval (docs/oncall.md).</summary>
    public const long DefaultAcknowledgementTimeoutSeconds = OnCallLimits.CriticalRepeatIntervalSeconds;
}
