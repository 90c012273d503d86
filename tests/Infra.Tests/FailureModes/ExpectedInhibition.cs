namespace Infra.Tests.FailureModes;

/// <summary>An alert that fires in a scenario but must reach nobody, because <see cref="By"/> (its cause) mutes it.</summary>
public sealed record ExpectedInhibition(string Alert, string By);
