using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Infra.Components;
using Infra.Config;
using Infra.Tests.Support;

namespace Infra.Tests.Metrics;

/// <summary>
/// Silencing an environment from the controlplane, on 127.0.0.1 with Debian's nginx and Alertmanager: the
/// rendered federation gateway (TLS, its two users) in front of a real Alertmanager. What the
/// controlplane Grafana's Alertmanager datasource does (list alerts and groups, read the status, create,
/// read and expire silences) works with the grafana credential and not without; the federate credential
/// (the one the controlplane Prometheus holds) is refused on all of it, and the grafana credential on
/// /federate; posting alerts, reloading or any other method is refused by the gateway although
/// Alertmanager itself would accept it.
/// </summary>
[Trait("Speed", "Slow")]
[Collection(RealProcessCollection.Name)]
public sealed class FederationGatewayAlertmanagerTests : IDisposable
{
    private static readonly (string User, string Password) GrafanaCredential = (FederationGateway.GrafanaUsername, "e2e-silence-password");
    private static readonly (string User, string Password) FederateCredential = (FederationGateway.FederateUsername, "e2e-federate-password");
    private static readonly (string User, string Password) WrongPassword = (FederationGateway.GrafanaUsername, "wrong-password");
    private readonly ScratchProcesses _scratch = new("infra-gw-am");

    public void Dispose() => _scratch.Dispose();

