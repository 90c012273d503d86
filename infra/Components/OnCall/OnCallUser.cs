namespace Infra.Components.OnCall;

/// <summary>A PagerDuty user: created by the stack, or (<see cref="Existing"/>) looked up by email with getUser.</summary>
public sealed record OnCallUser(string Email, string Name, bool Existing, string? Role);
