using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Default-deny ingress in every platform namespace of the stack, then one NetworkPolicy per
/// (namespace, policy name) of the edges the components contributed: exactly the connections they
/// need. Egress is open except for the instance metadata endpoint: every pod of every platform
/// namespace may reach any pod and any address but 169.254.169.254 (and its IPv6 address), so no pod
/// borrows the node's IAM role (Elasticsearch's snapshots use IRSA: a web identity token and STS).
/// Pods on the host network (node-exporter) are outside any NetworkPolicy.
/// </summary>
public static class NetworkPolicies
{
    public const string Component = Platform.ComponentName;

    public const string DenyMetadataPolicy = "deny-instance-metadata";

    /// <summary>The EC2 instance metadata endpoint, IPv4 and IPv6 (Nitro).</summary>
    public static readonly IReadOnlyList<string> MetadataAddresses = ["169.254.169.254/32", "fd00:ec2::254/128"];

    public static void Declare(StackContext context)
    {
        foreach (var ns in Namespaces.All.Where(n => n.Roles.Contains(context.Settings.Role)))
        {
            Policy(context, ns.Name, "default-deny-ingress", ObjectValue.Empty, []);
            DenyMetadata(context, ns.Name);
        }

        foreach (var policy in context.Edges.GroupBy(e => (e.Namespace, e.Policy)).OrderBy(g => g.Key.Namespace, StringComparer.Ordinal).ThenBy(g => g.Key.Policy, StringComparer.Ordinal))
        {
            var targets = policy.Select(e => string.Join(",", e.To.Select(l => $"{l.Key}={l.Value}"))).Distinct().ToList();
            if (targets.Count > 1)
            {
                throw new InvalidOperationException($"NetworkPolicy {policy.Key.Namespace}/{policy.Key.Policy}: edges select different pods ({string.Join("; ", targets)}); give them their own policy names");
            }

            var to = policy.First().To;
            var rules = policy.GroupBy(e => e.From).OrderBy(g => g.Key.Key, StringComparer.Ordinal).Select(from =>
            {
                var ports = from.SelectMany(e => e.Ports).Distinct().Order().ToList();
                var peer = from.Key.ToPeer(policy.Key.Namespace);
                return ObjectValue.Of(
                    ("from", peer is null ? null : ListValue.Of(peer)),
                    ("ports", ports.Count == 0 ? null : ListValue.Of(ports.Select(p => (Value)ObjectValue.Of(("protocol", "TCP"), ("port", p))))));
            }).ToList();
            Policy(context, policy.Key.Namespace, policy.Key.Policy, to.Count == 0 ? ObjectValue.Empty : NetworkPeer.MatchLabels(to), rules);
        }
    }

    /// <summary>Egress to every pod of the cluster and every address but the metadata endpoint's (a rule without ports allows every protocol, DNS over UDP included).</summary>
    private static void DenyMetadata(StackContext context, string ns)
    {
        var anyPod = ObjectValue.Of(("to", ListValue.Of(ObjectValue.Of(("namespaceSelector", ObjectValue.Empty)))));
        var anyAddress = ObjectValue.Of(("to", ListValue.Of(
            ObjectValue.Of(("ipBlock", ObjectValue.Of(("cidr", "0.0.0.0/0"), ("except", ListValue.Of(MetadataAddresses[0]))))),
            ObjectValue.Of(("ipBlock", ObjectValue.Of(("cidr", "::/0"), ("except", ListValue.Of(MetadataAddresses[1]))))))));
        context.Kubernetes(Component, $"{ns}-{DenyMetadataPolicy}", "kubernetes:networking.k8s.io/v1:NetworkPolicy", ObjectValue.Of(
            ("metadata", StackContext.Metadata(DenyMetadataPolicy, ns, "network-policy")),
            ("spec", ObjectValue.Of(
                ("podSelector", ObjectValue.Empty),
                ("policyTypes", ListValue.Of("Egress")),
                ("egress", ListValue.Of(anyPod, anyAddress))))), false, context.Namespace(ns));
    }

    private static void Policy(StackContext context, string ns, string name, ObjectValue podSelector, IReadOnlyList<ObjectValue> ingress) =>
        context.Kubernetes(Component, $"{ns}-{name}", "kubernetes:networking.k8s.io/v1:NetworkPolicy", ObjectValue.Of(
            ("metadata", StackContext.Metadata(name, ns, "network-policy")),
            ("spec", ObjectValue.Of(
                ("podSelector", podSelector),
                ("policyTypes", ListValue.Of("Ingress")),
                ("ingress", ListValue.Of(ingress.Cast<Value>()))))), false, context.Namespace(ns));
}
