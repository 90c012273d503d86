using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// How people reach the controlplane's user interfaces: one Ingress per interface (Grafana, Kibana) of the
/// configured class, its host name published by external-dns, TLS, and NetworkPolicy edges that admit
/// exactly the ingress controller's traffic. With ingress-nginx the controller's pods connect to the UIs,
/// so the edge is from those pods in their namespace, and TLS is a cert-manager Certificate from
/// tlsClusterIssuer. With the AWS Load Balancer Controller (IP targets) the Application Load Balancer
/// connects from its own addresses in its subnets, so the edge is from those subnets' ranges, and TLS is
/// terminated by the ALB with the ACM certificate it discovers for the hosts (an ALB cannot use a
/// Kubernetes Secret).
/// </summary>
public sealed class UserInterfaces : IComponent
{
    public const string ComponentName = "UserInterfaces";
    public const string AlbClass = "alb";
    public const string NginxClass = "nginx";

    /// <summary>Every Ingress of the platform shares one ALB (an IngressGroup).</summary>
    public const string AlbGroup = "observability";

    public const string GroupAnnotation = "alb.ingress.kubernetes.io/group.name";

    public const string LoadBalancerAttributesAnnotation = "alb.ingress.kubernetes.io/load-balancer-attributes";

    /// <summary>The ALB's attributes (every Ingress of the group carries the same).</summary>
    public static string LoadBalancerAttributes => $"idle_timeout.timeout_seconds={IdleTimeoutSeconds},routing.http.drop_invalid_header_fields.enabled=true";

    /// <summary>The admission policy (and binding) that keeps other namespaces' Ingresses out of the platform's IngressGroup.</summary>
    public const string GroupPolicyName = "observability-alb-group";

    /// <summary>An Ingress that names the platform's IngressGroup (CEL over <c>object</c>): refused outside the platform's namespace.</summary>
    public const string NotInPlatformGroup =
        "!has(object.metadata.annotations) || !('" + GroupAnnotation + "' in object.metadata.annotations) || object.metadata.annotations['" + GroupAnnotation + "'] != '" + AlbGroup + "'";

    /// <summary>The ALB's listeners: HTTP (redirected) and HTTPS.</summary>
    public const string ListenPorts = "[{\"HTTP\":80},{\"HTTPS\":443}]";

    public const int IdleTimeoutSeconds = 120;

    /// <summary>'ip': the ALB sends to pod IPs (their namespace then needs the readiness gate label).</summary>
    public const string AlbTargetTypeAnnotation = "alb.ingress.kubernetes.io/target-type";

    /// <summary>The annotations that admit only the userInterfaceAllowedCidrs, per ingress class.</summary>
    public const string AlbAllowedCidrsAnnotation = "alb.ingress.kubernetes.io/inbound-cidrs";

    public const string AlbSubnetsAnnotation = "alb.ingress.kubernetes.io/subnets";

    public const string NginxAllowedCidrsAnnotation = "nginx.ingress.kubernetes.io/whitelist-source-range";

    /// <summary>Labels of ingress-nginx's controller pods (its chart's).</summary>
    public static readonly (string Key, string Value)[] NginxControllerPods = [("app.kubernetes.io/name", "ingress-nginx"), ("app.kubernetes.io/component", "controller")];

    /// <summary>Snippets ingress-nginx needs for refusals: the controller must allow them (docs/configuration.md, ingressClass).</summary>
    public const string NginxSnippetAnnotation = "nginx.ingress.kubernetes.io/configuration-snippet";

    /// <summary>The ALB's per-action and per-condition annotations (AWS Load Balancer Controller, "Ingress annotations").</summary>
    public const string AlbActionAnnotationPrefix = "alb.ingress.kubernetes.io/actions.";
    public const string AlbConditionAnnotationPrefix = "alb.ingress.kubernetes.io/conditions.";

    /// <summary>A user interface behind an Ingress: the Service and the pods' port the controller reaches.</summary>
    public sealed record Interface(string Name, string Host, string Service, int ServicePort, IReadOnlyList<(string Key, string Value)> Pods, int PodPort, bool HttpsBackend, string HealthPath)
    {
        /// <summary>Requests the load balancer answers itself, before any reaches the interface.</summary>
        public IReadOnlyList<Refusal> Refusals { get; init; } = [];
    }

