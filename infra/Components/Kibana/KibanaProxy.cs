using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Kibana's single sign-on, which the basic licence allows only from outside Elasticsearch: oauth2-proxy
/// (quay.io/oauth2-proxy/oauth2-proxy) in front of Kibana, one Deployment per role. It signs people in
/// with the identity provider Grafana uses (Grafana's client, scopes, groups claim and domains, the
/// issuer from oidcIssuerUrl), admits only the role's groups, and injects the Authorization header of the
/// role's file-realm user (sso-logs-reader or sso-logs-admin), which Kibana's basic provider accepts. The
/// client's own Authorization header is stripped (preserveRequestValue false). oauth2-proxy v7.15.3 cannot
/// pick a header by group (alpha config's header values are a claim or a fixed secret), hence a proxy
/// and host per role. Secrets reach it only as mounted files or a Secret-backed variable.
/// </summary>
public static class KibanaProxy
{
    public const string Name = "kibana-sso";
    public const int HttpPort = 4180;
    public const int MetricsPort = 44180;
    public const string ConfigDirectory = "/etc/oauth2-proxy/config";
    public const string ClientDirectory = "/etc/oauth2-proxy/client";
    public const string HeaderDirectory = "/etc/oauth2-proxy/kibana";
    public const string KibanaCaDirectory = "/etc/oauth2-proxy/kibana-ca";
    public const string CookieSecretKey = "cookie-secret";

    /// <summary>Labels every sign-in proxy's pods carry (what Kibana's NetworkPolicy admits).</summary>
    public static readonly (string Key, string Value)[] Pods = [("app.kubernetes.io/name", Name)];

    public static string DeploymentName(string role) => $"{Name}-{role}";

    public static (string Key, string Value)[] RolePods(string role) => [.. Pods, ("app.kubernetes.io/instance", DeploymentName(role))];

    /// <summary>Kibana's Service as ECK names it, with ECK's TLS.</summary>
    public static string KibanaUrl => $"https://{Kibana.InstanceName}-kb-http.{Namespaces.Elastic}.svc:{Kibana.HttpPort}";

