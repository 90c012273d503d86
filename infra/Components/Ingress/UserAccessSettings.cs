using System.Text.RegularExpressions;

namespace Infra.Config;

/// <summary>
/// How people reach the controlplane's user interfaces (Ingress, host names) and where an environment's
/// notifications link to: part of the one catalog, declared beside the component that reads them. Sign-in is
/// Grafana's (GrafanaSignInSettings) and Kibana's (KibanaSignInSettings, KibanaUserSettings).
/// </summary>
public static partial class SettingsCatalog
{
    public static readonly Setting<string> IngressClass = new("ingressClass",
        "IngressClass of the controlplane's user interfaces (Grafana, Kibana): 'alb' (AWS Load Balancer Controller: an Application Load Balancer sending to pod IPs, with the loadBalancerScheme of the stack) or 'nginx' (ingress-nginx, installed in ingressControllerNamespace). Decides which source the NetworkPolicies admit to Grafana and Kibana (see docs/design-notes.md). With nginx the controller must allow snippet annotations (allow-snippet-annotations: true and, from controller 1.12, annotations-risk-level: Critical), or its admission webhook refuses Grafana's Ingress, whose snippet refuses Basic authentication and /metrics; and it must see client addresses (proxy protocol or externalTrafficPolicy: Local, proxy-real-ip-cidr limited to the load balancer's subnets) for userInterfaceAllowedCidrs to mean anything.",
        SettingScope.ControlplaneOnly, "one of alb, nginx", "alb", _ => "alb", "alb",
        v => v is "alb" or "nginx" ? null : "must be one of alb, nginx");

    public static readonly Setting<string> IngressControllerNamespace = Text("ingressControllerNamespace",
        "Namespace of the ingress-nginx controller (ingressClass nginx): the only namespace whose controller pods (app.kubernetes.io/name=ingress-nginx, app.kubernetes.io/component=controller) may reach Grafana and Kibana.",
        _ => "ingress-nginx", "ingress-nginx", "ingress-nginx",
        v => StackNamePattern().IsMatch(v) ? null : "must be a namespace name (lower-case letters, digits and '-')", SettingScope.ControlplaneOnly);

    public static readonly Setting<StringList> AlbSubnetCidrs = new("albSubnetCidrs",
        "CIDRs of the subnets the Application Load Balancer of the user interfaces lives in (ingressClass alb; public subnets for internet-facing, the internal load balancer's subnets otherwise). In IP target mode the ALB connects to the pods from its own addresses there, so these ranges are what the NetworkPolicies of Grafana and Kibana admit; keep pods out of these subnets. Required with ingressClass alb.",
        SettingScope.ControlplaneOnly, "list of CIDRs", "[\"10.0.0.0/24\", \"10.0.1.0/24\"]",
        _ => StringList.Empty, "[] (required with ingressClass alb)",
        v => v.Items.FirstOrDefault(i => !IsNetwork(i)) is { } bad
            ? $"item '{bad}' is not a network in CIDR notation such as 10.0.0.0/24 (prefix 0-32, no host bits set)"
            : null);

    public static readonly Setting<StringList> AlbSubnets = new("albSubnets",
        "Subnets the Application Load Balancer is placed in (ingressClass alb), as subnet IDs or Name tags: the ALB's subnets annotation, so the controller never picks subnets by its own discovery whose ranges albSubnetCidrs does not list (the NetworkPolicies would then drop the ALB's connections: 502). Required with ingressClass alb, one entry per albSubnetCidrs entry (the same subnets).",
        SettingScope.ControlplaneOnly, "list of subnet IDs or Name tags", "[\"subnet-0a1b2c3d4e5f60718\", \"subnet-0b1c2d3e4f5a60718\"]",
        _ => StringList.Empty, "[] (required with ingressClass alb)",
        v => v.Items.FirstOrDefault(i => !SubnetPattern().IsMatch(i)) is { } bad
            ? $"item '{bad}' is not a subnet ID such as subnet-0a1b2c3d4e5f60718 or a Name tag (letters, digits, '.', '_', '-', at most 255)"
            : null);

