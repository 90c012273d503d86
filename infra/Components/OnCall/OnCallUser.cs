namespace Infra.Components.OnCall;

/// <summary>
/// A PagerDuty user: created by the stack, or (<see cref="Existing"/>) looked up by email with getUser. A
/// created user gets contact methods (email; phone and SMS when <see cref="PhoneCountryCode"/> is set, the
/// number itself being a secret) and <see cref="NotificationRules"/>, so they can be paged from day one.
/// </summary>
public sealed record OnCallUser(string Email, string Name, bool Existing, string? Role, int? PhoneCountryCode, IReadOnlyList<NotificationRule> NotificationRules);
