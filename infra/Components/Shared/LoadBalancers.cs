using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The annotations every LoadBalancer Service of the platform carries (the federation endpoint, the
/// Kafka external listener's bootstrap and per-broker Services): a Network Load Balancer made by the
/// AWS Load Balancer Controller, sending to pod IPs, with the stack's scheme. Source ranges stay in
/// <c>spec.loadBalancerSourceRanges</c>, which the controller copies into the NLB's security group.
/// </summary>
public static class LoadBalancers
{
    /// <summary>'external' hands the Service to the AWS Load Balancer Controller; the in-tree controller then skips it.</summary>
    public const string TypeAnnotation = "service.beta.kubernetes.io/aws-load-balancer-type";

    /// <summary>'ip' registers pod IPs as targets: no node port hop, and the NLB health-checks the pods themselves.</summary>
    public const string TargetTypeAnnotation = "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type";

    /// <summary>The controller's default is 'internal', so the scheme is always written.</summary>
    public const string SchemeAnnotation = "service.beta.kubernetes.io/aws-load-balancer-scheme";

    /// <summary>The subnets the load balancer is placed in (loadBalancerSubnets), instead of the controller's discovery by tags.</summary>
    public const string SubnetsAnnotation = "service.beta.kubernetes.io/aws-load-balancer-subnets";

    /// <summary>Target group attributes, e.g. preserve_client_ip.enabled (off by default for IP targets over TCP).</summary>
    public const string TargetGroupAttributesAnnotation = "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes";

    public const string ExternalDnsAnnotation = "external-dns.alpha.kubernetes.io/hostname";

    /// <summary>Namespace label: the controller injects a readiness gate into pods that are targets of its load balancers.</summary>
    public const string ReadinessGateLabel = "elbv2.k8s.aws/pod-readiness-gate-inject";

    /// <summary>The load balancer annotations (the subnets when pinned), then external-dns' name for the Service.</summary>
    public static ObjectValue Annotations(StackSettings settings, string hostname)
    {
        var subnets = settings.Get(SettingsCatalog.LoadBalancerSubnets).Items;
        return ObjectValue.Of(
            (TypeAnnotation, "external"),
            (TargetTypeAnnotation, "ip"),
            (SchemeAnnotation, settings.Get(SettingsCatalog.LoadBalancerScheme)),
            (SubnetsAnnotation, subnets.Count == 0 ? null : string.Join(",", subnets)),
            (ExternalDnsAnnotation, hostname));
    }
}