    public static readonly Setting<StringList> UserInterfaceAllowedCidrs = new("userInterfaceAllowedCidrs",
        "Client address ranges allowed to reach Grafana and Kibana (the ALB's inbound-cidrs, or ingress-nginx's whitelist-source-range): your offices' and VPN's egress ranges. Required when loadBalancerScheme is internet-facing, unless userInterfaceOpenToInternet is true; there no entry may be wider than a /8, nor may all of them together cover more addresses than a /8 (0.0.0.0/0, a few /1s or a hundred /8s would be the whole internet without the named acceptance). Empty with an internal load balancer admits whoever reaches it inside the network. With ingressClass nginx the controller must see real client addresses (see ingressClass).",
        SettingScope.ControlplaneOnly, "list of CIDRs", "[\"203.0.113.0/24\"]",
        _ => StringList.Empty, "[] (any address)",
        v => v.Items.FirstOrDefault(i => !IsNetwork(i)) is { } bad
            ? $"item '{bad}' is not a network in CIDR notation such as 203.0.113.0/24 (prefix 0-32, no host bits set)"
            : null);

    public static readonly Setting<bool> UserInterfaceOpenToInternet = new("userInterfaceOpenToInternet",
        "Explicitly accept that Grafana's and Kibana's sign-in pages are reachable from every address of the internet (an internet-facing load balancer without userInterfaceAllowedCidrs). False: such a controlplane does not compile. Set it only when the identity provider, not the network, is the boundary you rely on.",
        SettingScope.ControlplaneOnly, "boolean (true or false)", "false", _ => false, "false");

    public static readonly Setting<string> GrafanaHost = Text("grafanaHost",
        "Public DNS name of Grafana (the Ingress host, its TLS certificate from tlsClusterIssuer, and external-dns' record). Grafana's root_url is https://<name>.",
        c => c.Role == StackRole.Controlplane ? null : string.Empty, "none (required on the controlplane)", "grafana.example.com",
        v => HostPattern().IsMatch(v) ? null : "must be a DNS name such as grafana.example.com", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> KibanaHost = Text("kibanaHost",
        "Public DNS name of Kibana (the Ingress host, its TLS certificate from tlsClusterIssuer, and external-dns' record).",
        c => c.Role == StackRole.Controlplane ? null : string.Empty, "none (required on the controlplane)", "kibana.example.com",
        v => HostPattern().IsMatch(v) ? null : "must be a DNS name such as kibana.example.com", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> GrafanaUrl = Text("grafanaUrl",
        "Public URL of the controlplane's Grafana, for the dashboard and silence links of this stack's notifications (an environment never references the controlplane's stack, so it is set here). Empty: on the controlplane https://<grafanaHost>; on an environment the links are left out (with a warning).",
        _ => string.Empty, "\"\" (controlplane: https://<grafanaHost>)", "https://grafana.example.com", PublicUrl);

    public static readonly Setting<string> KibanaUrl = Text("kibanaUrl",
        "Public URL of the controlplane's Kibana, for the log links of this stack's notifications. Empty: on the controlplane https://<kibanaHost>; on an environment the links are left out (with a warning).",
        _ => string.Empty, "\"\" (controlplane: https://<kibanaHost>)", "https://kibana.example.com", PublicUrl);

    private static string? PublicUrl(string value) =>
        value.Length == 0 || (Uri.TryCreate(value, UriKind.Absolute, out var u) && u.Scheme == "https" && u.Query.Length == 0 && !value.EndsWith('/'))
            ? null
            : "must be an absolute https URL without a trailing '/' or query, such as https://grafana.example.com";

    [GeneratedRegex("^(subnet-[0-9a-f]{8,17}|[A-Za-z0-9][A-Za-z0-9._-]{0,254})$")]
    private static partial Regex SubnetPattern();

    /// <summary>The settings of the Ingress product (IngressProduct), in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> OfIngress => [IngressClass, IngressControllerNamespace, AlbSubnetCidrs, AlbSubnets, UserInterfaceAllowedCidrs, UserInterfaceOpenToInternet, GrafanaHost, KibanaHost, GrafanaUrl, KibanaUrl];
}