    /// <summary>
    /// A request the load balancer answers with <paramref name="Status"/> instead of passing it on: every
    /// request under <paramref name="Path"/>, or only those whose <paramref name="Header"/> matches
    /// <paramref name="AlbHeaderValue"/> (ALB wildcards, case-insensitive). <paramref name="NginxCondition"/>
    /// is the same test as an nginx <c>if</c> condition.
    /// </summary>
    public sealed record Refusal(string Name, int Status, string Message, string Path, string? Header, string? AlbHeaderValue, string NginxCondition);

    public string Name => ComponentName;

    private readonly UserInterfacesArgs _args;
    private readonly GrafanaResources _grafana;
    private readonly Resource _kibana;

    /// <param name="args">What it reads of the stack's settings.</param>
    /// <param name="grafana">Grafana, which signs people in itself.</param>
    /// <param name="kibana">Kibana, behind its sign-in proxies (KibanaProxy), one per role and host.</param>
    public UserInterfaces(UserInterfacesArgs args, GrafanaResources grafana, Resource kibana)
    {
        _args = args;
        _grafana = grafana;
        _kibana = kibana;
    }

    public void Build(StackContext context)
    {
        var args = _args;
        var ingressClass = args.IngressClass;
        var grafana = _grafana;
        var kibana = _kibana;
        var adminHost = args.KibanaAdminHost;
        // Pulumi waits for an Ingress' backends: create it after what makes their Services.
        var backends = new Dictionary<string, Resource> { ["grafana"] = grafana.Chart };
        var interfaces = new List<Interface>
        {
            new("grafana", args.GrafanaHost, Grafana.ReleaseName, 80, [("app.kubernetes.io/name", "grafana")], Grafana.HttpPort, false, "/api/health")
            {
                Refusals = Grafana.EdgeRefusals,
            },
            Proxy(context, args, backends, "kibana", KibanaUsers.ReaderRole, args.KibanaHost, grafana.OidcSecret, kibana),
        };
        if (adminHost.Length > 0 && interfaces.Any(i => i.Host == adminHost))
        {
            context.Problems.Add($"stack '{args.Stack}': {SettingsCatalog.KibanaAdminHost.Key} '{adminHost}' is already the host of another interface; each role's sign-in proxy needs a host of its own; fix: pulumi config set {SettingsCatalog.KibanaAdminHost.Key} <another DNS name> --stack {args.Stack}");
        }
        else if (adminHost.Length > 0)
        {
            interfaces.Add(Proxy(context, args, backends, "kibana-admin", KibanaUsers.AdminRole, adminHost, grafana.OidcSecret, kibana));
        }
        else if (args.KibanaAdminGroups.Count > 0)
        {
            context.Problems.Add($"stack '{args.Stack}': {SettingsCatalog.KibanaAdminGroups.Key} lists groups but {SettingsCatalog.KibanaAdminHost.Key} is empty, so they could never sign in as {KibanaUsers.AdminRole}; fix: pulumi config set {SettingsCatalog.KibanaAdminHost.Key} <DNS name such as kibana-admin.example.com> --stack {args.Stack}, or remove the groups");
        }

        KibanaProxy.DeclareNetwork(context);

        var sources = Sources(context, args);
        CheckExposure(context, args);
        if (ingressClass == AlbClass)
        {
            GroupPolicy(context);
        }

        foreach (var ui in interfaces)
        {
            var dependsOn = new List<Resource> { context.Namespace(Namespaces.Elastic), backends[ui.Name] };
            if (ingressClass == NginxClass)
            {
                dependsOn.Add(context.CustomResources(ComponentName, $"{ui.Name}-certificate", [Certificate(args, ui)], stateful: false, context.Namespace(Namespaces.Elastic)));
            }

            context.Kubernetes(ComponentName, $"{ui.Name}-ingress", "kubernetes:networking.k8s.io/v1:Ingress", ObjectValue.Of(
                ("metadata", ObjectValue.Of(
                    ("name", ui.Name),
                    ("namespace", Namespaces.Elastic),
                    ("labels", StackContext.Labels(ui.Name, "ingress")),
                    ("annotations", Annotations(args, ui)))),
                ("spec", ObjectValue.Of(
                    ("ingressClassName", ingressClass),
                    ("tls", ListValue.Of(ObjectValue.Of(
                        ("hosts", ListValue.Of(ui.Host)),
                        ("secretName", ingressClass == NginxClass ? TlsSecret(ui) : null)))),
                    ("rules", ListValue.Of(ObjectValue.Of(
                        ("host", ui.Host),
                        ("http", ObjectValue.Of(("paths", new ListValue(Paths(ingressClass, ui))))))))))), false, [.. dependsOn]);

            foreach (var source in sources)
            {
                context.AddEdge(new NetworkEdge(Namespaces.Elastic, $"allow-ingress-to-{ui.Name}", ui.Pods, source, [ui.PodPort]));
            }

            context.AddOutput(new StackOutput($"{ui.Name}Url", $"https://{ui.Host}", false, $"public URL of {ui.Name} (Ingress, class {ingressClass})"));
        }
    }

