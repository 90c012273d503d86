using Infra.Config;

namespace Infra.Components;

/// <summary>A namespace the platform creates, the Pod Security level it enforces, and the stack roles that have it.</summary>
/// <param name="HoldsData">Holds persistent volumes: protected when the stack protects state.</param>
/// <param name="LoadBalancerTargets">
/// The stack roles on which pods behind load balancers (IP targets) live here: an environment's federation
/// gateway and Kafka external listener (NLB), the controlplane's Grafana and Kibana (ALB Ingress).
/// </param>
/// <param name="Reason">Why the namespace enforces a level below restricted (required then; PodSecurityPolicyTests).</param>
public sealed record NamespaceSpec(string Name, string PodSecurity, bool HoldsData, IReadOnlyList<StackRole> Roles, IReadOnlyList<StackRole>? LoadBalancerTargets = null, string? Reason = null)
{
    /// <summary>Whether the namespace holds load balancer targets on a stack of this role.</summary>
    public bool HasLoadBalancerTargets(StackRole role) => LoadBalancerTargets?.Contains(role) == true;
}
