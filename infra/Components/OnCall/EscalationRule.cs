namespace Infra.Components.OnCall;

/// <summary>
/// One step of an escalation policy: its targets, the minutes before the incident moves on to the next
/// step, and (<see cref="Assignment"/>) whether its targets are all notified or take turns (round_robin).
/// </summary>
public sealed record EscalationRule(int DelayMinutes, IReadOnlyList<EscalationTarget> Targets, string? Assignment = null);
