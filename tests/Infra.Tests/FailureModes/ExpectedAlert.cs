namespace Infra.Tests.FailureModes;

/// <summary>An alert a scenario must raise, at this severity.</summary>
public sealed record ExpectedAlert(string Name, string Severity);
