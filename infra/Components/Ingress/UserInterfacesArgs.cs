using Infra.Config;

namespace Infra.Components;

/// <summary>What the user interfaces' Ingresses read of the stack's settings, bound once (<see cref="Bind"/>).</summary>
/// <param name="Stack">The stack's name (in the fixes its problems print).</param>
/// <param name="IngressClass">The ingress class: <see cref="UserInterfaces.AlbClass"/> or <see cref="UserInterfaces.NginxClass"/>.</param>
/// <param name="GrafanaHost">Grafana's public host.</param>
/// <param name="KibanaHost">Kibana's public host (its reader role's sign-in proxy).</param>
/// <param name="KibanaAdminHost">The host of Kibana's admin sign-in proxy; empty: no admin proxy.</param>
/// <param name="KibanaAdminGroups">The identity provider's groups that sign in to Kibana as admin.</param>
/// <param name="AllowedCidrs">The ranges admitted to the interfaces; empty: whoever reaches the load balancer.</param>
/// <param name="OpenToInternet">The named acceptance of an internet-facing interface without an allow-list.</param>
/// <param name="LoadBalancerScheme">internal or internet-facing.</param>
/// <param name="IngressControllerNamespace">Where ingress-nginx's controller pods run.</param>
/// <param name="AlbSubnetCidrs">The ranges of the ALB's subnets (the NetworkPolicies' sources with the ALB).</param>
/// <param name="AlbSubnets">The ALB's subnet IDs, one per range.</param>
/// <param name="TlsClusterIssuer">cert-manager's ClusterIssuer of the interfaces' certificates (ingress-nginx).</param>
/// <param name="SignIn">The settings Kibana's sign-in proxies read (OIDC client, groups, replicas, sizes): <see cref="KibanaProxy.Declare"/> reads many keys, so it gets the settings whole.</param>
public sealed record UserInterfacesArgs(
    string Stack,
    string IngressClass,
    string GrafanaHost,
    string KibanaHost,
    string KibanaAdminHost,
    IReadOnlyList<string> KibanaAdminGroups,
    IReadOnlyList<string> AllowedCidrs,
    bool OpenToInternet,
    string LoadBalancerScheme,
    string IngressControllerNamespace,
    IReadOnlyList<string> AlbSubnetCidrs,
    IReadOnlyList<string> AlbSubnets,
    string TlsClusterIssuer,
    StackSettings SignIn)
{
    public static UserInterfacesArgs Bind(StackSettings settings) => new(
        settings.Stack,
        settings.Get(SettingsCatalog.IngressClass),
        settings.Get(SettingsCatalog.GrafanaHost),
        settings.Get(SettingsCatalog.KibanaHost),
        settings.Get(SettingsCatalog.KibanaAdminHost),
        settings.Get(SettingsCatalog.KibanaAdminGroups).Items,
        settings.Get(SettingsCatalog.UserInterfaceAllowedCidrs).Items,
        settings.Get(SettingsCatalog.UserInterfaceOpenToInternet),
        settings.Get(SettingsCatalog.LoadBalancerScheme),
        settings.Get(SettingsCatalog.IngressControllerNamespace),
        settings.Get(SettingsCatalog.AlbSubnetCidrs).Items,
        settings.Get(SettingsCatalog.AlbSubnets).Items,
        settings.Get(SettingsCatalog.TlsClusterIssuer),
        settings);
}
