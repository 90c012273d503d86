namespace Infra.Components.OnCall;

/// <summary>
/// Every bound the on-call model enforces. The provider's are checked by the pinned pagerduty provider at
/// <c>pulumi up</c> (docs/oncall.md cites each); the compile checks them first, with the path and the fix.
/// The others are this project's, so that no input makes the compile crash or run away.
/// </summary>
public static class OnCallLimits
{
    // The provider's (terraform-provider-pagerduty; docs/oncall.md "Provider bounds").
    public const long MinTurnSeconds = 3_600;
    public const long MaxTurnSeconds = 365 * 86_400;
    public const long MaxDailyRestrictionSeconds = 86_400 - 1;
    public const long MaxWeeklyRestrictionSeconds = (7 * 86_400) - 1;
    public const int MaxNumLoops = 9;
    public const string EscalationPolicyNameForbidden = "\\/&<>";
    public const int MaxPhoneLength = 40;

    // This project's: bounded work and numbers far from overflow.
    public const int MaxUsers = 1_000;
    public const int MaxSchedules = 100;
    public const int MaxLayers = 20;
    public const int MaxLayerUsers = 200;
    public const int MaxRestrictions = 50;
    public const int MaxPolicies = 100;
    public const int MaxRules = 20;
    public const int MaxTargets = 20;
    public const int MaxDelayMinutes = 7 * 24 * 60;
    public const int MaxNotificationDelayMinutes = 24 * 60;
    public const int MaxMaintenanceWindows = 100;
    public const long MaxMaintenanceSeconds = 31L * 86_400;
    public const long MinAcknowledgementTimeoutSeconds = 60;
    public const long MaxTimeoutSeconds = 7L * 86_400;

    /// <summary>
    /// The shortest auto-resolve this project takes. PagerDuty counts auto-resolve from the incident's opening, so any
    /// finite value closes an incident whose alert still fires (and Alertmanager's next repeat pages again): it is only
    /// a clean-up of forgotten incidents, and a day keeps that from becoming an hourly page (docs/oncall.md).
    /// </summary>
    public const long MinAutoResolveTimeoutSeconds = 86_400;

    /// <summary>
    /// Turns (and restriction windows) all layers of all schedules may have over the days the calendar and the
    /// double-booking check cover: bounds the total work and the calendar's size, which the per-layer limits alone
    /// do not (100 schedules of 20 hourly layers over 26 weeks is 8.7 million turns, a 108 MB calendar after
    /// two minutes; 2 × 20 such layers, 175,000 turns, compiled in seconds when measured). TheCalendarsWorkIsBoundedAtTheLimits
    /// checks the count of turns against this cap, not the time.
    /// </summary>
    public const long MaxTotalTurns = 200_000;

    /// <summary>Days the double-booking check may cover when the rotations' common cycle is longer than the calendar.</summary>
    public const int MaxCycleCheckDays = 2 * 366;

    /// <summary>
    /// Alertmanager's repeat interval of the routes that page (AlertmanagerConfig: "1h" on the severity
    /// routes); a test compares it with the rendered alertmanager.yaml, so the two cannot drift apart.
    /// </summary>
    public const long CriticalRepeatIntervalSeconds = 3_600;
}
