namespace Infra.Components.OnCall;

/// <summary>Who an escalation rule notifies: the person on call in a schedule, or a user (by email).</summary>
public sealed record EscalationTarget(bool IsSchedule, string Name);
