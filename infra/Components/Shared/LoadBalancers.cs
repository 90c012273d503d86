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

    /// <summary>Target group attributes, e.g. preserve_client_ip.enabled (off by default for IP targets over TCP).</summary>
    public const string TargetGroupAttributesAnnotation = "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes";

    public const string ExternalDnsAnnotation = "external-dns.alpha.kubernetes.io/hostname";

    /// <summary>Namespace label: the controller injects a readiness gate into pods that are targets of its load balancers.</summary>
    public const string ReadinessGateLabel = "elbv2.k8s.aws/pod-readiness-gate-inject";

    /// <summary>Health checks: the port (for IP targets, the pod's), the protocol and the HTTP path.</summary>
    public const string HealthCheckPortAnnotation = "service.beta.kubernetes.io/aws-load-balancer-healthcheck-port";

    public const string HealthCheckProtocolAnnotation = "service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol";

    public const string HealthCheckPathAnnotation = "service.beta.kubernetes.io/aws-load-balancer-healthcheck-path";

    /// <summary>The load balancer annotations, then external-dns' name for the Service.</summary>
    public static ObjectValue Annotations(StackSettings settings, string hostname) => ObjectValue.Of(
        (TypeAnnotation, "external"),
        (TargetTypeAnnotation, "ip"),
        (SchemeAnnotation, settings.Get(SettingsCatalog.LoadBalancerScheme)),
        (ExternalDnsAnnotation, hostname));
}
