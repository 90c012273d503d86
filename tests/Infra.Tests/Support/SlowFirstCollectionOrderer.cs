using System.Reflection;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Infra.Tests.Support.SlowFirstCollectionOrderer", "Infra.Tests")]

namespace Infra.Tests.Support;

/// <summary>
/// Starts the classes with <c>[Trait("Speed", "Slow")]</c> (on the class or a test) before the others, then the
/// rest by name. The slow ones mostly wait (for a build, a published compiler, heartbeats a minute apart); started
/// first they wait while the fast ones use the cores, instead of being the tail of the run that nothing overlaps
/// (longest first keeps the parallel part short). Only the start order changes: xUnit still runs the collections
/// that disable parallelization alone, after the parallel ones.
/// </summary>
public sealed class SlowFirstCollectionOrderer : ITestCollectionOrderer
{
    private const string DefaultCollectionPrefix = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => IsSlow(c) ? 0 : 1).ThenBy(c => c.DisplayName, StringComparer.Ordinal);

    private static bool IsSlow(ITestCollection collection)
    {
        // A class's own collection is named after the class (xUnit's default: one collection per class).
        if (!collection.DisplayName.StartsWith(DefaultCollectionPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var type = typeof(SlowFirstCollectionOrderer).Assembly.GetType(collection.DisplayName[DefaultCollectionPrefix.Length..]);
        return type is not null && (Slow(type) || type.GetMethods().Any(Slow));
    }

    private static bool Slow(MemberInfo member) =>
        member.CustomAttributes.Any(a => a.AttributeType == typeof(TraitAttribute) && a.ConstructorArguments is [{ Value: "Speed" }, { Value: "Slow" }]);
}
