namespace Infra.Components.OnCall;

/// <summary>
/// The PagerDuty service of one environment that pages: its escalation policy, its timeouts in seconds
/// (null: disabled), and optional support hours (high urgency inside them, low outside: the only pairing
/// PagerDuty's scheduled urgency change accepts, docs/oncall.md).
/// </summary>
public sealed record PagingService(string Environment, string EscalationPolicy, string Name, long? AcknowledgementTimeoutSeconds = PagingService.DefaultAcknowledgementTimeoutSeconds,
    long? AutoResolveTimeoutSeconds = null, SupportHours? SupportHours = null)
{
    /// <summary>An acknowledged incident that nobody resolved pages again after the critical routes' repeat interval (docs/oncall.md).</summary>
    public const long DefaultAcknowledgementTimeoutSeconds = OnCallLimits.CriticalRepeatIntervalSeconds;
}