    /// <summary>The groups a role's proxy admits: the role's own, and for readers the admins too (admins can read).</summary>
    public static IReadOnlyList<string> AllowedGroups(StackSettings settings, string role)
    {
        var admins = settings.Get(SettingsCatalog.KibanaAdminGroups).Items;
        return role == KibanaUsers.AdminRole ? admins : [.. settings.Get(SettingsCatalog.KibanaReaderGroups).Items.Concat(admins).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The alpha configuration (no secret in it: the client secret and the header are files).</summary>
    public static string AlphaConfig(StackSettings settings, string role)
    {
        var claim = settings.Get(SettingsCatalog.GrafanaOidcGroupsClaim);
        var groups = AllowedGroups(settings, role);
        var yaml = new System.Text.StringBuilder();
        yaml.Append($"""
            server:
              bindAddress: "0.0.0.0:{HttpPort}"
            metricsServer:
              bindAddress: "0.0.0.0:{MetricsPort}"
            providers:
              - id: oidc
                provider: oidc
                name: Single sign-on
                clientID: "{settings.Get(SettingsCatalog.GrafanaOidcClientId)}"
                clientSecretFile: {ClientDirectory}/{GrafanaSignIn.SecretKey}
                scope: "{string.Join(' ', settings.Get(SettingsCatalog.GrafanaOidcScopes).Items)}"
                code_challenge_method: S256
                allowedGroups:

            """);
        foreach (var group in groups)
        {
            yaml.Append($"      - \"{group}\"\n");
        }

        yaml.Append($"""
                oidcConfig:
                  issuerURL: "{settings.Get(SettingsCatalog.OidcIssuerUrl)}"
                  emailClaim: email
                  groupsClaim: {claim}
                  userIDClaim: email
                  audienceClaims: [aud]
                  insecureSkipNonce: false
            upstreamConfig:
              upstreams:
                - id: kibana
                  path: /
                  uri: "{KibanaUrl}"
                  timeout: 120s
            injectRequestHeaders:
              - name: Authorization
                preserveRequestValue: false
                values:
                  - secretSource:
                      fromFile: {HeaderDirectory}/{KibanaUsers.SsoHeaderKey}

            """);
        return yaml.ToString();
    }

    /// <summary>The proxy of one role behind <paramref name="host"/>; returns its Service.</summary>
    /// <param name="settings">The stack's settings (many keys: OIDC client, groups, replicas, sizes), passed by its caller.</param>
    public static Resource Declare(StackContext context, StackSettings settings, string role, string host, Resource clientSecret, Resource kibana)
    {
        var component = Kibana.ComponentName;
        var name = DeploymentName(role);
        if (AllowedGroups(settings, role).Count == 0)
        {
            var key = role == KibanaUsers.AdminRole ? SettingsCatalog.KibanaAdminGroups.Key : SettingsCatalog.KibanaReaderGroups.Key;
            context.Problems.Add($"stack '{settings.Stack}': {key} lists no group, so nobody could sign in to Kibana as {role} through the identity provider; fix: pulumi config set --path '{key}[0]' <group of your identity provider> --stack {settings.Stack}");
        }

        var config = context.Kubernetes(component, $"{name}-config", "kubernetes:core/v1:ConfigMap", ObjectValue.Of(
            ("metadata", StackContext.Metadata(name, Namespaces.Elastic, Name)),
            ("data", ObjectValue.Of(("oauth2-proxy.yaml", AlphaConfig(settings, role))))), false, context.Namespace(Namespaces.Elastic));
        var cookie = context.RandomPassword(component, $"{name}-cookie-secret");
        var cookieSecret = KubernetesObjects.Secret(context, component, $"{name}-cookie", $"{name}-cookie", Namespaces.Elastic, Name,
            ObjectValue.Of((CookieSecretKey, new ReferenceValue(cookie, "result"))));

        var replicas = settings.Get(SettingsCatalog.KibanaProxyReplicas);
        var labels = NetworkPeer.MatchLabels(RolePods(role));
        var podLabels = new ObjectValue([.. RolePods(role).Select(l => new KeyValuePair<string, Value>(l.Key, new StringValue(l.Value)))]);
        var domains = settings.Get(SettingsCatalog.GrafanaOidcAllowedDomains).Items;
        var args = new List<Value>
        {
            $"--alpha-config={ConfigDirectory}/oauth2-proxy.yaml",
            $"--redirect-url=https://{host}/oauth2/callback",
            $"--cookie-name=_{name.Replace('-', '_')}",
            "--cookie-secure=true",
            "--cookie-samesite=lax",
            "--cookie-expire=12h",
            "--cookie-refresh=1h",
            "--reverse-proxy=true",
            "--skip-provider-button=true",
            "--silence-ping-logging=true",
        };
        args.AddRange(domains.Count == 0 ? ["--email-domain=*"] : domains.Select(d => (Value)$"--email-domain={d}"));
        // X-Forwarded-* only from the load balancer's subnets (alb) or the private ranges where ingress-nginx's
        // pods live: v7.15.2+ trusts every address unless told (the NetworkPolicy admits only those sources anyway).
        var trusted = settings.Get(SettingsCatalog.IngressClass) == UserInterfaces.AlbClass ? settings.Get(SettingsCatalog.AlbSubnetCidrs).Items : NetworkPeer.PrivateRanges;
        args.AddRange(trusted.Select(c => (Value)$"--trusted-proxy-ip={c}"));

        var container = ObjectValue.Of(
            ("name", "oauth2-proxy"),
            ("image", Pins.OAuth2ProxyImage),
            ("args", ListValue.Of([.. args])),
            ("env", ListValue.Of(
                ObjectValue.Of(("name", "OAUTH2_PROXY_COOKIE_SECRET"), ("valueFrom", ObjectValue.Of(("secretKeyRef", ObjectValue.Of(("name", $"{name}-cookie"), ("key", CookieSecretKey)))))),
                // Go reads extra CAs from SSL_CERT_DIR: ECK's CA for Kibana, beside the system roots for the identity provider.
                ObjectValue.Of(("name", "SSL_CERT_DIR"), ("value", KibanaCaDirectory)))),
            ("ports", ListValue.Of(KubernetesObjects.ContainerPort("http", HttpPort), KubernetesObjects.ContainerPort("metrics", MetricsPort))),
            ("readinessProbe", ObjectValue.Of(("httpGet", ObjectValue.Of(("path", "/ready"), ("port", "http"))), ("periodSeconds", 10))),
            ("livenessProbe", ObjectValue.Of(("httpGet", ObjectValue.Of(("path", "/ping"), ("port", "http"))), ("periodSeconds", 20))),
            ("resources", KubernetesObjects.Resources(settings.Profile.Size(WorkloadDefault.KibanaProxyCpu), settings.Profile.Size(WorkloadDefault.KibanaProxyMemoryRequest), settings.Profile.Size(WorkloadDefault.KibanaProxyMemoryLimit))),
            ("securityContext", KubernetesObjects.RestrictedContainerSecurity(runAsNonRoot: true)),
            ("volumeMounts", ListValue.Of(
                ObjectValue.Of(("name", "config"), ("mountPath", ConfigDirectory), ("readOnly", true)),
                ObjectValue.Of(("name", "client"), ("mountPath", ClientDirectory), ("readOnly", true)),
                ObjectValue.Of(("name", "header"), ("mountPath", HeaderDirectory), ("readOnly", true)),
                ObjectValue.Of(("name", "kibana-ca"), ("mountPath", KibanaCaDirectory), ("readOnly", true)))));
        var pod = ObjectValue.Of(
            // The proxy never calls the API server: no token to steal.
            ("automountServiceAccountToken", false),
            ("securityContext", ObjectValue.Of(
                ("runAsNonRoot", true),
                ("runAsUser", 65532),
                ("seccompProfile", ObjectValue.Of(("type", "RuntimeDefault"))))),
            ("affinity", replicas > 1 ? Placement.OnePerNode(podLabels) : null),
            ("topologySpreadConstraints", replicas > 1 ? Placement.AcrossZones(podLabels) : null),
            ("containers", ListValue.Of(container)),
            ("volumes", ListValue.Of(
                ObjectValue.Of(("name", "config"), ("configMap", ObjectValue.Of(("name", name)))),
                ObjectValue.Of(("name", "client"), ("secret", ObjectValue.Of(("secretName", GrafanaSignIn.SecretName)))),
                ObjectValue.Of(("name", "header"), ("secret", ObjectValue.Of(("secretName", KibanaUsers.SsoHeaderSecret(role))))),
                // ECK's public certificate Secret of Kibana's HTTP endpoint: only the CA.
                ObjectValue.Of(("name", "kibana-ca"), ("secret", ObjectValue.Of(
                    ("secretName", $"{Kibana.InstanceName}-kb-http-certs-public"),
                    ("items", ListValue.Of(ObjectValue.Of(("key", "ca.crt"), ("path", "kibana-ca.crt"))))))))));

        var deployment = context.Kubernetes(component, name, "kubernetes:apps/v1:Deployment", ObjectValue.Of(
            ("metadata", StackContext.Metadata(name, Namespaces.Elastic, Name)),
            ("spec", ObjectValue.Of(
                ("replicas", replicas),
                ("selector", labels),
                ("template", ObjectValue.Of(
                    ("metadata", ObjectValue.Of(("labels", podLabels))),
                    ("spec", pod)))))), false, config, cookieSecret, clientSecret, kibana);
        if (replicas > 1)
        {
            context.Kubernetes(component, $"{name}-pdb", "kubernetes:policy/v1:PodDisruptionBudget", ObjectValue.Of(
                ("metadata", StackContext.Metadata(name, Namespaces.Elastic, Name)),
                ("spec", ObjectValue.Of(("minAvailable", 1), ("selector", labels)))), false, context.Namespace(Namespaces.Elastic));
        }

        return context.Kubernetes(component, $"{name}-service", "kubernetes:core/v1:Service", ObjectValue.Of(
            ("metadata", StackContext.Metadata(name, Namespaces.Elastic, Name)),
            ("spec", ObjectValue.Of(
                ("selector", podLabels),
                ("ports", ListValue.Of(ObjectValue.Of(("name", "http"), ("port", 80), ("targetPort", "http"), ("protocol", "TCP"))))))), false, deployment);
    }

    /// <summary>The proxies reach Kibana and the identity provider, and nothing else.</summary>
    public static void DeclareNetwork(StackContext context)
    {
        context.AddEdge(new NetworkEdge(Namespaces.Elastic, "allow-kibana-sso", [.. Kibana.Pods.Entries.Select(e => (e.Key, ((StringValue)e.Value).Text))],
            NetworkPeer.Pods(Namespaces.Elastic, Pods), [Kibana.HttpPort]));
        context.AddEgress(new NetworkEgress(Namespaces.Elastic, NetworkPolicies.EgressName("allow-kibana-sso"), Pods, NetworkPeer.AnyAddress, [443],
            "oauth2-proxy signs people in at the identity provider (oidcIssuerUrl: discovery, token, keys, UserInfo), which may be a SaaS or a self-hosted address"));
    }
}
