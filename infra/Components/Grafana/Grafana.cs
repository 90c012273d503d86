using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Grafana on the controlplane: admin credentials generated into a Secret, the controlplane
/// Prometheus as default datasource, each environment's Prometheus (through its authenticated
/// gateway) as a datasource of its own, dashboards picked up from labelled ConfigMaps (ours and
/// kube-prometheus-stack's), persistence on.
/// </summary>
public sealed class Grafana : IComponent<GrafanaResources>
{
    public const string ComponentName = "Grafana";
    public const string ReleaseName = "grafana";
    public const string AdminSecretName = "grafana-admin";

    /// <summary>Passwords and CAs of the environments' gateways, mounted as files the datasources read.</summary>
    public const string EnvironmentsSecretName = "grafana-environments";
    public const string EnvironmentsDirectory = "/etc/secrets/environments";

    /// <summary>The label the dashboard sidecar watches (in the dashboard namespaces), on our ConfigMaps and the chart's.</summary>
    public const string DashboardLabel = "grafana_dashboard";
    public const string DashboardLabelValue = "1";

    /// <summary>Datasource uid of an environment's Prometheus.</summary>
    public static string EnvironmentDatasource(string stack) => $"env-{stack}";

    public static string PasswordFile(string stack) => $"{EnvironmentsDirectory}/{stack}-password";

    public static string CaFile(string stack) => $"{EnvironmentsDirectory}/{stack}-ca.crt";

    /// <summary>Grafana's container port (its metrics are scraped there).</summary>
    public const int HttpPort = 3000;

    /// <summary>
    /// What the load balancer answers itself for Grafana's host. HTTP Basic authentication: Grafana accepts
    /// it whenever [auth.basic] is enabled, login form off or not (the break-glass admin password works
    /// through it, and wrong guesses lock the admin out), so only a port-forward, which bypasses the load
    /// balancer, may use it; service-account tokens are Bearer. /metrics: Grafana serves it without
    /// authentication; Prometheus scrapes the pod directly. See docs/design-notes.md.
    /// </summary>
    public static IReadOnlyList<UserInterfaces.Refusal> EdgeRefusals { get; } =
    [
        new("refuse-basic-auth", 403, "Basic authentication is accepted only through a port-forward", "/", "Authorization", "*Basic *", "$http_authorization ~* \"basic\\s\""),
        new("refuse-metrics", 404, "Not found", "/metrics", null, null, "$uri ~ \"^/metrics(/|$)\""),
    ];

    private static readonly (string Key, string Value)[] GrafanaPods = [("app.kubernetes.io/name", "grafana")];

    public string Name => ComponentName;

    private readonly GrafanaArgs _args;
    private readonly HelmRelease _kubePrometheus;
    private readonly ElasticsearchResources _elasticsearch;

    /// <param name="args">Its settings.</param>
    /// <param name="kubePrometheus">kube-prometheus-stack's release: its dashboards are rendered for Grafana's sidecar.</param>
    /// <param name="elasticsearch">The logs Elasticsearch, a datasource.</param>
    public Grafana(GrafanaArgs args, HelmRelease kubePrometheus, ElasticsearchResources elasticsearch)
    {
        _args = args;
        _kubePrometheus = kubePrometheus;
        _elasticsearch = elasticsearch;
    }

