using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Infra.Components;
using Infra.Config;
using Infra.Tests.Support;

namespace Infra.Tests.Metrics;

/// <summary>
/// The rendered gateway wrapper, run as the pod runs it (<c>/bin/sh -c &lt;script&gt;</c>) with Debian's
/// nginx and the rendered nginx.conf on 127.0.0.1. Its certificate and configuration sit in directories
/// laid out as the kubelet lays out mounted Secrets and ConfigMaps (files that link through a
/// <c>..data</c> symlink), and are replaced the way the kubelet replaces them (a new directory, then
/// an atomic rename of <c>..data</c>). The server must take up each change without a restart.
/// </summary>
[Trait("Speed", "Slow")]
[Collection(RealProcessCollection.Name)]
public sealed class FederationGatewayReloadTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly ScratchProcesses _scratch = new("infra-gw");

    public void Dispose() => _scratch.Dispose();

    [ToolFact("sh nginx openssl sha512sum mv", "dash nginx openssl coreutils")]
    public void ANewCertificateOrConfigurationIsServedWithoutRestartingNginx()
    {
        var environment = Stacks.Compile(Stacks.Of(StackRole.Environment).First());
        var port = FreePort.Next();
        var tls = Path.Combine(_scratch.Folder, "tls");
        var config = Path.Combine(_scratch.Folder, "config");
        var auth = Path.Combine(_scratch.Folder, "auth");
        Directory.CreateDirectory(auth);
        File.WriteAllText(Path.Combine(auth, Path.GetFileName(FederationGateway.FederateHtpasswdPath)), $"{FederationGateway.FederateUsername}:unused\n");
        File.WriteAllText(Path.Combine(auth, Path.GetFileName(FederationGateway.GrafanaHtpasswdPath)), $"{FederationGateway.GrafanaUsername}:unused\n");

        var gatewayConfig = environment.Graph.Documents.Single(d => d.Path == "prometheus/federation-gateway.conf").Content
            .Replace(" /tmp/", $" {_scratch.Folder}/", StringComparison.Ordinal)
            .Replace($"listen {FederationGateway.TlsPort} ssl", $"listen 127.0.0.1:{port} ssl", StringComparison.Ordinal)
            .Replace($"listen {FederationGateway.HealthPort};", $"listen 127.0.0.1:{FreePort.Next()};", StringComparison.Ordinal)
            .Replace(KubePrometheus.PrometheusUrl, "http://127.0.0.1:9", StringComparison.Ordinal)
            .Replace(Alertmanager.Url, "http://127.0.0.1:9", StringComparison.Ordinal);
        Assert.Contains($"listen 127.0.0.1:{port} ssl", gatewayConfig, StringComparison.Ordinal);
        var script = Local(environment.Graph.Documents.Single(d => d.Path == FederationGateway.ScriptDocument).Content)
            .Replace($"interval={FederationGateway.ReloadIntervalSeconds}\n", "interval=1\n", StringComparison.Ordinal);
        Assert.Contains("interval=1\n", script, StringComparison.Ordinal);

        var first = Certificate("first");
        Publish(tls, "1", ("tls.crt", first.Certificate), ("tls.key", first.Key));
        Publish(config, "1", ("nginx.conf", Local(gatewayConfig)));
        var gateway = _scratch.Start("sh", "-c", script);

        Assert.Equal(Thumbprint(first.Certificate), WaitForCertificate(port, Thumbprint(first.Certificate), gateway));
        var master = MasterPid(gateway);

        // cert-manager renews: the Secret's new key and certificate arrive together.
        var second = Certificate("second");
        Publish(tls, "2", ("tls.crt", second.Certificate), ("tls.key", second.Key));
        Assert.Equal(Thumbprint(second.Certificate), WaitForCertificate(port, Thumbprint(second.Certificate), gateway));
        Assert.Equal(master, MasterPid(gateway));

        // A configuration change through the ConfigMap reaches the running server too.
        var changed = gatewayConfig.Replace("return 200 \"ok\\n\";", "return 200 \"changed\\n\";", StringComparison.Ordinal);
        Assert.NotEqual(gatewayConfig, changed);
        Publish(config, "2", ("nginx.conf", Local(changed)));
        WaitForHealth(port, "changed", gateway);
        Assert.Equal(master, MasterPid(gateway));
    }

    /// <summary>The pod's paths replaced by the test's directories (the mounted files keep their names).</summary>
    private string Local(string text) => text
        .Replace(FederationGateway.ConfigDirectory + "/", $"{_scratch.Folder}/config/", StringComparison.Ordinal)
        .Replace(Path.GetDirectoryName(FederationGateway.CertificatePath) + "/", $"{_scratch.Folder}/tls/", StringComparison.Ordinal)
        .Replace(FederationGateway.AuthDirectory + "/", $"{_scratch.Folder}/auth/", StringComparison.Ordinal);

    /// <summary>
    /// Writes a volume's files as the kubelet does: into a new timestamped directory, a temporary
    /// <c>..data_tmp</c> link to it renamed over <c>..data</c> (one atomic step), and each file a
    /// link through <c>..data</c>.
    /// </summary>
    private static void Publish(string volume, string version, params (string Name, string Content)[] files)
    {
        var directory = $"..{version}";
        Directory.CreateDirectory(Path.Combine(volume, directory));
        foreach (var (name, content) in files)
        {
            File.WriteAllText(Path.Combine(volume, directory, name), content);
        }

        File.CreateSymbolicLink(Path.Combine(volume, "..data_tmp"), directory);
        var (code, output) = Tools.Run("mv", "-T", Path.Combine(volume, "..data_tmp"), Path.Combine(volume, "..data"));
        Assert.True(code == 0, output);
        foreach (var (name, _) in files)
        {
            if (!Path.Exists(Path.Combine(volume, name)))
            {
                File.CreateSymbolicLink(Path.Combine(volume, name), Path.Combine("..data", name));
            }
        }
    }

    private (string Certificate, string Key) Certificate(string name)
    {
        var (certificate, key) = TestCertificates.SelfSigned(_scratch.Folder, name, name);
        return (File.ReadAllText(certificate), File.ReadAllText(key));
    }

    private static string Thumbprint(string pem) => X509Certificate2.CreateFromPem(pem).Thumbprint;

    /// <summary>Waits until the server presents the certificate with thumbprint <paramref name="expected"/>, and returns that thumbprint.</summary>
    private static string WaitForCertificate(int port, string expected, BackgroundProcess gateway)
    {
        var deadline = DateTime.UtcNow + Patience.For(Bound);
        var presented = "none";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var tcp = new TcpClient();
                tcp.Connect("127.0.0.1", port);
                // Trusts exactly the expected certificate: the handshake fails while the server presents another.
                using var ssl = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
                {
                    presented = certificate?.GetCertHashString() ?? "none";
                    return presented == expected;
                });
                ssl.AuthenticateAsClient("127.0.0.1");
                return presented;
            }
            catch (AuthenticationException)
            {
                // Still the old certificate.
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                // Not listening yet.
            }

            Thread.Sleep(200);
        }

        throw new Xunit.Sdk.XunitException($"the server presented {presented}, not {expected}, after {Patience.For(Bound)}:\n{gateway.Log}");
    }

    private static void WaitForHealth(int port, string expected, BackgroundProcess gateway)
    {
        using var client = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        var deadline = DateTime.UtcNow + Patience.For(Bound);
        var body = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            body = client.GetStringAsync(new Uri($"https://127.0.0.1:{port}/healthz")).GetAwaiter().GetResult().Trim();
            if (body == expected)
            {
                return;
            }

            Thread.Sleep(200);
        }

        throw new Xunit.Sdk.XunitException($"/healthz still answered '{body}' after {Patience.For(Bound)}:\n{gateway.Log}");
    }

    /// <summary>The nginx master's PID (from its pid file), which must still be running.</summary>
    private int MasterPid(BackgroundProcess gateway)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(_scratch.Folder, "nginx.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Directory.Exists($"/proc/{pid}"), $"nginx master {pid} is not running:\n{gateway.Log}");
        return pid;
    }

}