    /// <summary>
    /// An internet-facing interface needs an allow-list or the explicit, named acceptance of the whole
    /// internet: a sign-in page open to everyone is never the silent default.
    /// </summary>
    private static void CheckExposure(StackContext context, UserInterfacesArgs args)
    {
        var cidrs = args.AllowedCidrs;
        var open = args.OpenToInternet;
        var internetFacing = args.LoadBalancerScheme == "internet-facing";
        if (open && cidrs.Count > 0)
        {
            context.Problems.Add($"stack '{args.Stack}': {SettingsCatalog.UserInterfaceOpenToInternet.Key} is true but {SettingsCatalog.UserInterfaceAllowedCidrs.Key} lists ranges; the two contradict each other; fix: pulumi config rm {SettingsCatalog.UserInterfaceOpenToInternet.Key} --stack {args.Stack} (keep the allow-list)");
        }
        else if (internetFacing && cidrs.FirstOrDefault(c => PrefixLength(c) < MinimumAllowedPrefix) is { } broad)
        {
            // 0.0.0.0/0, or halves and quarters of the address space, would be the whole internet without the named acceptance.
            context.Problems.Add($"stack '{args.Stack}': {SettingsCatalog.UserInterfaceAllowedCidrs.Key} lists '{broad}', wider than /{MinimumAllowedPrefix}: on an internet-facing load balancer that is (a large part of) the whole internet, not an allow-list; fix: list your offices' and VPN's egress ranges instead, or, to open the sign-in pages to everyone, pulumi config rm {SettingsCatalog.UserInterfaceAllowedCidrs.Key} --stack {args.Stack} and pulumi config set {SettingsCatalog.UserInterfaceOpenToInternet.Key} true --stack {args.Stack}");
        }
        else if (internetFacing && CoveredIPv4Addresses(cidrs) > 1L << (32 - MinimumAllowedPrefix))
        {
            // Many narrow entries add up as well: 120 /8s are half of the IPv4 space.
            context.Problems.Add($"stack '{args.Stack}': {SettingsCatalog.UserInterfaceAllowedCidrs.Key} lists {cidrs.Count} ranges that together cover {CoveredIPv4Addresses(cidrs)} IPv4 addresses, more than a /{MinimumAllowedPrefix}: on an internet-facing load balancer that is a large part of the whole internet, not an allow-list; fix: list your offices' and VPN's egress ranges instead, or, to open the sign-in pages to everyone, pulumi config rm {SettingsCatalog.UserInterfaceAllowedCidrs.Key} --stack {args.Stack} and pulumi config set {SettingsCatalog.UserInterfaceOpenToInternet.Key} true --stack {args.Stack}");
        }
        else if (internetFacing && cidrs.Count == 0 && !open)
        {
            context.Problems.Add($"stack '{args.Stack}': {SettingsCatalog.LoadBalancerScheme.Key} is internet-facing and {SettingsCatalog.UserInterfaceAllowedCidrs.Key} is empty, so Grafana's and Kibana's sign-in pages would be open to the whole internet; fix: pulumi config set --path '{SettingsCatalog.UserInterfaceAllowedCidrs.Key}[0]' <CIDR of your office or VPN> --stack {args.Stack}, or accept it explicitly: pulumi config set {SettingsCatalog.UserInterfaceOpenToInternet.Key} true --stack {args.Stack}");
        }
        else if (internetFacing && open)
        {
            context.Graph.AddWarning($"{SettingsCatalog.UserInterfaceOpenToInternet.Key} is true: Grafana's and Kibana's sign-in pages are open to the whole internet by choice; an allow-list ({SettingsCatalog.UserInterfaceAllowedCidrs.Key}) is safer");
        }
    }

