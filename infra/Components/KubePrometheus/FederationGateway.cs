using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The environment's federation endpoint: an nginx gateway that terminates TLS (cert-manager
/// certificate for <c>federationHost</c>) and checks basic auth against two users with their own
/// generated passwords (nginx reads their bcrypt hashes, one file per user): <c>federate</c> (the
/// controlplane Prometheus' federation scrape) may only read <c>/federate</c>; <c>grafana</c> (the
/// controlplane Grafana's per-environment datasources) may only use the read-only query API and
/// Alertmanager's alert and silence API (see and silence this environment's alerts). So the credential
/// Prometheus holds cannot silence anything. Nothing else that writes, deletes or reloads is exposed: no
/// alert can be posted, no configuration read or reloaded; creating and expiring silences is the one write.
/// </summary>
public sealed class FederationGateway : IComponent
{
    public const string Name = "prometheus-federation";
    /// <summary>The controlplane Prometheus' user: <c>/federate</c> only.</summary>
    public const string FederateUsername = "federate";

    /// <summary>The controlplane Grafana's user: the query API and Alertmanager's alert and silence API, not <c>/federate</c>.</summary>
    public const string GrafanaUsername = "grafana";
    public const int TlsPort = 8443;

    /// <summary>Plain HTTP, /healthz only: the NLB's health checks, from its own addresses.</summary>
    public const int HealthPort = 8080;
    /// <summary>The ConfigMap's directory: mounted whole (no subPath), so the kubelet's updates reach running pods.</summary>
    public const string ConfigDirectory = "/etc/nginx/gateway";
    public const string ConfigPath = ConfigDirectory + "/nginx.conf";
    public const string AuthDirectory = "/etc/nginx/auth";

    /// <summary>The federate user's password file: the key and path the single-user gateway had, so federation keeps working while an upgrade rolls out.</summary>
    public const string FederateHtpasswdPath = AuthDirectory + "/htpasswd";

    public const string GrafanaHtpasswdPath = AuthDirectory + "/grafana.htpasswd";
    public const string CertificatePath = "/etc/nginx/tls/tls.crt";
    public const string KeyPath = "/etc/nginx/tls/tls.key";

    /// <summary>How often the wrapper compares the mounted files; the kubelet itself takes up to about a minute to update them.</summary>
    public const int ReloadIntervalSeconds = 30;

    /// <summary>Where render writes the wrapper script the container runs.</summary>
    public const string ScriptDocument = "prometheus/federation-gateway.sh";

    /// <summary>Filed under KubePrometheus: the gateway is the environment's side of Prometheus federation.</summary>
    string IComponent.Name => KubePrometheus.ComponentName;

    /// <summary>The federate user's generated password.</summary>


    /// <summary>The grafana user's generated password.</summary>


    private readonly FederationGatewayArgs _args;

    /// <param name="args">Its settings.</param>
    public FederationGateway(FederationGatewayArgs args)
    {
        _args = args;
    }

