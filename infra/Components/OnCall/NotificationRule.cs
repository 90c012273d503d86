namespace Infra.Components.OnCall;

/// <summary>How a user is notified of an incident of an urgency (high or low): <see cref="Via"/> email, phone or sms, after a delay.</summary>
public sealed record NotificationRule(string Urgency, int DelayMinutes, string Via);
