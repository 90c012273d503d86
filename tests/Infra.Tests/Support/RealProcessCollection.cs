namespace Infra.Tests.Support;

/// <summary>
/// Tests that run real Prometheus, Alertmanager and nginx processes and wait for them to act. They run
/// alone, after the parallel tests, so that builds and other processes on a small CI machine do not
/// starve them of CPU and make their waits flaky.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealProcessCollection
{
    public const string Name = "real processes";
}
