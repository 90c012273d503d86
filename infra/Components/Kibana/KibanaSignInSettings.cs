namespace Infra.Config;

/// <summary>
/// Kibana's single sign-on (oauth2-proxy in front of Kibana, one proxy per role): part of the one catalog,
/// declared beside the component that reads them. The client, scopes, groups claim and allowed domains
/// are Grafana's settings (one application at the identity provider for both interfaces).
/// </summary>
public static partial class SettingsCatalog
{
    public static readonly Setting<string> OidcIssuerUrl = OidcUrl("oidcIssuerUrl",
        "OpenID Connect issuer of the identity provider (e.g. https://login.example.com/oauth2/default): Kibana's sign-in proxy (oauth2-proxy) discovers the endpoints and signing keys at <issuer>/.well-known/openid-configuration and checks the ID token's 'iss' against it. The same identity provider as the grafanaOidc* URLs.");

    public static readonly Setting<StringList> KibanaReaderGroups = KibanaGroupList("kibanaReaderGroups", "logs-reader",
        "read the log data streams; Discover, Dashboard and Visualize read-only", "[\"engineering\"]");

    public static readonly Setting<StringList> KibanaAdminGroups = KibanaGroupList("kibanaAdminGroups", "logs-admin",
        "also manage data views, dashboards and saved objects; through kibanaAdminHost only", "[\"observability-admins\"]");

    public static readonly Setting<string> KibanaAdminHost = Text("kibanaAdminHost",
        "Public DNS name of Kibana for kibanaAdminGroups (a second Ingress host in front of its own sign-in proxy, which signs Kibana in as the logs-admin role; kibanaHost always signs in as logs-reader). oauth2-proxy cannot choose the injected credential by group, so each role has its own proxy and host. Empty: no admin sign-in through the identity provider (admins read through kibanaHost; changes go through the break-glass users).",
        _ => string.Empty, "\"\" (no admin host)", "kibana-admin.example.com",
        v => v.Length == 0 || HostPattern().IsMatch(v) ? null : "must be a DNS name such as kibana-admin.example.com, or empty", SettingScope.ControlplaneOnly);

    public static readonly Setting<int> KibanaProxyReplicas = Count("kibanaProxyReplicas",
        "Replicas of each of Kibana's sign-in proxies (oauth2-proxy; sessions live in the cookie, so any replica serves any request).", 2, 1, 10, SettingScope.ControlplaneOnly);

    private static Setting<StringList> KibanaGroupList(string name, string role, string what, string example) => new(name,
        $"Identity-provider groups whose members sign in to Kibana as the {role} role ({what}). Checked by oauth2-proxy against the groups claim (grafanaOidcGroupsClaim); a person in none of the groups is refused.",
        SettingScope.ControlplaneOnly, "list of group names", example, _ => StringList.Empty, "[]",
        v => v.Items.FirstOrDefault(g => !GroupPattern().IsMatch(g)) is { } bad ? $"item '{bad}' is not a group name (no quotes, backslashes, spaces, commas or control characters)" : null);

    /// <summary>The sign-in settings of the Kibana product (KibanaProduct), in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> OfKibanaSignIn => [OidcIssuerUrl, KibanaReaderGroups, KibanaAdminGroups, KibanaAdminHost, KibanaProxyReplicas];
}