    public GrafanaResources Build(StackContext context)
    {
        var args = _args;
        var kubePrometheus = _kubePrometheus;
        var elasticsearch = _elasticsearch;

        // Grafana runs beside Elasticsearch so it can mount ECK's CA and its own Elasticsearch user.
        var password = context.RandomPassword(ComponentName, "grafana-admin-password");
        var adminSecret = KubernetesObjects.Secret(context, ComponentName, "grafana-admin-secret", AdminSecretName, Namespaces.Elastic, "grafana", ObjectValue.Of(
            ("admin-user", "admin"),
            ("admin-password", new ReferenceValue(password, "result"))));

        var release = context.Release(ComponentName, ReleaseName, Pins.Grafana, Namespaces.Elastic, stateful: true);
        release.DependsOn(adminSecret);
        var oidcSecret = GrafanaSignIn.Secret(context);
        release.DependsOn(oidcSecret);
        // Sidecar scope, RBAC and rollout strategy: see GrafanaAccess; teams' dashboards into their folders: Teams/TeamDashboards.
        Teams.TeamDashboards.Build(context);
        release.Wire(GrafanaAccess.Values(context, kubePrometheus.NamespaceName));
        if (Teams.TeamDashboards.Namespaces(context).Count > 0)
        {
            release.Wire(Teams.TeamDashboards.SidecarValues());
        }

        foreach (var role in GrafanaAccess.Roles(context, kubePrometheus.NamespaceName))
        {
            release.DependsOn(role);
        }

        kubePrometheus.Wire(KubePrometheus.ChartDashboards(DashboardLabel, DashboardLabelValue));
        var environments = context.Environments;
        var secretMounts = new List<Value>
        {
            ObjectValue.Of(("name", "elasticsearch-ca"), ("secretName", $"{Elasticsearch.ClusterName}-es-http-certs-public"), ("mountPath", "/etc/secrets/elasticsearch-ca"), ("readOnly", true)),
            ObjectValue.Of(("name", "elasticsearch-user"), ("secretName", Elasticsearch.GrafanaUserSecret), ("mountPath", "/etc/secrets/elasticsearch-user"), ("readOnly", true)),
            GrafanaSignIn.SecretMount,
        };
        if (environments.Count > 0)
        {
            // Passwords stay secret stack outputs flowing into this Secret only; the datasources name the files.
            // An empty CA file means a publicly trusted certificate: Grafana then uses the system roots.
            release.DependsOn(KubernetesObjects.Secret(context, ComponentName, "grafana-environments-secret", EnvironmentsSecretName, Namespaces.Elastic, "grafana",
                new ObjectValue(environments.SelectMany(e => new[]
                {
                    new KeyValuePair<string, Value>($"{e.Stack}-password", e.FederationGrafanaPassword),
                    new KeyValuePair<string, Value>($"{e.Stack}-ca.crt", e.TlsCaCertificate),
                }).ToList())));
            secretMounts.Add(ObjectValue.Of(("name", "environments"), ("secretName", EnvironmentsSecretName), ("mountPath", EnvironmentsDirectory), ("readOnly", true)));
        }

        release.DependsOn(kubePrometheus.Resource);
        release.DependsOn(elasticsearch.Cluster);
        release.Wire(ObjectValue.Of(
            ("admin", ObjectValue.Of(
                ("existingSecret", AdminSecretName),
                ("userKey", "admin-user"),
                ("passwordKey", "admin-password"))),
            ("persistence", ObjectValue.Of(
                ("enabled", true),
                ("size", args.StorageSize),
                ("storageClassName", args.StorageClass))),
            // No root init container (grafana 12.11.1 initChownData: runAsUser 0, CHOWN and DAC_OVERRIDE): the chart's
            // pod securityContext has fsGroup 472, so the kubelet gives the volume Grafana's group when it mounts it.
            ("initChownData", ObjectValue.Of(("enabled", false))),
            ("serviceMonitor", ObjectValue.Of(("enabled", true))),
            ("grafana.ini", GrafanaSignIn.Ini(args.SignIn, context.Problems)),
            ("extraSecretMounts", new ListValue(secretMounts)),
            ("datasources", ObjectValue.Of(("datasources.yaml", ObjectValue.Of(
                ("apiVersion", 1),
                ("datasources", ListValue.Of(
                    [ObjectValue.Of(
                        ("name", "Prometheus"),
                        ("type", "prometheus"),
                        ("uid", Dashboard.ControlplaneDatasource),
                        ("access", "proxy"),
                        ("url", KubePrometheus.PrometheusUrl),
                        ("isDefault", true),
                        ("editable", false)),
                    ObjectValue.Of(
                        ("name", "Logs"),
                        ("type", "elasticsearch"),
                        ("uid", "logs"),
                        ("access", "proxy"),
                        ("url", $"https://{Elasticsearch.HttpService}:{Elasticsearch.HttpPort}"),
                        ("basicAuth", true),
                        ("basicAuthUser", Elasticsearch.GrafanaUser),
                        ("editable", false),
                        ("jsonData", ObjectValue.Of(
                            // The data streams its Elasticsearch user may read (Elasticsearch.GrafanaRole).
                            ("index", KibanaUsers.LogIndices),
                            ("timeField", "@timestamp"),
                            ("tlsAuthWithCACert", true))),
                        // Grafana reads both from the mounted Secrets at start-up.
                        ("secureJsonData", ObjectValue.Of(
                            ("basicAuthPassword", "$__file{/etc/secrets/elasticsearch-user/password}"),
                            ("tlsCACert", "$__file{/etc/secrets/elasticsearch-ca/ca.crt}")))),
                    // Silencing from here: this stack's Alertmanager and each environment's (through its gateway).
                    ObjectValue.Of(
                        ("name", NotificationLinks.AlertmanagerDatasource(args.Stack)),
                        ("type", "alertmanager"),
                        ("uid", NotificationLinks.AlertmanagerDatasource(args.Stack)),
                        ("access", "proxy"),
                        ("url", Alertmanager.Url),
                        ("editable", false),
                        ("jsonData", ObjectValue.Of(("implementation", "prometheus"), ("handleGrafanaManagedAlerts", false)))),
                    .. environments.Select(EnvironmentDatasource),
                    .. environments.Select(EnvironmentAlertmanager)]))))))));
        context.AddWorkloads(release.Resource, GrafanaWorkloads.Read);
        context.AddOutput(new StackOutput("grafanaAdminPassword", FunctionValue.Secret(new ReferenceValue(password, "result")), true,
            "Grafana admin password (user 'admin')"));
        context.AddEdge(new NetworkEdge(Namespaces.Monitoring, "allow-grafana-to-prometheus", [("app.kubernetes.io/name", "prometheus")],
            NetworkPeer.Pods(Namespaces.Elastic, ("app.kubernetes.io/name", "grafana")), [KubePrometheus.PrometheusPort]));
        context.AddEdge(new NetworkEdge(Namespaces.Monitoring, "allow-grafana-to-alertmanager", [("app.kubernetes.io/name", "alertmanager")],
            NetworkPeer.Pods(Namespaces.Elastic, ("app.kubernetes.io/name", "grafana")), [Alertmanager.Port]));
        context.AddEdge(new NetworkEdge(Namespaces.Elastic, "allow-grafana-to-elasticsearch", Elasticsearch.Nodes,
            NetworkPeer.Pods(Namespaces.Elastic, GrafanaPods), [Elasticsearch.HttpPort]));
        context.AddEdge(NetworkEdge.Scrape(Namespaces.Elastic, HttpPort));
        context.AddEgress(NetworkEgress.ApiServer(Namespaces.Elastic, "egress-grafana", "the dashboard sidecar watches ConfigMaps", GrafanaPods));
        context.AddEgress(new NetworkEgress(Namespaces.Elastic, "egress-grafana", GrafanaPods, NetworkPeer.AnyAddress, [443],
            "the identity provider (OIDC token and UserInfo calls; hosted or in the VPC) and every environment's gateway (a private or public load balancer per its loadBalancerScheme)"));
        return new GrafanaResources(release.Resource, oidcSecret);
    }

