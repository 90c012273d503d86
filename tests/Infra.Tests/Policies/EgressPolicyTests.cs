using System.Net;
using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Policies;

/// <summary>
/// Every pod of every platform namespace is selected by an egress policy (so only what the egress rules
/// allow leaves it), and no egress rule of any policy of the stack lets a pod reach the instance
/// metadata endpoint: a rule without destinations, or an ipBlock containing the address without
/// excepting it, would. Pods on the host network are outside NetworkPolicy (node-exporter).
/// </summary>
public sealed class EgressPolicyTests
{
    private const string PolicyType = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

    private static readonly IPAddress Metadata = IPAddress.Parse("169.254.169.254");

    private static readonly IPAddress MetadataV6 = IPAddress.Parse("fd00:ec2::254");

    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void EveryPlatformPodHasAnEgressPolicyAndNoneReachesTheInstanceMetadataEndpoint(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var policies = compiled.Graph.Resources.Where(r => r.Type == PolicyType).Select(r => r.Properties).ToList();
        foreach (var ns in Namespaces.All.Where(n => n.Roles.Contains(compiled.Settings.Role)).Select(n => n.Name))
        {
            Assert.True(policies.Any(p => p.At("metadata.namespace") == new StringValue(ns) && IsEgress(p) && p.At("spec.podSelector") is ObjectValue { Entries.Count: 0 }),
                $"{stack}: no egress policy selects every pod of {ns}");
        }

        foreach (var policy in policies.Where(IsEgress))
        {
            var name = $"{(policy.At("metadata.namespace") as StringValue)?.Text}/{(policy.At("metadata.name") as StringValue)?.Text}";
            foreach (var rule in (policy.At("spec.egress") as ListValue)?.Items.Cast<ObjectValue>() ?? [])
            {
                Assert.False(ReachesMetadata(rule), $"{stack}: egress policy {name} lets pods reach the instance metadata endpoint");
            }
        }
    }

    /// <summary>The check itself finds an open rule and an ipBlock without the exception.</summary>
    [Fact]
    public void OpenRulesAndUnexceptedRangesAreFound()
    {
        Assert.True(ReachesMetadata(ObjectValue.Empty));
        Assert.True(ReachesMetadata(Rule(ObjectValue.Of(("cidr", "169.254.0.0/16")))));
        Assert.False(ReachesMetadata(Rule(ObjectValue.Of(("cidr", "0.0.0.0/0"), ("except", ListValue.Of("169.254.169.254/32"))))));
        Assert.False(ReachesMetadata(ObjectValue.Of(("to", ListValue.Of(ObjectValue.Of(("namespaceSelector", ObjectValue.Empty)))))));
    }

    private static ObjectValue Rule(ObjectValue ipBlock) => ObjectValue.Of(("to", ListValue.Of(ObjectValue.Of(("ipBlock", ipBlock)))));

    private static bool IsEgress(ObjectValue policy) => (policy.At("spec.policyTypes") as ListValue)?.Items.Contains(new StringValue("Egress")) == true;

    /// <summary>Whether a rule admits the metadata address: no 'to' admits everything; pod and namespace selectors never match it.</summary>
    private static bool ReachesMetadata(ObjectValue rule)
    {
        if (rule["to"] is not ListValue to || to.Items.Count == 0)
        {
            return true;
        }

        return to.Items.Cast<ObjectValue>().Select(peer => peer["ipBlock"]).OfType<ObjectValue>().Any(block =>
        {
            var cidr = ((StringValue)block["cidr"]!).Text;
            var except = (block["except"] as ListValue)?.Items.Cast<StringValue>().Select(s => s.Text).ToList() ?? [];
            return new[] { Metadata, MetadataV6 }.Any(address => Contains(cidr, address) && !except.Any(e => Contains(e, address)));
        });
    }

    private static bool Contains(string cidr, IPAddress address)
    {
        var network = IPNetwork.Parse(cidr);
        return network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address);
    }
}
