namespace Infra.Tests.Support;

/// <summary>
/// Tests that run real Prometheus, Alertmanager and nginx processes and wait for them to act. They run
/// alone, after the parallel tests, so that builds and other processes on a small CI machine do not
/// starve them of CPU (their waits poll for events, <see cref="Patience"/>, so that would make them slow,
/// not red). The alerting end-to-end run is not in it: it mostly waits for heartbeats a minute apart, so it
/// runs beside the parallel tests instead of adding minutes at the end. xunit 2 has no traits on a collection, so each class
/// in it also carries <c>[Trait("Speed", "Slow")]</c>, as do the tests that start the compiler, build the
/// project or run a tool for many seconds (keytool, promtool's unit tests): <c>dotnet test --filter
/// "Speed!=Slow"</c> is the fast inner loop.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealProcessCollection
{
    public const string Name = "real processes";
}
