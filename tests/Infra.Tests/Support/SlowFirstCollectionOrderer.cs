using System.Reflection;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Infra.Tests.Support.SlowFirstCollectionOrderer", "Infra.Tests")]

namespace Infra.Tests.Support;

/// <summary>
/// The order xUnit starts the test collections in (one per free test thread): first those with a class marked
/// <c>[Trait("Start", "First")]</c> (the longest chains: the failure-mode table and the alerting end-to-end run,
/// each minutes long on an idle machine), then those holding a class with <c>[Trait("Speed", "Slow")]</c> (on the
/// class or a test), then the rest, each group by name. The slow ones mostly wait (for a build, a published
/// compiler, heartbeats a minute apart) or run tools in child processes; started first they overlap the fast ones
/// instead of being the tail of the run that nothing overlaps.
/// </summary>
public sealed class SlowFirstCollectionOrderer : ITestCollectionOrderer
{
    private const string DefaultCollectionPrefix = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(Rank).ThenBy(c => c.DisplayName, StringComparer.Ordinal);

    private static int Rank(ITestCollection collection)
    {
        var classes = ClassesOf(collection).ToList();
        return classes.Any(c => Has(c, "Start", "First")) ? 0
            : classes.Any(c => Has(c, "Speed", "Slow") || c.GetMethods().Any(m => Has(m, "Speed", "Slow"))) ? 1
            : 2;
    }

    /// <summary>The classes of a collection: its own class (xUnit's default, one collection per class) or every class naming it.</summary>
    private static IEnumerable<Type> ClassesOf(ITestCollection collection)
    {
        var types = typeof(SlowFirstCollectionOrderer).Assembly.GetTypes();
        return collection.DisplayName.StartsWith(DefaultCollectionPrefix, StringComparison.Ordinal)
            ? types.Where(t => t.FullName == collection.DisplayName[DefaultCollectionPrefix.Length..])
            : types.Where(t => t.CustomAttributes.Any(a => a.AttributeType == typeof(CollectionAttribute) && a.ConstructorArguments[0].Value as string == collection.DisplayName));
    }

    private static bool Has(MemberInfo member, string name, string value) =>
        member.CustomAttributes.Any(a => a.AttributeType == typeof(TraitAttribute) && a.ConstructorArguments is [{ Value: var n }, { Value: var v }] && (string?)n == name && (string?)v == value);
}
