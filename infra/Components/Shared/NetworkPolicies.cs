using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Default-deny ingress in every platform namespace of the stack, then one NetworkPolicy per
/// (namespace, policy name) of the edges the components contributed: exactly the connections they
/// need. Egress stays open: operators need the API server, whose address differs per cluster.
/// </summary>
public static class NetworkPolicies
{
    public const string Component = Platform.ComponentName;

    public static void Declare(StackContext context)
    {
        foreach (var ns in Namespaces.All.Where(n => n.Roles.Contains(context.Settings.Role)))
        {
            Policy(context, ns.Name, "default-deny-ingress", ObjectValue.Empty, []);
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

    private static void Policy(StackContext context, string ns, string name, ObjectValue podSelector, IReadOnlyList<ObjectValue> ingress) =>
        context.Kubernetes(Component, $"{ns}-{name}", "kubernetes:networking.k8s.io/v1:NetworkPolicy", ObjectValue.Of(
            ("metadata", StackContext.Metadata(name, ns, "network-policy")),
            ("spec", ObjectValue.Of(
                ("podSelector", podSelector),
                ("policyTypes", ListValue.Of("Ingress")),
                ("ingress", ListValue.Of(ingress.Cast<Value>()))))), false, context.Namespace(ns));
}
