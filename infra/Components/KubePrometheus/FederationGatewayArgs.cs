using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>What the federation gateway reads of the stack's settings, bound once (<see cref="Bind"/>).</summary>
/// <param name="Host">The endpoint's DNS name (its certificate and load balancer).</param>
/// <param name="ClusterIssuer">The cert-manager ClusterIssuer of its certificate.</param>
/// <param name="Replicas">Gateway pods.</param>
/// <param name="ControlplaneCidrs">The only sources admitted; empty: any address.</param>
/// <param name="LoadBalancerAnnotations">The load balancer's annotations for this host (scheme, subnets, DNS).</param>
/// <param name="Profile">The sizing profile (the gateway pods' requests and limits).</param>
public sealed record FederationGatewayArgs(string Host, string ClusterIssuer, int Replicas, IReadOnlyList<string> ControlplaneCidrs, ObjectValue LoadBalancerAnnotations, Profile Profile)
{
    public static FederationGatewayArgs Bind(StackSettings settings)
    {
        var host = settings.Get(SettingsCatalog.FederationHost);
        return new(host, settings.Get(SettingsCatalog.TlsClusterIssuer), settings.Get(SettingsCatalog.FederationGatewayReplicas),
            settings.Get(SettingsCatalog.ControlplaneCidrs).Items, LoadBalancers.Annotations(settings, host), settings.Profile);
    }
}
