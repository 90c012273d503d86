namespace Infra.Components.OnCall;

/// <summary>A user's membership of a team, with the team role (manager, responder or observer).</summary>
public sealed record TeamMember(string Email, string Role);