    [ToolFact("prometheus-alertmanager nginx htpasswd openssl", "prometheus-alertmanager nginx apache2-utils openssl")]
    public void TheControlplaneSeesAndSilencesAnEnvironmentsAlertsOnlyThroughTheAuthenticatedGateway()
    {
        var environment = Stacks.Compile(Stacks.First(StackRole.Environment));

        var amConfig = Path.Combine(_scratch.Folder, "alertmanager.yml");
        File.WriteAllText(amConfig, "route:\n  receiver: none\nreceivers:\n  - name: none\n");
        var amPort = FreePort.Next();
        _scratch.Start("prometheus-alertmanager", $"--config.file={amConfig}", $"--storage.path={Path.Combine(_scratch.Folder, "am-data")}", $"--web.listen-address=127.0.0.1:{amPort}", "--cluster.listen-address=")
            .WaitUntilReady($"http://127.0.0.1:{amPort}/-/ready", TimeSpan.FromSeconds(30));
        var alertmanager = $"http://127.0.0.1:{amPort}";

        var (certificate, key) = TestCertificates.SelfSigned(_scratch.Folder, "tls");
        var federateHtpasswd = Htpasswd(FederateCredential);
        var grafanaHtpasswd = Htpasswd(GrafanaCredential);
        var gatewayPort = FreePort.Next();
        var rendered = environment.Graph.Documents.Single(d => d.Path == "prometheus/federation-gateway.conf").Content;
        Assert.Contains(Alertmanager.Url, rendered, StringComparison.Ordinal);
        var config = rendered
            .Replace(" /tmp/", $" {_scratch.Folder}/", StringComparison.Ordinal)
            .Replace($"listen {FederationGateway.TlsPort} ssl", $"listen 127.0.0.1:{gatewayPort} ssl", StringComparison.Ordinal)
            .Replace($"listen {FederationGateway.HealthPort};", $"listen 127.0.0.1:{FreePort.Next()};", StringComparison.Ordinal)
            .Replace(FederationGateway.CertificatePath, certificate, StringComparison.Ordinal)
            .Replace(FederationGateway.KeyPath, key, StringComparison.Ordinal)
            .Replace(FederationGateway.FederateHtpasswdPath, federateHtpasswd, StringComparison.Ordinal)
            .Replace(FederationGateway.GrafanaHtpasswdPath, grafanaHtpasswd, StringComparison.Ordinal)
            .Replace(Alertmanager.Url, alertmanager, StringComparison.Ordinal)
            // No Prometheus here (its paths are another test's): what gets past the gateway to it fails with 502.
            .Replace(KubePrometheus.PrometheusUrl, "http://127.0.0.1:9", StringComparison.Ordinal);
        var configPath = Path.Combine(_scratch.Folder, "nginx.conf");
        File.WriteAllText(configPath, config);
        var nginx = _scratch.Start("nginx", "-e", "/dev/stderr", "-p", _scratch.Folder, "-c", configPath, "-g", "daemon off;");
        using var client = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        WaitForGateway(client, gatewayPort, nginx);
        var gateway = $"https://127.0.0.1:{gatewayPort}";

        // An alert of the environment, posted to Alertmanager directly (as its Prometheus does).
        var alert = JsonSerializer.Serialize(new[] { new Dictionary<string, object> { ["labels"] = new Dictionary<string, string> { ["alertname"] = "GatewayTest", ["namespace"] = "logging" } } });
        Assert.Equal(HttpStatusCode.OK, Send(client, HttpMethod.Post, alertmanager + "/api/v2/alerts", null, alert).Status);

        // Reading: only with the grafana credential; the federate one (which the controlplane Prometheus holds) is refused.
        Assert.Equal(HttpStatusCode.Unauthorized, Send(client, HttpMethod.Get, gateway + "/api/v2/alerts", null, null).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, Send(client, HttpMethod.Get, gateway + "/api/v2/alerts", WrongPassword, null).Status);
        var alerts = Send(client, HttpMethod.Get, gateway + "/api/v2/alerts", GrafanaCredential, null);
        Assert.Equal(HttpStatusCode.OK, alerts.Status);
        Assert.Contains("GatewayTest", alerts.Body, StringComparison.Ordinal);
        foreach (var path in new[] { "/api/v2/alerts", "/api/v2/alerts/groups", "/api/v2/status", "/api/v2/receivers", "/api/v2/silences" })
        {
            Assert.Equal(HttpStatusCode.OK, Send(client, HttpMethod.Get, gateway + path, GrafanaCredential, null).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, Send(client, HttpMethod.Get, gateway + path, FederateCredential, null).Status);
        }

        // The grafana credential does not federate (the federate one passes the gateway: 502, no Prometheus here).
        Assert.Equal(HttpStatusCode.Unauthorized, Send(client, HttpMethod.Get, gateway + "/federate?match[]=up", GrafanaCredential, null).Status);
        Assert.Equal(HttpStatusCode.BadGateway, Send(client, HttpMethod.Get, gateway + "/federate?match[]=up", FederateCredential, null).Status);

        // Silencing: create, read, expire.
        var now = DateTime.UtcNow;
        var silence = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["matchers"] = new[] { new Dictionary<string, object> { ["name"] = "alertname", ["value"] = "GatewayTest", ["isRegex"] = false, ["isEqual"] = true } },
            ["startsAt"] = now.ToString("o", CultureInfo.InvariantCulture),
            ["endsAt"] = now.AddHours(1).ToString("o", CultureInfo.InvariantCulture),
            ["createdBy"] = "gateway test",
            ["comment"] = "silenced from the controlplane",
        });
        Assert.Equal(HttpStatusCode.Unauthorized, Send(client, HttpMethod.Post, gateway + "/api/v2/silences", null, silence).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, Send(client, HttpMethod.Post, gateway + "/api/v2/silences", FederateCredential, silence).Status);
        var created = Send(client, HttpMethod.Post, gateway + "/api/v2/silences", GrafanaCredential, silence);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var id = JsonDocument.Parse(created.Body).RootElement.GetProperty("silenceID").GetString()!;
        Assert.Equal("active", State(Send(client, HttpMethod.Get, $"{gateway}/api/v2/silence/{id}", GrafanaCredential, null).Body));
        Assert.Equal(HttpStatusCode.Unauthorized, Send(client, HttpMethod.Get, $"{gateway}/api/v2/silence/{id}", FederateCredential, null).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, Send(client, HttpMethod.Delete, $"{gateway}/api/v2/silence/{id}", null, null).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, Send(client, HttpMethod.Delete, $"{gateway}/api/v2/silence/{id}", FederateCredential, null).Status);
        Assert.Equal("active", State(Send(client, HttpMethod.Get, $"{alertmanager}/api/v2/silence/{id}", null, null).Body));
        Assert.Equal(HttpStatusCode.OK, Send(client, HttpMethod.Delete, $"{gateway}/api/v2/silence/{id}", GrafanaCredential, null).Status);
        Assert.Equal("expired", State(Send(client, HttpMethod.Get, $"{alertmanager}/api/v2/silence/{id}", null, null).Body));

        // Alertmanager accepts these; the gateway refuses them even with the grafana credential.
        Assert.Equal(HttpStatusCode.Forbidden, Send(client, HttpMethod.Post, gateway + "/api/v2/alerts", GrafanaCredential, alert).Status);
        Assert.Equal(HttpStatusCode.Forbidden, Send(client, HttpMethod.Post, gateway + "/api/v2/alerts", FederateCredential, alert).Status);
        Assert.Equal(HttpStatusCode.Forbidden, Send(client, HttpMethod.Delete, gateway + "/api/v2/silences", GrafanaCredential, null).Status);
        Assert.Equal(HttpStatusCode.Forbidden, Send(client, HttpMethod.Put, gateway + "/api/v2/status", GrafanaCredential, null).Status);
        Assert.Equal(HttpStatusCode.OK, Send(client, HttpMethod.Post, alertmanager + "/-/reload", null, null).Status);
        foreach (var path in new[] { "/-/reload", "/-/quit", "/api/v2/silence/not-an-id" })
        {
            Assert.Equal(HttpStatusCode.NotFound, Send(client, HttpMethod.Post, gateway + path, GrafanaCredential, null).Status);
        }
    }

    private static string State(string silence) => JsonDocument.Parse(silence).RootElement.GetProperty("status").GetProperty("state").GetString()!;

    /// <summary>An htpasswd file with that one user (bcrypt, as the random provider's bcryptHash).</summary>
    private string Htpasswd((string User, string Password) credential)
    {
        var path = Path.Combine(_scratch.Folder, $"{credential.User}.htpasswd");
        var (code, hash) = Tools.Run("htpasswd", "-nbB", credential.User, credential.Password);
        Assert.Equal(0, code);
        File.WriteAllText(path, hash.Trim() + "\n");
        return path;
    }

    private static (HttpStatusCode Status, string Body) Send(HttpClient client, HttpMethod method, string uri, (string User, string Password)? credential, string? json)
    {
        using var request = new HttpRequestMessage(method, new Uri(uri));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (credential is var (user, password))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        using var response = client.SendAsync(request).GetAwaiter().GetResult();
        return (response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    private static void WaitForGateway(HttpClient client, int port, BackgroundProcess nginx)
    {
        var deadline = DateTime.UtcNow + Patience.For(TimeSpan.FromSeconds(20));
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

            Thread.Sleep(200);
        }

        throw new Xunit.Sdk.XunitException($"the gateway did not start:\n{nginx.Log}");
    }

}
