using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Policies;

/// <summary>
/// Every persistent volume of every stack is claimed in the stack's StorageClass: on a cluster without a
/// default class, one claim without it stays Pending and its workload never starts.
/// </summary>
public sealed class StorageClassPolicyTests
{
    private const string StorageClass = "policy-test-class";

    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryVolumeClaimUsesTheStacksStorageClass(string stack)
    {
        var compiled = Stacks.CompileWith(stack, new Dictionary<string, string> { [SettingsCatalog.StorageClass.Key] = StorageClass });
        var claims = Claims(compiled.Graph).ToList();
        foreach (var (where, storageClass) in claims)
        {
            Assert.True(storageClass == StorageClass, $"stack '{compiled.Settings.Stack}': {where} claims its volume in '{storageClass ?? "the cluster default"}', not the stack's storageClass");
        }

        // Every workload with a volume has a claim found above (a new claim shape would otherwise go unchecked).
        var withVolumes = compiled.Contributions.Workloads.SelectMany(s => s.Read(s.Resource)).Count(w => w.Volumes.Count > 0);
        Assert.True(claims.Count >= withVolumes, $"stack '{compiled.Settings.Stack}': {withVolumes} workloads have volumes, but only {claims.Count} claims were found: {string.Join(", ", claims.Select(c => c.Where))}");
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void WithoutAStorageClassEveryClaimUsesTheClusterDefault(string stack)
    {
        var compiled = Stacks.CompileWith(stack, new Dictionary<string, string> { [SettingsCatalog.StorageClass.Key] = string.Empty });
        Assert.All(Claims(compiled.Graph), claim => Assert.Null(claim.StorageClass));
    }

    private static IEnumerable<(string Where, string? StorageClass)> Claims(ResourceGraph graph) =>
        VolumeClaims.All(graph).Select(c => (c.Where, c.StorageClass));
}
