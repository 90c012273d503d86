using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Metrics;

/// <summary>
/// The federation gateway's hardening on 127.0.0.1 with Debian's nginx and Prometheus: the rendered
/// gateway in front of a Prometheus started with the query limits the rendered chart values give it.
/// Requests are written byte for byte on a TLS socket (an HTTP client would normalise the very paths
/// under test): path tricks are refused before any password check, /federate takes only GET and HEAD,
/// a burst over a credential's rate limit gets 429 while the other credential carries on, wrong passwords
/// from one address do not hold back the same credential from another, a flood without credentials is cut
/// off per address, and a query
/// over the sample limit is aborted by Prometheus, not run.
/// </summary>
[Trait("Speed", "Slow")]
[Collection(RealProcessCollection.Name)]
public sealed class FederationGatewayHardeningTests : IDisposable
{
    private static readonly (string User, string Password) GrafanaCredential = (FederationGateway.GrafanaUsername, "hardening-grafana-password");
    private static readonly (string User, string Password) FederateCredential = (FederationGateway.FederateUsername, "hardening-federate-password");
    private readonly ScratchProcesses _scratch = new("infra-gw-hard");

    /// <summary>The thumbprint of the gateway's test certificate: the raw TLS client trusts exactly that one.</summary>
    private string _gatewayCertificate = string.Empty;

    public void Dispose() => _scratch.Dispose();

    [ToolFact("prometheus nginx htpasswd openssl", "prometheus nginx apache2-utils openssl")]
    public void PathTricksNonReadsOnFederateBurstsAndHeavyQueriesAreRefused()
    {
        var environment = Stacks.Compile(Stacks.First(StackRole.Environment));
        var query = (ObjectValue)GraphTests.ChartValues(environment, KubePrometheus.ReleaseName).At("prometheus.prometheusSpec.query")!;
        var maxSamples = ((NumberValue)query["maxSamples"]!).Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var timeout = ((StringValue)query["timeout"]!).Text;
        var concurrency = ((NumberValue)query["maxConcurrency"]!).Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var prometheusDirectory = Path.Combine(_scratch.Folder, "prometheus");
        Directory.CreateDirectory(prometheusDirectory);
        var prometheusConfig = Path.Combine(prometheusDirectory, "prometheus.yml");
        File.WriteAllText(prometheusConfig, "global:\n  scrape_interval: 1s\n");
        var prometheusPort = FreePort.Next();
        _scratch.Start("prometheus", $"--config.file={prometheusConfig}", $"--storage.tsdb.path={Path.Combine(prometheusDirectory, "tsdb")}",
                $"--web.listen-address=127.0.0.1:{prometheusPort}", $"--query.max-samples={maxSamples}", $"--query.timeout={timeout}", $"--query.max-concurrency={concurrency}")
            .WaitUntilReady($"http://127.0.0.1:{prometheusPort}/-/ready", TimeSpan.FromSeconds(60));

        var (certificate, key) = TestCertificates.SelfSigned(_scratch.Folder, "tls");
        using (var pem = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(certificate)))
        {
            _gatewayCertificate = pem.GetCertHashString();
        }

        var gatewayPort = FreePort.Next();
        var healthPort = FreePort.Next();
        var config = environment.Graph.Documents.Single(d => d.Path == "prometheus/federation-gateway.conf").Content
            .Replace(" /tmp/", $" {_scratch.Folder}/", StringComparison.Ordinal)
            .Replace($"listen {FederationGateway.TlsPort} ssl", $"listen 127.0.0.1:{gatewayPort} ssl", StringComparison.Ordinal)
            .Replace($"listen {FederationGateway.HealthPort};", $"listen 127.0.0.1:{healthPort};", StringComparison.Ordinal)
            .Replace(FederationGateway.CertificatePath, certificate, StringComparison.Ordinal)
            .Replace(FederationGateway.KeyPath, key, StringComparison.Ordinal)
            .Replace(FederationGateway.FederateHtpasswdPath, Htpasswd(FederateCredential), StringComparison.Ordinal)
            .Replace(FederationGateway.GrafanaHtpasswdPath, Htpasswd(GrafanaCredential), StringComparison.Ordinal)
            .Replace(KubePrometheus.PrometheusUrl, $"http://127.0.0.1:{prometheusPort}", StringComparison.Ordinal)
            .Replace(Alertmanager.Url, "http://127.0.0.1:9", StringComparison.Ordinal);
        var configPath = Path.Combine(_scratch.Folder, "nginx.conf");
        File.WriteAllText(configPath, config);
        var nginx = _scratch.Start("nginx", "-e", "/dev/stderr", "-p", _scratch.Folder, "-c", configPath, "-g", "daemon off;");
        WaitForGateway(gatewayPort, nginx);