    /// <summary>The widest range an allow-list of an internet-facing interface may hold (a /8 is 1/256 of the IPv4 space).</summary>
    public const int MinimumAllowedPrefix = 8;

    /// <summary>How many IPv4 addresses the ranges cover together (a range inside another counts once; malformed ones and IPv6 count nothing).</summary>
    public static long CoveredIPv4Addresses(IReadOnlyList<string> cidrs)
    {
        var ranges = cidrs.Select(c => System.Net.IPNetwork.TryParse(c, out var network) && network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? network : (System.Net.IPNetwork?)null)
            .OfType<System.Net.IPNetwork>().Distinct().ToList();
        return ranges.Where(r => !ranges.Any(o => o != r && o.PrefixLength <= r.PrefixLength && o.Contains(r.BaseAddress)))
            .Sum(r => 1L << (32 - r.PrefixLength));
    }

    /// <summary>The prefix length of a CIDR (the settings report malformed ones themselves; those count as narrow here).</summary>
    private static int PrefixLength(string cidr) =>
        int.TryParse(cidr[(cidr.IndexOf('/', StringComparison.Ordinal) + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix) ? prefix : 32;

    public static string TlsSecret(Interface ui) => $"{ui.Name}-tls";

    /// <summary>Kibana behind the sign-in proxy of a role: the Ingress sends to the proxy, never to Kibana.</summary>
    private static Interface Proxy(StackContext context, UserInterfacesArgs args, Dictionary<string, Resource> backends, string name, string role, string host, Resource clientSecret, Resource kibana)
    {
        backends[name] = KibanaProxy.Declare(context, args.SignIn, role, host, clientSecret, kibana);
        return new(name, host, KibanaProxy.DeploymentName(role), 80, KibanaProxy.RolePods(role), KibanaProxy.HttpPort, false, "/ping");
    }

    /// <summary>Where the ingress controller's connections to the pods come from (see the class summary).</summary>
    private static IReadOnlyList<NetworkPeer> Sources(StackContext context, UserInterfacesArgs args)
    {
        if (args.IngressClass == NginxClass)
        {
            return [NetworkPeer.Pods(args.IngressControllerNamespace, NginxControllerPods)];
        }

        var subnets = args.AlbSubnetCidrs;
        if (subnets.Count == 0)
        {
            context.Problems.Add($"stack '{args.Stack}': {SettingsCatalog.IngressClass.Key} is alb but {SettingsCatalog.AlbSubnetCidrs.Key} is empty, so nothing could reach Grafana and Kibana; fix: pulumi config set --path '{SettingsCatalog.AlbSubnetCidrs.Key}[0]' <CIDR of a subnet of the load balancer> --stack {args.Stack} (one entry per subnet), or use {SettingsCatalog.IngressClass.Key} nginx");
        }

        var pinned = args.AlbSubnets;
        if (pinned.Count != subnets.Count)
        {
            context.Problems.Add($"stack '{args.Stack}': {SettingsCatalog.IngressClass.Key} is alb and {SettingsCatalog.AlbSubnetCidrs.Key} lists {subnets.Count} subnets but {SettingsCatalog.AlbSubnets.Key} {pinned.Count}: the ALB must be pinned to exactly the subnets whose ranges the NetworkPolicies admit (else the controller may pick others and every request gets 502); fix: pulumi config set --path '{SettingsCatalog.AlbSubnets.Key}[0]' <subnet ID of the range {(subnets.Count > 0 ? subnets[0] : "<CIDR>")}> --stack {args.Stack} (one entry per range)");
        }

        return [.. subnets.Select(s => NetworkPeer.Addresses(s))];
    }

    /// <summary>
    /// The Ingress' paths: with the ALB, one per refusal first (the controller turns them into listener rules
    /// in this order, each answered by its fixed-response action), then everything to the interface.
    /// ingress-nginx answers refusals in a snippet instead (see Annotations).
    /// </summary>
    private static List<Value> Paths(string ingressClass, Interface ui)
    {
        var paths = new List<Value>();
        if (ingressClass == AlbClass)
        {
            paths.AddRange(ui.Refusals.Select(r => Path(r.Path, r.Name, ObjectValue.Of(("name", "use-annotation")))));
        }

        paths.Add(Path("/", ui.Service, ObjectValue.Of(("number", ui.ServicePort))));
        return paths;
    }

    private static ObjectValue Path(string path, string service, ObjectValue port) => ObjectValue.Of(
        ("path", path),
        ("pathType", "Prefix"),
        ("backend", ObjectValue.Of(("service", ObjectValue.Of(("name", service), ("port", port))))));

    private static ObjectValue Certificate(UserInterfacesArgs args, Interface ui) => ObjectValue.Of(
        ("apiVersion", "cert-manager.io/v1"),
        ("kind", "Certificate"),
        ("metadata", StackContext.Metadata(TlsSecret(ui), Namespaces.Elastic, "ingress")),
        ("spec", ObjectValue.Of(
            ("secretName", TlsSecret(ui)),
            ("dnsNames", ListValue.Of(ui.Host)),
            ("privateKey", ObjectValue.Of(("algorithm", "ECDSA"), ("size", 256), ("rotationPolicy", "Always"))),
            ("issuerRef", ObjectValue.Of(
                ("kind", "ClusterIssuer"),
                ("name", args.TlsClusterIssuer))))));

    /// <summary>
    /// Any Ingress that names an IngressGroup joins its load balancer and may add rules of a higher priority for the
    /// platform's hosts (AWS Load Balancer Controller, "IngressGroup", security risk): a ValidatingAdmissionPolicy
    /// refuses the platform's group name outside its namespace. The controller's own IngressClassParams
    /// (namespaceSelector, group) limit who uses a class, not who names a group in an annotation.
    /// </summary>
    private static void GroupPolicy(StackContext context)
    {
        var label = ObjectValue.Of(("app.kubernetes.io/part-of", "observability"));
        context.Kubernetes(ComponentName, "alb-group-policy", "kubernetes:yaml/v2:ConfigGroup", ObjectValue.Of(("objs", ListValue.Of(
            ObjectValue.Of(
                ("apiVersion", "admissionregistration.k8s.io/v1"),
                ("kind", "ValidatingAdmissionPolicy"),
                ("metadata", ObjectValue.Of(("name", GroupPolicyName), ("labels", label))),
                ("spec", ObjectValue.Of(
                    ("failurePolicy", "Fail"),
                    ("matchConstraints", ObjectValue.Of(("resourceRules", ListValue.Of(ObjectValue.Of(
                        ("apiGroups", ListValue.Strings(["networking.k8s.io"])),
                        ("apiVersions", ListValue.Strings(["*"])),
                        ("operations", ListValue.Strings(["CREATE", "UPDATE"])),
                        ("resources", ListValue.Strings(["ingresses"]))))))),
                    ("validations", ListValue.Of(ObjectValue.Of(
                        ("expression", NotInPlatformGroup),
                        ("message", $"the IngressGroup '{AlbGroup}' is the observability platform's load balancer (Grafana, Kibana): use another {GroupAnnotation}"),
                        ("reason", "Forbidden"))))))),
            ObjectValue.Of(
                ("apiVersion", "admissionregistration.k8s.io/v1"),
                ("kind", "ValidatingAdmissionPolicyBinding"),
                ("metadata", ObjectValue.Of(("name", GroupPolicyName), ("labels", label))),
                ("spec", ObjectValue.Of(
                    ("policyName", GroupPolicyName),
                    ("validationActions", ListValue.Strings(["Deny"])),
                    ("matchResources", ObjectValue.Of(("namespaceSelector", ObjectValue.Of(("matchExpressions", ListValue.Of(ObjectValue.Of(
                        ("key", "kubernetes.io/metadata.name"),
                        ("operator", "NotIn"),
                        ("values", ListValue.Strings([Namespaces.Elastic]))))))))))))))));
    }

    private static ObjectValue Annotations(UserInterfacesArgs args, Interface ui)
    {
        var ingressClass = args.IngressClass;
        var cidrs = args.AllowedCidrs;
        // Unset: open to whoever reaches the load balancer (the sign-in pages still stand in the way).
        string? allowed = cidrs.Count == 0 ? null : string.Join(',', cidrs);
        var annotations = new List<(string, Value?)> { (LoadBalancers.ExternalDnsAnnotation, ui.Host) };
        if (ingressClass == AlbClass)
        {
            annotations.AddRange(
            [
                (GroupAnnotation, AlbGroup),
                ("alb.ingress.kubernetes.io/scheme", args.LoadBalancerScheme),
                // The subnets whose ranges albSubnetCidrs lists, not the controller's discovery by tags.
                (AlbSubnetsAnnotation, string.Join(',', args.AlbSubnets)),
                (AlbTargetTypeAnnotation, "ip"),
                // Port 80 only answers with a redirect to HTTPS, so a bare host name typed in a browser works.
                ("alb.ingress.kubernetes.io/listen-ports", ListenPorts),
                ("alb.ingress.kubernetes.io/ssl-redirect", "443"),
                // Slow Grafana queries over many environments outlast the ALB's 60 s default. Header fields whose
                // names are not RFC 7230 tokens are dropped, not passed to Grafana and the sign-in proxies (ELB
                // "Application Load Balancer attributes": off by default).
                (LoadBalancerAttributesAnnotation, LoadBalancerAttributes),
                ("alb.ingress.kubernetes.io/ssl-policy", "ELBSecurityPolicy-TLS13-1-2-2021-06"),
                ("alb.ingress.kubernetes.io/backend-protocol", ui.HttpsBackend ? "HTTPS" : "HTTP"),
                ("alb.ingress.kubernetes.io/healthcheck-path", ui.HealthPath),
                (AlbAllowedCidrsAnnotation, allowed),
            ]);
            foreach (var refusal in ui.Refusals)
            {
                annotations.Add((AlbActionAnnotationPrefix + refusal.Name, Yaml.JsonText.Of(ObjectValue.Of(
                    ("type", "fixed-response"),
                    ("fixedResponseConfig", ObjectValue.Of(
                        ("contentType", "text/plain"),
                        ("statusCode", refusal.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        ("messageBody", refusal.Message)))))));
                if (refusal.Header is { } header)
                {
                    annotations.Add((AlbConditionAnnotationPrefix + refusal.Name, Yaml.JsonText.Of(ListValue.Of(ObjectValue.Of(
                        ("field", "http-header"),
                        ("httpHeaderConfig", ObjectValue.Of(
                            ("httpHeaderName", header),
                            ("values", ListValue.Of(refusal.AlbHeaderValue!)))))))));
                }
            }
        }
        else
        {
            annotations.Add(("nginx.ingress.kubernetes.io/backend-protocol", ui.HttpsBackend ? "HTTPS" : "HTTP"));
            annotations.Add(("nginx.ingress.kubernetes.io/force-ssl-redirect", "true"));
            annotations.Add((NginxAllowedCidrsAnnotation, allowed));
            // ingress-nginx has no annotation for a header rule; with snippets disallowed (its default) the
            // controller refuses the whole Ingress, so a refusal never silently goes missing.
            annotations.Add((NginxSnippetAnnotation, ui.Refusals.Count == 0 ? null
                : string.Concat(ui.Refusals.Select(r => $"if ({r.NginxCondition}) {{ return {r.Status}; }}\n"))));
        }

        return ObjectValue.Of([.. annotations]);
    }
}
