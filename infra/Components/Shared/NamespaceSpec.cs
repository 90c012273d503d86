using Infra.Config;

namespace Infra.Components;

/// <summary>A namespace the platform creates, the Pod Security level it enforces, and the stack roles that have it.</summary>
/// <param name="HoldsData">Holds persistent volumes: protected when the stack protects state.</param>
/// <param name="LoadBalancerTargets">Pods behind load balancers live here (the federation gateway, Kafka's external listener).</param>
public sealed record NamespaceSpec(string Name, string PodSecurity, bool HoldsData, IReadOnlyList<StackRole> Roles, bool LoadBalancerTargets = false);
