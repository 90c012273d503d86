namespace Infra.Config;

/// <summary>The settings of Prometheus and the environment's federation endpoint: part of the one catalog, declared beside the component that reads them.</summary>
public static partial class SettingsCatalog
{
    public static readonly Setting<int> PrometheusReplicas = Count("prometheusReplicas",
        "Prometheus replicas (each scrapes everything; 2 make an HA pair).", 10);

    public static readonly Setting<string> PrometheusRetention = Duration("prometheusRetention",
        "How long Prometheus keeps samples (time-based retention).");

    public static readonly Setting<string> PrometheusStorageSize = Quantity("prometheusStorageSize",
        "Persistent volume size per Prometheus replica; size-based retention is set to 85% of it.");

    public static readonly Setting<string> ControlPlane = Enum("controlPlane",
        "Who runs the Kubernetes control plane: managed (EKS: etcd, kube-scheduler, kube-controller-manager and kube-proxy cannot be scraped, so the chart's rule groups and scrape targets for them are off) or self-managed (they are on).",
        [ControlPlaneManaged, ControlPlaneSelfManaged], _ => ControlPlaneManaged, ControlPlaneManaged);

    public const string ControlPlaneManaged = "managed";
    public const string ControlPlaneSelfManaged = "self-managed";

    public static readonly Setting<string> FederationHost = Text("federationHost",
        "DNS name of this environment's federation endpoint (a load balancer in front of an authenticating TLS gateway; point the name at it, e.g. with external-dns). The controlplane's Prometheus scrapes https://<name>/federate. Required on environment stacks.",
        c => c.Role == StackRole.Environment ? null : string.Empty, "none (required on environment stacks)", "prometheus.{stack}.example.com",
        v => HostPattern().IsMatch(v) ? null : "must be a DNS name such as prometheus.production.example.com");

    public static readonly Setting<int> FederationGatewayReplicas = Count("federationGatewayReplicas",
        "Replicas of the federation gateway (nginx) in front of an environment's Prometheus.", 10);

    /// <summary>The settings of the KubePrometheus product (KubePrometheusProduct), in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> OfKubePrometheus => [PrometheusReplicas, PrometheusRetention, PrometheusStorageSize, ControlPlane];

    /// <summary>The settings of the Federation product (FederationProduct), in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> OfFederation => [FederationHost, FederationGatewayReplicas];
}
