namespace Infra.Tests.Support;

/// <summary>
/// Tests that start real Prometheus, Alertmanager and nginx servers and wait for them to act (federation,
/// the federation gateway, team routing): one class after the other, beside the other collections. They used to
/// run alone after the parallel tests, together with the failure-mode table, and were then the run's serial
/// tail (4 of 6 minutes on an idle 2-core machine). A busy machine makes them slower, not red: every wait polls
/// for its event (<see cref="Patience"/>). xunit 2 has no traits on a collection, so each class in it also
/// carries <c>[Trait("Speed", "Slow")]</c>, as do the tests that start the compiler, build the project or run a
/// tool for many seconds (keytool, promtool): <c>dotnet test --filter "Speed!=Slow"</c> is the fast inner loop.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealProcessCollection
{
    public const string Name = "real processes";
}
