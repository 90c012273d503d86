namespace Infra.Components.OnCall;

/// <summary>The PagerDuty service of one environment that pages, and the escalation policy it uses.</summary>
public sealed record PagingService(string Environment, string EscalationPolicy, string Name);
