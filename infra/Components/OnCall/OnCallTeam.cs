namespace Infra.Components.OnCall;

/// <summary>A PagerDuty team and its members.</summary>
public sealed record OnCallTeam(string Name, IReadOnlyList<TeamMember> Members);
