namespace Infra.Components.OnCall;

/// <summary>An escalation policy: its steps in order, and how many times it starts over when nobody acknowledges.</summary>
public sealed record EscalationPolicy(string Name, string? Team, int NumLoops, IReadOnlyList<EscalationRule> Rules);
