namespace Infra.Tests.Support;

/// <summary>Self-signed certificates for local TLS servers, made with openssl.</summary>
public static class TestCertificates
{
    /// <summary>A one-day EC certificate for 127.0.0.1 and its key, written as <c>&lt;name&gt;.crt</c> and <c>&lt;name&gt;.key</c>.</summary>
    public static (string Certificate, string Key) SelfSigned(string directory, string name, string commonName = "127.0.0.1")
    {
        var certificate = Path.Combine(directory, $"{name}.crt");
        var key = Path.Combine(directory, $"{name}.key");
        var (code, output) = Tools.Run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "1", "-subj", $"/CN={commonName}", "-addext", "subjectAltName=IP:127.0.0.1");
        Assert.True(code == 0, output);
        return (certificate, key);
    }
}