        // The load balancer's health port answers /healthz and nothing else (it is open to any source).
        using (var plain = new HttpClient())
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, plain.GetAsync(new Uri($"http://127.0.0.1:{healthPort}/healthz")).GetAwaiter().GetResult().StatusCode);
            foreach (var path in new[] { "/federate?match[]=up", "/api/v1/query?query=up", "/api/v2/alerts" })
            {
                Assert.Equal(System.Net.HttpStatusCode.NotFound, plain.GetAsync(new Uri($"http://127.0.0.1:{healthPort}{path}")).GetAwaiter().GetResult().StatusCode);
            }
        }

        // What the controlplane does still works, a query string with '..' and '//' in its PromQL included.
        Assert.Equal(200, Status(gatewayPort, "GET", "/federate?match[]=up", FederateCredential));
        // HEAD passes the gateway with GET (limit_except GET admits it); Prometheus itself answers it with 405.
        Assert.NotEqual(403, Status(gatewayPort, "HEAD", "/federate?match[]=up", FederateCredential));
        Assert.Equal(200, Status(gatewayPort, "GET", "/api/v1/query?query=" + Uri.EscapeDataString("label_replace(vector(1), \"u\", \"http://a/../b\", \"\", \"\")"), GrafanaCredential));

        // Path tricks: refused as sent (400), with or without a valid credential, before nginx or Prometheus normalise them.
        foreach (var path in new[]
        {
            "/api/v1/../v1/query?query=up", "//api/v1/query?query=up", "/api/v1//query?query=up", "/api%2Fv1/query?query=up",
            "/api%2fv1/query?query=up", "/api/v1/query%2F..?query=up", "/api/v1/%2e%2e/v1/query?query=up", "/api%5Cv1/query?query=up",
            "/api\\v1/query?query=up", "/federate/..?match[]=up", "/federate%2F?match[]=up", "//federate?match[]=up",
        })
        {
            Assert.True(Status(gatewayPort, "GET", path, GrafanaCredential) == 400, $"GET {path} (grafana) was not refused");
            Assert.True(Status(gatewayPort, "GET", path, FederateCredential) == 400, $"GET {path} (federate) was not refused");
        }

        // /federate only reads; other methods are refused even with its credential (403, before the password is checked).
        foreach (var method in new[] { "POST", "PUT", "DELETE", "PATCH", "OPTIONS" })
        {
            Assert.True(Status(gatewayPort, method, "/federate?match[]=up", FederateCredential) == 403, $"{method} /federate was not refused");
        }

        // Rate limits are per client address: wrong passwords for federate from one address (each a 401, then 429)
        // leave the controlplane's bucket, at another address, alone. nginx reads the user name before it checks
        // the password, so a bucket keyed on the user alone would answer the correct request below with 429.
        var wrong = (FederateCredential.User, "not-the-password");
        var abuser = UntilLimited(() => Status(gatewayPort, "GET", "/federate?match[]=up", wrong, "127.0.0.2"), FederationGateway.FederateBurst, FederationGateway.FederateRatePerSecond, "wrong-password burst");
        Assert.All(abuser, s => Assert.True(s is 401 or 429, $"wrong-password burst: {string.Join(',', abuser)}"));
        Assert.Equal(200, Status(gatewayPort, "GET", "/federate?match[]=up", FederateCredential, "127.0.0.3"));

        // Every request of one address counts, with or without credentials: a flood of 401s is cut off too.
        var anonymous = UntilLimited(() => Status(gatewayPort, "GET", "/api/v1/query?query=up", null, "127.0.0.4"), FederationGateway.ClientBurst, FederationGateway.ClientRatePerSecond, "anonymous flood");
        Assert.All(anonymous, s => Assert.True(s is 401 or 429, $"anonymous flood: {string.Join(',', anonymous.Distinct())}"));
        Assert.Equal(200, Status(gatewayPort, "GET", "/api/v1/status/buildinfo", GrafanaCredential, "127.0.0.5"));

        // A query that would load more samples than the limit is aborted by Prometheus (422), not run to the end.
        // On a loaded machine, counting to the limit can outlast the gateway's read timeout (504): then the
        // same query is put to Prometheus directly, waiting as long as it takes, to show it is refused, not run.
        var heavyQuery = "/api/v1/query?query=" + Uri.EscapeDataString("count_over_time(vector(1)[300d:1s])");
        var heavy = Status(gatewayPort, "GET", heavyQuery, GrafanaCredential, out var heavyBody);
        if (heavy == 504)
        {
            using var direct = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var response = direct.GetAsync(new Uri($"http://127.0.0.1:{prometheusPort}{heavyQuery}")).GetAwaiter().GetResult();
            heavy = (int)response.StatusCode;
            heavyBody = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        }

        Assert.True(heavy == 422 && heavyBody.Contains("too many samples", StringComparison.Ordinal), $"heavy query: {heavy} {heavyBody}");

        // A burst over the federate credential's rate limit: 429 once the burst is spent; the grafana credential has its own bucket.
        var federateStatuses = UntilLimited(() => Status(gatewayPort, "GET", "/federate?match[]=up", FederateCredential), FederationGateway.FederateBurst, FederationGateway.FederateRatePerSecond, "federate burst");
        Assert.All(federateStatuses, s => Assert.True(s is 200 or 429, $"federate burst: {string.Join(',', federateStatuses)}"));
        Assert.Equal(200, Status(gatewayPort, "GET", "/api/v1/status/buildinfo", GrafanaCredential));

        // And over the grafana credential's: a dashboard's worth passes at once, a flood does not.
        var apiStatuses = UntilLimited(() => Status(gatewayPort, "GET", "/api/v1/status/buildinfo", GrafanaCredential), FederationGateway.ApiBurst, FederationGateway.ApiRatePerSecond, "grafana burst");
        Assert.True(apiStatuses.Take(FederationGateway.ApiBurst / 2).All(s => s == 200), $"grafana burst: {string.Join(',', apiStatuses)}");
    }

    private int Status(int port, string method, string target, (string User, string Password) credential) => Status(port, method, target, credential, out _);

    /// <summary>
    /// Requests, several at a time, until the limiter answers 429; their statuses in the order they were answered. Not
    /// a fixed count: the bucket refills at its rate while the requests go out, so how many fill it depends on how
    /// fast this machine sends them (a loaded one needed more than a fixed count allowed for). The limit is what is
    /// checked: no more requests let through than the burst and the refill over the time taken allow.
    /// </summary>
    private static List<int> UntilLimited(Func<int> request, int burst, int ratePerSecond, string what)
    {
        var statuses = new List<int>();
        var started = DateTime.UtcNow;
        var deadline = started + Patience.Floor;
        while (!statuses.Contains(429) && DateTime.UtcNow < deadline)
        {
            // A few in parallel, so that the requests outpace the refill even when one takes long.
            var batch = new int[Math.Max(4, ratePerSecond)];
            Parallel.For(0, batch.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => batch[i] = request());
            statuses.AddRange(batch);
        }

        var elapsed = DateTime.UtcNow - started;
        var passed = statuses.Count(s => s != 429);
        Assert.True(statuses.Contains(429), $"{what}: no 429 after {statuses.Count} requests in {elapsed}");
        Assert.True(passed <= burst + (ratePerSecond * (elapsed.TotalSeconds + 1)), $"{what}: {passed} requests let through in {elapsed}, more than the burst of {burst} and {ratePerSecond} a second allow");
        return statuses;
    }

    /// <summary>A request from another client address of the loopback network (the gateway listens on 127.0.0.1).</summary>
    private int Status(int port, string method, string target, (string User, string Password)? credential, string source) => Status(port, method, target, credential, out _, source);

    /// <summary>
    /// One request written as is (no client-side normalisation of the target), over TLS, from <paramref name="source"/>
    /// (any 127.0.0.0/8 address is local on Linux: nginx sees it as the client's address); the status code and body.
    /// </summary>
    private int Status(int port, string method, string target, (string User, string Password)? credential, out string body, string source = "127.0.0.1")
    {
        using var tcp = new TcpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Parse(source), 0));
        tcp.Connect("127.0.0.1", port);
        using var tls = new SslStream(tcp.GetStream(), false, (_, presented, _, _) => presented?.GetCertHashString() == _gatewayCertificate);
        tls.AuthenticateAsClient("localhost");
        var authorization = credential is { } c ? $"Authorization: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.User}:{c.Password}"))}\r\n" : string.Empty;
        var request = $"{method} {target} HTTP/1.1\r\nHost: localhost\r\n{authorization}Content-Length: 0\r\nConnection: close\r\n\r\n";
        tls.Write(Encoding.ASCII.GetBytes(request));
        tls.Flush();
        using var reader = new StreamReader(tls, Encoding.UTF8);
        var response = reader.ReadToEnd();
        var statusLine = response.Split("\r\n", 2)[0];
        body = response.Contains("\r\n\r\n", StringComparison.Ordinal) ? response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..] : string.Empty;
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private string Htpasswd((string User, string Password) credential)
    {
        var path = Path.Combine(_scratch.Folder, $"{credential.User}.htpasswd");
        var (code, hash) = Tools.Run("htpasswd", "-nbB", credential.User, credential.Password);
        Assert.Equal(0, code);
        File.WriteAllText(path, hash.Trim() + "\n");
        return path;
    }

    private static void WaitForGateway(int port, BackgroundProcess nginx)
    {
        using var client = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
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
