namespace Infra.Components.OnCall;

/// <summary>One step of an escalation policy: its targets, and the minutes before the incident moves on to the next step.</summary>
public sealed record EscalationRule(int DelayMinutes, IReadOnlyList<EscalationTarget> Targets);