    public void Build(StackContext context)
    {
        var args = _args;
        var host = args.Host;
        var component = KubePrometheus.ComponentName;
        // The resource name the single federation password had: existing environments keep that password for federate.
        var federatePassword = context.RandomPassword(component, "federation-password");
        var grafanaPassword = context.RandomPassword(component, "federation-grafana-password");

        var auth = KubernetesObjects.Secret(context, component, "federation-auth-secret", $"{Name}-auth", Namespaces.Monitoring, "federation", ObjectValue.Of(
            (Path.GetFileName(FederateHtpasswdPath), Htpasswd(FederateUsername, federatePassword)),
            (Path.GetFileName(GrafanaHtpasswdPath), Htpasswd(GrafanaUsername, grafanaPassword))));

        var nginxConfig = NginxConfig(KubePrometheus.PrometheusUrl, Alertmanager.Url);
        context.Graph.AddDocument(new RenderedDocument("prometheus/federation-gateway.conf", nginxConfig, component));
        context.Graph.AddDocument(new RenderedDocument(ScriptDocument, Script, component));
        var config = context.Kubernetes(component, "federation-gateway-config", "kubernetes:core/v1:ConfigMap", ObjectValue.Of(
            ("metadata", StackContext.Metadata($"{Name}-nginx", Namespaces.Monitoring, "federation")),
            ("data", ObjectValue.Of(("nginx.conf", nginxConfig)))), false, context.Namespace(Namespaces.Monitoring));

        var certificate = context.CustomResources(component, "federation-certificate", [ObjectValue.Of(
            ("apiVersion", "cert-manager.io/v1"),
            ("kind", "Certificate"),
            ("metadata", StackContext.Metadata($"{Name}-tls", Namespaces.Monitoring, "federation")),
            ("spec", ObjectValue.Of(
                ("secretName", $"{Name}-tls"),
                ("dnsNames", ListValue.Of(host)),
                ("privateKey", ObjectValue.Of(("algorithm", "ECDSA"), ("size", 256), ("rotationPolicy", "Always"))),
                ("issuerRef", ObjectValue.Of(
                    ("kind", "ClusterIssuer"),
                    ("name", args.ClusterIssuer))))))],
            stateful: false, context.Namespace(Namespaces.Monitoring));

        var replicas = args.Replicas;
        var labels = ObjectValue.Of(("app.kubernetes.io/name", Name), ("app.kubernetes.io/component", "federation"));
        var deployment = context.Kubernetes(component, "federation-gateway", "kubernetes:apps/v1:Deployment", ObjectValue.Of(
            ("metadata", StackContext.Metadata(Name, Namespaces.Monitoring, "federation")),
            ("spec", ObjectValue.Of(
                ("replicas", replicas),
                ("selector", ObjectValue.Of(("matchLabels", labels))),
                // With one pod per node, a surge pod may find no free node: replace one pod at a time instead.
                ("strategy", replicas > 1 ? ObjectValue.Of(("type", "RollingUpdate"), ("rollingUpdate", ObjectValue.Of(("maxSurge", 0), ("maxUnavailable", 1)))) : null),
                ("template", ObjectValue.Of(
                    ("metadata", ObjectValue.Of(("labels", labels))),
                    ("spec", PodSpec(labels, replicas, args.Profile))))))), false, auth, config, certificate);
        deployment.Options.CustomTimeout = "10m";

        if (replicas > 1)
        {
            context.Kubernetes(component, "federation-gateway-pdb", "kubernetes:policy/v1:PodDisruptionBudget", ObjectValue.Of(
                ("metadata", StackContext.Metadata(Name, Namespaces.Monitoring, "federation")),
                ("spec", ObjectValue.Of(
                    ("minAvailable", 1),
                    ("selector", ObjectValue.Of(("matchLabels", labels)))))), false, context.Namespace(Namespaces.Monitoring));
        }

        var cidrs = args.ControlplaneCidrs;
        if (cidrs.Count == 0)
        {
            context.Graph.AddWarning($"{SettingsCatalog.ControlplaneCidrs.Key} is empty: the federation endpoint accepts connections from any address (TLS and authentication still apply); list the controlplane's egress ranges.");
        }

        // The NLB keeps the client's address (the rate limits and the NetworkPolicy see the controlplane) and
        // health-checks the plain health port, which answers /healthz and nothing else.
        var annotations = ChartValuesMerger.Merge(args.LoadBalancerAnnotations, ObjectValue.Of(
            (LoadBalancers.TargetGroupAttributesAnnotation, PreserveClientIp),
            (LoadBalancers.HealthCheckPortAnnotation, HealthPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (LoadBalancers.HealthCheckProtocolAnnotation, "HTTP"),
            (LoadBalancers.HealthCheckPathAnnotation, "/healthz")));
        context.Kubernetes(component, "federation-gateway-service", "kubernetes:core/v1:Service", ObjectValue.Of(
            ("metadata", ObjectValue.Of(
                ("name", Name),
                ("namespace", Namespaces.Monitoring),
                ("labels", StackContext.Labels(Name, "federation")),
                ("annotations", annotations))),
            ("spec", ObjectValue.Of(
                ("type", "LoadBalancer"),
                // The NLB sends to pod IPs: no NodePort, which would let any pod reach the gateway through a
                // node's address (kube-proxy masquerades it to the node's IP).
                ("allocateLoadBalancerNodePorts", false),
                ("selector", labels),
                ("loadBalancerSourceRanges", cidrs.Count == 0 ? null : ListValue.Strings(cidrs)),
                ("ports", ListValue.Of(ObjectValue.Of(
                    ("name", "https"),
                    ("port", 443),
                    ("targetPort", TlsPort),
                    ("protocol", "TCP"))))))), false, deployment);

        // The TLS port admits the controlplane's ranges only (the NLB keeps the client's address), so no pod of
        // this cluster reaches it, wherever the NLB's subnets are; the health port (only /healthz) admits any
        // source, the NLB's health checks coming from its own addresses. Behind the gateway, only Prometheus'
        // and Alertmanager's web ports.
        var gatewayPods = NetworkPeer.Pods(Namespaces.Monitoring, ("app.kubernetes.io/name", Name));
        context.AddEdge(new NetworkEdge(Namespaces.Monitoring, "allow-federation-gateway-to-prometheus", KubePrometheus.PrometheusPodLabels, gatewayPods, [KubePrometheus.PrometheusPort]));
        context.AddEdge(new NetworkEdge(Namespaces.Monitoring, "allow-federation-gateway-to-alertmanager", Alertmanager.PodLabels, gatewayPods, [Alertmanager.Port]));
        var sources = cidrs.Count == 0 ? [NetworkPeer.Anywhere] : cidrs.Select(c => NetworkPeer.Addresses(c)).ToList();
        foreach (var source in sources)
        {
            context.AddEdge(new NetworkEdge(Namespaces.Monitoring, "allow-federation-gateway", [("app.kubernetes.io/name", Name)], source, [TlsPort]));
        }

        context.AddEdge(new NetworkEdge(Namespaces.Monitoring, "allow-federation-gateway", [("app.kubernetes.io/name", Name)], NetworkPeer.Anywhere, [HealthPort]));

        context.AddOutput(new StackOutput(EnvironmentOutputs.FederationTarget, $"{host}:443", false, "host:port of the federation endpoint (TLS)"));
        context.AddOutput(new StackOutput(EnvironmentOutputs.FederationUsername, FederateUsername, false, "basic-auth user of the federation endpoint's /federate (the controlplane Prometheus)"));
        context.AddOutput(new StackOutput(EnvironmentOutputs.FederationPassword, new ReferenceValue(federatePassword, "result"), true, "basic-auth password of the federation endpoint's /federate"));
        context.AddOutput(new StackOutput(EnvironmentOutputs.FederationGrafanaUsername, GrafanaUsername, false, "basic-auth user of the federation endpoint's query and Alertmanager API (the controlplane Grafana)"));
        context.AddOutput(new StackOutput(EnvironmentOutputs.FederationGrafanaPassword, new ReferenceValue(grafanaPassword, "result"), true, "basic-auth password of the federation endpoint's query and Alertmanager API"));
    }

    /// <summary>
    /// The NLB's target group attribute that keeps the client's address (AWS: off by default for IP targets
    /// over TCP), so nginx's per-address rate limit and the NetworkPolicy see the controlplane, not the NLB.
    /// </summary>
    public const string PreserveClientIp = "preserve_client_ip.enabled=true";

    /// <summary>One htpasswd line: the user and the bcrypt hash of the generated password.</summary>
    private static InterpolatedValue Htpasswd(string user, Resource password) =>
        InterpolatedValue.Of(new StringValue($"{user}:"), new ReferenceValue(password, "bcryptHash"), new StringValue("\n"));

    /// <summary>
    /// The read-only query API Grafana needs (queries, series and label lookups, metadata, the version
    /// check), as an nginx regular expression; admin, write, reload and everything else stay unexposed.
    /// </summary>
    public const string QueryApiPattern = "^/api/v1/(query|query_range|series|labels|label/[^/]+/values|metadata|status/buildinfo)$";

    /// <summary>Alertmanager's read API Grafana's Alertmanager datasource uses (alerts, groups, status, receivers), GET only.</summary>
    public const string AlertmanagerReadPattern = "^/api/v2/(alerts|alerts/groups|status|receivers)$";

    /// <summary>One silence: read it or expire it (DELETE).</summary>
    public const string SilencePattern = "^/api/v2/silence/[0-9a-fA-F-]+$";

    /// <summary>
    /// The raw path (before any '?') of a request that tries to reach something other than what it names:
    /// '..', '//', a backslash, or an encoded '/', '\' or '.' (nginx would decode and normalise them, so a
    /// location could see a different path than the upstream gets). Matched on $request_uri, never on
    /// the normalised $uri, and refused with 400 before any location or password check.
    /// </summary>
    public const string UnsafePathPattern = "^[^?]*(\\.\\.|//|\\x5c|%2[fF]|%5[cC]|%2[eE])";

    /// <summary>
    /// Rate limits per client address and credential (limit_req keyed on the address and the basic-auth
    /// user, which nginx reads from the header before any password check, so one key per address: a client
    /// sending wrong passwords for a user drains its own bucket, never another address'): the federate user's scrape
    /// comes once per interval (60-120 s), so 1 request/s with a burst of 10 leaves room for retries and
    /// several controlplane replicas; Grafana fires a dashboard's panels at once, so 10 queries/s with a
    /// burst of 100 (a large dashboard refreshed in one go) and nothing beyond. Over the limit: 429.
    /// </summary>
    public const int FederateRatePerSecond = 1;

    public const int FederateBurst = 10;
    public const int ApiRatePerSecond = 10;
    public const int ApiBurst = 100;

    /// <summary>
    /// Every request of one address, whatever its credential or none (wrong passwords and 401s count: each
    /// costs a bcrypt check): above both credentials' rates together, so the controlplane behind one NAT
    /// address is never held back by it.
    /// </summary>
    public const int ClientRatePerSecond = 20;

    public const int ClientBurst = 200;

    public static string NginxConfig(string prometheusUrl, string alertmanagerUrl) => $$"""
        # Federation gateway: TLS and basic auth in front of Prometheus' /federate and read-only query API,
        # and of Alertmanager's alert and silence API. One password file per user: {{FederateUsername}} (the
        # controlplane Prometheus) reaches /federate only, {{GrafanaUsername}} (the controlplane Grafana) the rest.
        worker_processes 2;
        pid /tmp/nginx.pid;
        error_log /dev/stderr warn;

        events {
            worker_connections 1024;
        }

        http {
            access_log /dev/stdout;
            client_body_temp_path /tmp/client_body;
            proxy_temp_path /tmp/proxy;
            fastcgi_temp_path /tmp/fastcgi;
            uwsgi_temp_path /tmp/uwsgi;
            scgi_temp_path /tmp/scgi;
            server_tokens off;

            # Path tricks ('..', '//', encoded slashes and dots) on the raw request line: refused below.
            map $request_uri $unsafe_path {
                default 0;
                "~{{UnsafePathPattern}}" 1;
            }

            # One bucket per client address and credential: the user name is read from the Authorization
            # header before the password is checked, so keyed on it alone anyone could drain the
            # controlplane's bucket with wrong passwords. Plus one bucket per address for every request,
            # with or without credentials (401s included). The load balancer keeps the client's address.
            limit_req_zone $binary_remote_addr$remote_user zone=federate:1m rate={{FederateRatePerSecond}}r/s;
            limit_req_zone $binary_remote_addr$remote_user zone=api:1m rate={{ApiRatePerSecond}}r/s;
            limit_req_zone $binary_remote_addr zone=client:1m rate={{ClientRatePerSecond}}r/s;
            limit_req_status 429;
            limit_req_log_level warn;

            server {
                listen {{TlsPort}} ssl;
                ssl_certificate {{CertificatePath}};
                ssl_certificate_key {{KeyPath}};
                ssl_protocols TLSv1.2 TLSv1.3;
                # Neither nginx' nor the upstream's path normalisation gets a say: refused as sent.
                merge_slashes off;

                if ($unsafe_path) {
                    return 400;
                }

                # Only reads (GET, which admits HEAD).
                location = /federate {
                    limit_except GET {
                        deny all;
                    }
                    limit_req zone=client burst={{ClientBurst}} nodelay;
                    limit_req zone=federate burst={{FederateBurst}} nodelay;
                    auth_basic "Prometheus federation";
                    auth_basic_user_file {{FederateHtpasswdPath}};
                    proxy_pass {{prometheusUrl}};
                    # Large federation payloads: the controlplane's scrape timeout stays below this.
                    proxy_read_timeout {{Federation.GatewayReadTimeoutSeconds}}s;
                    proxy_buffering off;
                }

                # Grafana's per-environment datasource; GET and POST only (POST carries long queries).
                location ~ {{QueryApiPattern}} {
                    limit_except GET POST {
                        deny all;
                    }
                    limit_req zone=client burst={{ClientBurst}} nodelay;
                    limit_req zone=api burst={{ApiBurst}} nodelay;
                    auth_basic "Prometheus federation";
                    auth_basic_user_file {{GrafanaHtpasswdPath}};
                    proxy_pass {{prometheusUrl}};
                    proxy_read_timeout 60s;
                }

                # Grafana's per-environment Alertmanager datasource: read alerts (never post them) ...
                location ~ {{AlertmanagerReadPattern}} {
                    limit_except GET {
                        deny all;
                    }
                    limit_req zone=client burst={{ClientBurst}} nodelay;
                    limit_req zone=api burst={{ApiBurst}} nodelay;
                    auth_basic "Prometheus federation";
                    auth_basic_user_file {{GrafanaHtpasswdPath}};
                    proxy_pass {{alertmanagerUrl}};
                }

                # ... list and create silences ...
                location = /api/v2/silences {
                    limit_except GET POST {
                        deny all;
                    }
                    limit_req zone=client burst={{ClientBurst}} nodelay;
                    limit_req zone=api burst={{ApiBurst}} nodelay;
                    auth_basic "Prometheus federation";
                    auth_basic_user_file {{GrafanaHtpasswdPath}};
                    proxy_pass {{alertmanagerUrl}};
                }

                # ... and read or expire one.
                location ~ {{SilencePattern}} {
                    limit_except GET DELETE {
                        deny all;
                    }
                    limit_req zone=client burst={{ClientBurst}} nodelay;
                    limit_req zone=api burst={{ApiBurst}} nodelay;
                    auth_basic "Prometheus federation";
                    auth_basic_user_file {{GrafanaHtpasswdPath}};
                    proxy_pass {{alertmanagerUrl}};
                }

                location = /healthz {
                    access_log off;
                    return 200 "ok\n";
                }

                location / {
                    return 404;
                }
            }

            # The load balancer's health checks come from its own addresses, which may share subnets with the
            # cluster's pods: they get a port that answers /healthz and nothing else.
            server {
                listen {{HealthPort}};
                access_log off;

                location = /healthz {
                    return 200 "ok\n";
                }

                location / {
                    return 404;
                }
            }
        }

        """;

    /// <summary>
    /// The container's command (also rendered as prometheus/federation-gateway.sh): nginx reads its
    /// certificate only at start, so this runs it and reloads it when a mounted file changes.
    /// </summary>
    public static string Script => $$"""
        #!/bin/sh
        # Federation gateway: runs nginx and reloads it (SIGHUP: new workers with the new files, the
        # same master, open connections finish) when its certificate, key, password files or
        # configuration changes. The kubelet updates mounted Secrets and ConfigMaps by swapping a
        # ..data symlink, so the contents are compared, not the files' times.
        config={{ConfigPath}}
        watched="$config {{CertificatePath}} {{KeyPath}} {{FederateHtpasswdPath}} {{GrafanaHtpasswdPath}}"
        interval={{ReloadIntervalSeconds}}

        checksum() {
            # Word splitting of $watched is intended: paths without spaces.
            cat $watched 2>/dev/null | sha512sum
        }

        nginx -e stderr -c "$config" -g 'daemon off;' &
        nginx=$!
        # As PID 1 the shell ignores signals it has no trap for: on the pod's TERM, stop nginx gracefully
        # and exit with it (not after another round of the loop's sleep).
        trap 'kill -QUIT "$nginx" 2>/dev/null; wait "$nginx"; exit $?' TERM INT QUIT
        last=$(checksum)
        while kill -0 "$nginx" 2>/dev/null; do
            # In the background, so that a signal interrupts the wait at once.
            sleep "$interval" &
            wait $!
            current=$(checksum)
            if [ "$current" != "$last" ]; then
                echo "federation-gateway: mounted files changed, reloading nginx" >&2
                kill -HUP "$nginx"
                last=$current
            fi
        done
        wait "$nginx"

        """;

    /// <summary>
    /// Replicas on different nodes (required once there are two, so one node cannot take the endpoint
    /// down), spread over zones where the zones allow it.
    /// </summary>
    private static ObjectValue? AntiAffinity(ObjectValue labels, int replicas) => replicas < 2 ? null : ObjectValue.Of(
        ("podAntiAffinity", ObjectValue.Of(("requiredDuringSchedulingIgnoredDuringExecution", ListValue.Of(ObjectValue.Of(
            ("topologyKey", "kubernetes.io/hostname"),
            ("labelSelector", ObjectValue.Of(("matchLabels", labels)))))))));

    /// <summary>Seconds a stopping pod keeps serving while the load balancer deregisters it.</summary>
    public const int PreStopSeconds = 20;

    /// <summary>The pod's grace period: the preStop sleep plus time for nginx to finish open requests.</summary>
    public const int TerminationGraceSeconds = 60;

    private static ObjectValue PodSpec(ObjectValue labels, int replicas, Profile profile) => ObjectValue.Of(
        // The gateway faces the load balancer and never calls the API server: no token to steal.
        ("automountServiceAccountToken", false),
        ("securityContext", ObjectValue.Of(
            ("runAsNonRoot", true),
            ("seccompProfile", ObjectValue.Of(("type", "RuntimeDefault"))))),
        ("affinity", AntiAffinity(labels, replicas)),
        ("topologySpreadConstraints", Placement.AcrossZones(labels)),
        // Time for the load balancer to stop sending before nginx stops: the preStop sleep outlasts the
        // NLB's deregistration, then nginx finishes open requests (QUIT) within the grace period.
        ("terminationGracePeriodSeconds", TerminationGraceSeconds),
        ("containers", ListValue.Of(ObjectValue.Of(
            ("name", "nginx"),
            ("image", Pins.FederationGatewayImage),
            // Replaces the image's entrypoint (its startup scripts edit files this gateway does not use).
            ("command", ListValue.Strings(["/bin/sh", "-c", Script])),
            ("ports", ListValue.Of(KubernetesObjects.ContainerPort("https", TlsPort), KubernetesObjects.ContainerPort("health", HealthPort))),
            ("readinessProbe", ObjectValue.Of(("httpGet", ObjectValue.Of(("path", "/healthz"), ("port", TlsPort), ("scheme", "HTTPS"))))),
            ("livenessProbe", ObjectValue.Of(("httpGet", ObjectValue.Of(("path", "/healthz"), ("port", TlsPort), ("scheme", "HTTPS"))))),
            ("resources", KubernetesObjects.Resources(profile.Size(WorkloadDefault.FederationGatewayCpu), profile.Size(WorkloadDefault.FederationGatewayMemoryRequest), profile.Size(WorkloadDefault.FederationGatewayMemoryLimit))),
            ("securityContext", KubernetesObjects.RestrictedContainerSecurity()),
            ("lifecycle", ObjectValue.Of(("preStop", ObjectValue.Of(("exec", ObjectValue.Of(("command", ListValue.Of("sleep", PreStopSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))))))))),
            ("volumeMounts", ListValue.Of(
                ObjectValue.Of(("name", "config"), ("mountPath", ConfigDirectory), ("readOnly", true)),
                ObjectValue.Of(("name", "auth"), ("mountPath", AuthDirectory), ("readOnly", true)),
                ObjectValue.Of(("name", "tls"), ("mountPath", "/etc/nginx/tls"), ("readOnly", true)),
                ObjectValue.Of(("name", "tmp"), ("mountPath", "/tmp"))))))),
        ("volumes", ListValue.Of(
            ObjectValue.Of(("name", "config"), ("configMap", ObjectValue.Of(("name", $"{Name}-nginx")))),
            ObjectValue.Of(("name", "auth"), ("secret", ObjectValue.Of(("secretName", $"{Name}-auth")))),
            ObjectValue.Of(("name", "tls"), ("secret", ObjectValue.Of(("secretName", $"{Name}-tls")))),
            ObjectValue.Of(("name", "tmp"), ("emptyDir", ObjectValue.Of(("sizeLimit", "64Mi")))))));
}
