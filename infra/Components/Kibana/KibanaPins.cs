namespace Infra.Model;

/// <summary>The versions Kibana's sign-in deploys: part of <see cref="Pins"/>, declared beside the component.</summary>
public static partial class Pins
{
    /// <summary>oauth2-proxy, the latest release (github.com/oauth2-proxy/oauth2-proxy, tag v7.15.3).</summary>
    public const string OAuth2ProxyImage = "quay.io/oauth2-proxy/oauth2-proxy:v7.15.3";
}
