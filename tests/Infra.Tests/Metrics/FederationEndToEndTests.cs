using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Metrics;

/// <summary>
/// Federation on 127.0.0.1 with Debian's Prometheus, node-exporter and nginx: an environment
/// Prometheus with the rendered external labels and recording rules, behind the rendered federation
/// gateway (TLS, basic auth with a bcrypt password file), and a controlplane Prometheus running the
/// rendered federation job. The test fills the job's stack-output placeholders with the local
/// address and credentials, trusts its own test CA and shortens the scrape interval.
/// </summary>
[Trait("Speed", "Slow")]
[Collection(RealProcessCollection.Name)]
public sealed class FederationEndToEndTests : IDisposable
{
    private static readonly (string User, string Password) FederateCredential = (FederationGateway.FederateUsername, "e2e-federation-password");
    private static readonly (string User, string Password) GrafanaCredential = (FederationGateway.GrafanaUsername, "e2e-grafana-password");
    private readonly ScratchProcesses _scratch = new("infra-fed");

    public void Dispose() => _scratch.Dispose();

    [ToolFact("prometheus prometheus-node-exporter nginx htpasswd openssl", "prometheus prometheus-node-exporter nginx apache2-utils openssl")]
    public void TheControlplaneReceivesLabelledSeriesOnlyThroughTheAuthenticatedGateway()
    {
        // A controlplane with the synthetic environment, whose name sorts after every real one, and the
        // first environment it lists: the jobs of the other environments come before and after its job.
        var controlplaneId = SyntheticStacks.Controlplanes[0];
        var environmentId = Stacks.EnvironmentsOf(controlplaneId).OrderBy(Stacks.NameOf, StringComparer.Ordinal).First();
        var environmentStack = Stacks.NameOf(environmentId);
        var environment = Stacks.Compile(environmentId);
        var controlplane = Stacks.Compile(controlplaneId);

        var nodeExporterPort = FreePort.Next();
        _scratch.Start("prometheus-node-exporter", $"--web.listen-address=127.0.0.1:{nodeExporterPort}")
            .WaitUntilReady($"http://127.0.0.1:{nodeExporterPort}/metrics", TimeSpan.FromSeconds(30));

        // The environment's Prometheus: rendered rules, rendered external labels, plus the replica label the operator adds.
        var rules = Path.Combine(_scratch.Folder, "rules");
        Directory.CreateDirectory(rules);
        foreach (var document in environment.Graph.Documents.Where(d => d.Path.StartsWith("prometheus/rules/", StringComparison.Ordinal)))
        {
            File.WriteAllText(Path.Combine(rules, Path.GetFileName(document.Path)), document.Content);
        }

        var externalLabels = (Infra.Model.ObjectValue)GraphTests.ChartValues(environment, KubePrometheus.ReleaseName).At("prometheus.prometheusSpec.externalLabels")!;
        var labels = string.Concat(externalLabels.Entries.Select(e => $"    {e.Key}: {((Infra.Model.StringValue)e.Value).Text}\n"));
        var environmentPort = StartPrometheus("environment", $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
              external_labels:
            {labels}    prometheus_replica: prometheus-kube-prometheus-prometheus-0
            rule_files:
              - {rules}/*.yaml
            scrape_configs:
              - job_name: node-exporter
                static_configs:
                  - targets: ["127.0.0.1:{nodeExporterPort}"]
                    # The namespace the operator's ServiceMonitor gives node-exporter's targets: the platform's rules select it.
                    labels:
                      namespace: {Namespaces.NodeAgents}

            """);

        // The rendered gateway, with local paths and ports.
        var (certificate, key) = TestCertificates.SelfSigned(_scratch.Folder, "tls");
        var federateHtpasswd = Htpasswd(FederateCredential);
        var grafanaHtpasswd = Htpasswd(GrafanaCredential);
        var gatewayPort = FreePort.Next();
        var gateway = environment.Graph.Documents.Single(d => d.Path == "prometheus/federation-gateway.conf").Content
            .Replace(" /tmp/", $" {_scratch.Folder}/", StringComparison.Ordinal)
            .Replace($"listen {FederationGateway.TlsPort} ssl", $"listen 127.0.0.1:{gatewayPort} ssl", StringComparison.Ordinal)
            .Replace($"listen {FederationGateway.HealthPort};", $"listen 127.0.0.1:{FreePort.Next()};", StringComparison.Ordinal)
            .Replace(FederationGateway.CertificatePath, certificate, StringComparison.Ordinal)
            .Replace(FederationGateway.KeyPath, key, StringComparison.Ordinal)
            .Replace(FederationGateway.FederateHtpasswdPath, federateHtpasswd, StringComparison.Ordinal)
            .Replace(FederationGateway.GrafanaHtpasswdPath, grafanaHtpasswd, StringComparison.Ordinal)
            .Replace(KubePrometheus.PrometheusUrl, $"http://127.0.0.1:{environmentPort}", StringComparison.Ordinal)
            // Alertmanager's side of the gateway is FederationGatewayAlertmanagerTests'; nginx only needs an address here.
            .Replace(Alertmanager.Url, "http://127.0.0.1:9", StringComparison.Ordinal);
        Assert.Contains($"listen 127.0.0.1:{gatewayPort} ssl", gateway, StringComparison.Ordinal);
        var gatewayConfig = Path.Combine(_scratch.Folder, "nginx.conf");
        File.WriteAllText(gatewayConfig, gateway);
        var nginx = _scratch.Start("nginx", "-e", "/dev/stderr", "-p", _scratch.Folder, "-c", gatewayConfig, "-g", "daemon off;");

        using var client = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        WaitForGateway(client, gatewayPort, nginx);

        // Only authenticated callers get series; /federate (the federate user only) and the read-only query API are exposed.
        var federate = new Uri($"https://127.0.0.1:{gatewayPort}/federate?match[]=up");
        Assert.Equal(HttpStatusCode.Unauthorized, client.GetAsync(federate).GetAwaiter().GetResult().StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, Get(client, federate, (FederationGateway.FederateUsername, "wrong-password")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, Get(client, federate, GrafanaCredential).StatusCode);
        Assert.Equal(HttpStatusCode.OK, Get(client, federate, FederateCredential).StatusCode);
        AssertQueryApiIsReadOnly(client, $"https://127.0.0.1:{gatewayPort}", $"http://127.0.0.1:{environmentPort}");

        // The controlplane runs the rendered federation job for that environment, placeholders filled.
        var passwordFile = Path.Combine(_scratch.Folder, "federation-password");
        File.WriteAllText(passwordFile, FederateCredential.Password);
        var job = controlplane.Graph.Documents.Single(d => d.Path == "prometheus/federation.yaml").Content
            .Replace($"${{environment-{environmentStack}.outputs.federationTarget}}", $"127.0.0.1:{gatewayPort}", StringComparison.Ordinal)
            .Replace($"${{environment-{environmentStack}.outputs.{EnvironmentOutputs.FederationUsername}}}", FederationGateway.FederateUsername, StringComparison.Ordinal)
            .Replace(Federation.PasswordFile(environmentStack), passwordFile, StringComparison.Ordinal)
            .Replace($"${{environment-{environmentStack}.outputs.{EnvironmentOutputs.Environment}}}", environment.Settings.Environment, StringComparison.Ordinal)
            .Replace($"${{environment-{environmentStack}.outputs.{EnvironmentOutputs.Cluster}}}", environment.Settings.Cluster, StringComparison.Ordinal)
            .Replace($"scrape_interval: \"{Federation.ScrapeIntervalSeconds}s\"", "scrape_interval: \"2s\"", StringComparison.Ordinal)
            .Replace($"scrape_timeout: \"{Federation.ScrapeTimeoutSeconds}s\"", "scrape_timeout: \"2s\"", StringComparison.Ordinal);
        // That environment's job alone: from its '- job_name:' line to the next job's, wherever it sorts.
        var start = job.IndexOf($"- job_name: {Federation.JobPrefix}{environmentStack}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, job);
        var end = job.IndexOf("\n- job_name: ", start, StringComparison.Ordinal);
        var environmentJob = end < 0 ? job[start..] : job[start..(end + 1)];
        Assert.DoesNotContain("${", environmentJob, StringComparison.Ordinal);
        // Trust as deployed: the environments' CA files in the directory SSL_CERT_DIR names, next to the
        // system roots. This environment's gateway has a private CA; the others' files are empty (public CA).
        var authorities = Path.Combine(_scratch.Folder, "federation-ca");
        Directory.CreateDirectory(authorities);
        foreach (var other in controlplane.Settings.Get(SettingsCatalog.Environments).Items.Where(e => e != environmentStack))
        {
            File.WriteAllText(Path.Combine(authorities, $"{other}.crt"), string.Empty);
        }

        File.Copy(certificate, Path.Combine(authorities, $"{environmentStack}.crt"));
        var container = (ObjectValue)((ListValue)GraphTests.ChartValues(controlplane, KubePrometheus.ReleaseName).At("prometheus.prometheusSpec.containers")!).Items.Single();
        var certificateDirectories = ((ObjectValue)((ListValue)container["env"]!).Items.Single(e => ((ObjectValue)e)["name"] == new StringValue("SSL_CERT_DIR")))["value"];
        var environmentVariables = new Dictionary<string, string>
        {
            ["SSL_CERT_DIR"] = ((StringValue)certificateDirectories!).Text.Replace($"/etc/prometheus/secrets/{Federation.CaSecret}", authorities, StringComparison.Ordinal),
        };
        var controlplanePort = StartPrometheus("controlplane", environmentVariables, $"""
            global:
              external_labels:
                cluster: {controlplane.Settings.Cluster}
                environment: {controlplane.Settings.Environment}
            scrape_configs:
            {Indent(environmentJob, "  ")}
            """);

        // The environment's recorded aggregates and target health arrive with its labels, without the replica label.
        var cpu = WaitForSeries(client, controlplanePort, "instance:node_cpu_utilisation:ratio");
        Assert.Equal(environment.Settings.Cluster, cpu.GetProperty("metric").GetProperty("cluster").GetString());
        Assert.Equal(environment.Settings.Environment, cpu.GetProperty("metric").GetProperty("environment").GetString());
        Assert.False(cpu.GetProperty("metric").TryGetProperty("prometheus_replica", out _), "the replica label was not dropped");
        // The environment's target health arrives renamed, so the controlplane's own `up` rules ignore it.
        var up = WaitForSeries(client, controlplanePort, $"{Federation.FederatedUp}{{job=\"node-exporter\"}}");
        Assert.Equal(environment.Settings.Environment, up.GetProperty("metric").GetProperty("environment").GetString());

        // Raw series are not federated.
        Assert.Empty(Query(client, controlplanePort, "node_cpu_seconds_total"));
    }

    /// <summary>
    /// What Grafana's per-environment datasource does through the gateway works with the grafana
    /// credential and not without, nor with the federate one (which the controlplane Prometheus holds); what writes, deletes or reloads is refused by the gateway although the environment's
    /// Prometheus (started with its admin API, lifecycle API and remote-write receiver) would accept it.
    /// </summary>
    private static void AssertQueryApiIsReadOnly(HttpClient client, string gateway, string prometheus)
    {
        var query = new Uri($"{gateway}/api/v1/query?query=up");
        Assert.Equal(HttpStatusCode.Unauthorized, client.GetAsync(query).GetAwaiter().GetResult().StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, Get(client, query, (FederationGateway.GrafanaUsername, "wrong-password")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, Get(client, query, FederateCredential).StatusCode);
        var deadline = DateTime.UtcNow + Patience.For(TimeSpan.FromSeconds(30));
        string body;
        do
        {
            using var response = Get(client, query, GrafanaCredential);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            Thread.Sleep(200);
        }
        while (!body.Contains("\"job\":\"node-exporter\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline);
        Assert.Contains("\"job\":\"node-exporter\"", body, StringComparison.Ordinal);

        // Grafana posts long queries as forms, and looks up labels, series, metadata and the version.
        var form = Send(client, HttpMethod.Post, new Uri($"{gateway}/api/v1/query_range"), GrafanaCredential,
            new FormUrlEncodedContent([new("query", "up"), new("start", "0"), new("end", "60"), new("step", "15")]));
        Assert.Equal(HttpStatusCode.OK, form);
        foreach (var path in new[] { "/api/v1/labels", "/api/v1/label/job/values", "/api/v1/series?match[]=up", "/api/v1/metadata", "/api/v1/status/buildinfo" })
        {
            Assert.Equal(HttpStatusCode.OK, Get(client, new Uri(gateway + path), GrafanaCredential).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, Get(client, new Uri(gateway + path), FederateCredential).StatusCode);
        }

        // Prometheus itself accepts these; the gateway refuses them even with the grafana credential.
        var cleanTombstones = "/api/v1/admin/tsdb/clean_tombstones";
        Assert.Equal(HttpStatusCode.NoContent, Send(client, HttpMethod.Post, new Uri(prometheus + cleanTombstones), null, null));
        foreach (var path in new[] { cleanTombstones, "/api/v1/admin/tsdb/delete_series?match[]=up", "/api/v1/write", "/-/reload", "/-/quit", "/api/v1/status/config" })
        {
            Assert.Equal(HttpStatusCode.NotFound, Send(client, HttpMethod.Post, new Uri(gateway + path), GrafanaCredential, null));
        }

        // Methods other than GET and POST on an exposed path.
        Assert.Equal(HttpStatusCode.Forbidden, Send(client, HttpMethod.Delete, new Uri($"{gateway}/api/v1/series?match[]=up"), GrafanaCredential, null));
        Assert.Equal(HttpStatusCode.Forbidden, Send(client, HttpMethod.Put, query, GrafanaCredential, null));
    }

    /// <summary>An htpasswd file with that one user (bcrypt, as the random provider's bcryptHash).</summary>
    private string Htpasswd((string User, string Password) credential)
    {
        var path = Path.Combine(_scratch.Folder, $"{credential.User}.htpasswd");
        var (code, hash) = Tools.Run("htpasswd", "-nbB", credential.User, credential.Password);
        Assert.Equal(0, code);
        File.WriteAllText(path, hash.Trim() + "\n");
        return path;
    }

    private static HttpStatusCode Send(HttpClient client, HttpMethod method, Uri uri, (string User, string Password)? credential, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        if (credential is var (user, password))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        using var response = client.SendAsync(request).GetAwaiter().GetResult();
        return response.StatusCode;
    }

    private static string Indent(string text, string prefix) =>
        string.Join("\n", text.Split('\n').Select(l => l.Length == 0 ? l : prefix + l));

    private static HttpResponseMessage Get(HttpClient client, Uri uri, (string User, string Password) credential)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.User}:{credential.Password}")));
        return client.SendAsync(request).GetAwaiter().GetResult();
    }

    private static void WaitForGateway(HttpClient client, int port, BackgroundProcess nginx)
    {
        // Polled with the patience ceiling: nginx starts in a second when idle, far later on a loaded machine.
        var ceiling = Patience.For(TimeSpan.FromSeconds(20));
        var deadline = DateTime.UtcNow + ceiling;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (client.GetAsync(new Uri($"https://127.0.0.1:{port}/healthz")).GetAwaiter().GetResult().IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not up yet.
            }
            catch (TaskCanceledException)
            {
                // Slow to answer; try again.
            }

            Thread.Sleep(200);
        }

        throw new Xunit.Sdk.XunitException($"the gateway did not start within {ceiling}:\n{nginx.Log}");
    }

    private static List<JsonElement> Query(HttpClient client, int port, string query)
    {
        var body = client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/api/v1/query?query={Uri.EscapeDataString(query)}")).GetAwaiter().GetResult();
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static JsonElement WaitForSeries(HttpClient client, int port, string query)
    {
        var deadline = DateTime.UtcNow + Patience.For(TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            var result = Query(client, port, query);
            if (result.Count > 0)
            {
                return result[0];
            }

            Thread.Sleep(500);
        }

        var targets = client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/api/v1/targets")).GetAwaiter().GetResult();
        throw new Xunit.Sdk.XunitException($"no '{query}' on the controlplane within {Patience.For(TimeSpan.FromSeconds(60))}; its targets: {targets}");
    }

    private int StartPrometheus(string name, string config) => StartPrometheus(name, new Dictionary<string, string>(), config);

    private int StartPrometheus(string name, IReadOnlyDictionary<string, string> environment, string config)
    {
        var directory = Path.Combine(_scratch.Folder, name);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(path, config);
        var port = FreePort.Next();
        // The admin and lifecycle APIs and the remote-write receiver on: the gateway must be what refuses them.
        _scratch.Start("prometheus", environment, $"--config.file={path}", "--web.enable-admin-api", "--web.enable-lifecycle", "--web.enable-remote-write-receiver", $"--storage.tsdb.path={Path.Combine(directory, "tsdb")}", $"--web.listen-address=127.0.0.1:{port}")
            .WaitUntilReady($"http://127.0.0.1:{port}/-/ready", TimeSpan.FromSeconds(60));
        return port;
    }


}