    /// <summary>An environment's Prometheus through its gateway: the read-only query API.</summary>
    private static Value EnvironmentDatasource(EnvironmentStack environment) => ThroughGateway(
        environment, environment.Stack, "prometheus", EnvironmentDatasource(environment.Stack),
        ObjectValue.Of(("httpMethod", "POST"), ("timeInterval", "30s"), ("tlsAuthWithCACert", true)));

    /// <summary>
    /// An environment's Alertmanager through the same gateway: its alerts, and silences to create or expire
    /// (the gateway passes nothing else). Named like the uid, which the environment's notifications put in
    /// their silence links.
    /// </summary>
    private static Value EnvironmentAlertmanager(EnvironmentStack environment) => ThroughGateway(
        environment, NotificationLinks.AlertmanagerDatasource(environment.Stack), "alertmanager", NotificationLinks.AlertmanagerDatasource(environment.Stack),
        ObjectValue.Of(("implementation", "prometheus"), ("handleGrafanaManagedAlerts", false), ("tlsAuthWithCACert", true)));

    /// <summary>A datasource behind an environment's gateway: TLS with its CA, basic auth as the gateway's grafana user (not the federation scrape's).</summary>
    private static ObjectValue ThroughGateway(EnvironmentStack environment, string name, string type, string uid, ObjectValue jsonData) => ObjectValue.Of(
        ("name", name),
        ("type", type),
        ("uid", uid),
        ("access", "proxy"),
        ("url", InterpolatedValue.Of(new StringValue("https://"), environment.FederationTarget)),
        ("basicAuth", true),
        ("basicAuthUser", environment.FederationGrafanaUsername),
        ("editable", false),
        ("jsonData", jsonData),
        ("secureJsonData", ObjectValue.Of(
            ("basicAuthPassword", $"$__file{{{PasswordFile(environment.Stack)}}}"),
            ("tlsCACert", $"$__file{{{CaFile(environment.Stack)}}}"))));

    /// <summary>Dashboards as code: every component's dashboards, one ConfigMap each, found by the sidecar through its label.</summary>
    public void Complete(StackContext context)
    {
        foreach (var dashboard in context.Dashboards.OrderBy(d => d.Uid, StringComparer.Ordinal))
        {
            var json = Yaml.JsonText.Of(dashboard.Model(), indented: true) + "\n";
            if (System.Text.Encoding.UTF8.GetByteCount(json) >= 1024 * 1024)
            {
                throw new InvalidOperationException($"dashboard {dashboard.Uid} is over the 1 MiB ConfigMap limit");
            }

            context.Graph.AddDocument(new RenderedDocument($"grafana/dashboards/{dashboard.Uid}.json", json, ComponentName));
            context.Kubernetes(ComponentName, $"dashboard-{dashboard.Uid}", "kubernetes:core/v1:ConfigMap", ObjectValue.Of(
                ("metadata", StackContext.Metadata($"dashboard-{dashboard.Uid}", Namespaces.Elastic, "grafana", ObjectValue.Of((DashboardLabel, DashboardLabelValue)))),
                ("data", ObjectValue.Of(($"{dashboard.Uid}.json", json)))), false, context.Namespace(Namespaces.Elastic));
        }
    }
}
