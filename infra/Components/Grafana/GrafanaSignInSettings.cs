using System.Text.RegularExpressions;

namespace Infra.Config;

/// <summary>
/// How people sign in to Grafana (OpenID Connect with the identity provider, roles by group): part of the one
/// catalog, declared beside the component that reads them. Kibana's sign-in proxy uses the same client, scopes,
/// groups claim and allowed domains (one application at the identity provider for both interfaces).
/// </summary>
public static partial class SettingsCatalog
{
    public static readonly Setting<string> GrafanaOidcAuthUrl = OidcUrl("grafanaOidcAuthUrl",
        "Authorization endpoint of the identity provider Grafana signs people in with (OpenID Connect, e.g. https://login.example.com/oauth2/default/v1/authorize). Use the endpoints of the authorization server oidcIssuerUrl names (what its discovery document lists): with Okta, the org server (/oauth2/v1/...) and a custom one (/oauth2/default/...) have separate groups claims and access policies.");

    public static readonly Setting<string> GrafanaOidcTokenUrl = OidcUrl("grafanaOidcTokenUrl",
        "Token endpoint of the identity provider (e.g. https://login.example.com/oauth2/default/v1/token).");

    public static readonly Setting<string> GrafanaOidcApiUrl = OidcUrl("grafanaOidcApiUrl",
        "UserInfo endpoint of the identity provider (e.g. https://login.example.com/oauth2/default/v1/userinfo); Grafana reads the email and the groups claim there.");

    public static readonly Setting<string> GrafanaOidcClientId = Text("grafanaOidcClientId",
        "Client id of Grafana's application at the identity provider (its redirect URI is https://<grafanaHost>/login/generic_oauth).",
        c => c.Role == StackRole.Controlplane ? null : string.Empty, "none (required on the controlplane)", "grafana-observability",
        v => v.Length > 0 && v.All(ch => !char.IsWhiteSpace(ch)) ? null : "must be a client id without spaces", SettingScope.ControlplaneOnly);

    public static readonly SecretSetting GrafanaOidcClientSecret = new("grafanaOidcClientSecret",
        "Client secret of Grafana's application at the identity provider. Controlplane only: stored in a Kubernetes Secret mounted into Grafana as a file that grafana.ini's client_secret reads ($__file{...}), never in the chart values.",
        "<client secret>", s => s.Role == StackRole.Controlplane, "on the controlplane", SettingScope.ControlplaneOnly);

    public static readonly Setting<StringList> GrafanaOidcScopes = new("grafanaOidcScopes",
        "OAuth scopes Grafana requests at sign-in. Some identity providers (Okta's authorization servers, Keycloak) put the groups claim in the token or UserInfo only when a scope such as 'groups' is requested; add it there, or nobody gets a role. Others (Google, Entra ID) reject unknown scopes, hence the default.",
        SettingScope.ControlplaneOnly, "list of scopes (must include openid)", "[\"openid\", \"email\", \"profile\", \"groups\"]",
        _ => new StringList(["openid", "email", "profile"]), "[\"openid\", \"email\", \"profile\"]",
        v => v.Items.FirstOrDefault(i => !ScopePattern().IsMatch(i)) is { } bad ? $"item '{bad}' is not an OAuth scope (printable characters other than space, '\"' and '\\')"
            : !v.Items.Contains("openid") ? "must include 'openid' (Grafana signs in with OpenID Connect)"
            : null);

    public static readonly Setting<string> GrafanaOidcGroupsClaim = Text("grafanaOidcGroupsClaim",
        "Claim of the UserInfo response (or ID token) that lists the person's groups; the group settings below are matched against it.",
        _ => "groups", "groups", "groups",
        v => GroupsClaimPattern().IsMatch(v) ? null : "must be a claim name (letters, digits and '_', not starting with a digit)", SettingScope.ControlplaneOnly);

    public static readonly Setting<StringList> GrafanaOidcAllowedDomains = new("grafanaOidcAllowedDomains",
        "E-mail domains allowed to sign in to Grafana; empty allows any domain the identity provider vouches for (the groups still decide).",
        SettingScope.ControlplaneOnly, "list of DNS names", "[\"example.com\"]",
        _ => StringList.Empty, "[] (any domain)",
        v => v.Items.FirstOrDefault(i => !HostPattern().IsMatch(i)) is { } bad ? $"item '{bad}' is not a domain such as example.com" : null);

    public static readonly Setting<StringList> GrafanaAdminGroups = GroupList("grafanaAdminGroups", "Admin", "[\"observability-admins\"]");

    public static readonly Setting<StringList> GrafanaEditorGroups = GroupList("grafanaEditorGroups", "Editor", "[\"sre\"]");

    public static readonly Setting<StringList> GrafanaViewerGroups = GroupList("grafanaViewerGroups", "Viewer", "[\"engineering\"]");

    private static Setting<string> OidcUrl(string name, string description) => Text(name, description,
        c => c.Role == StackRole.Controlplane ? null : string.Empty, "none (required on the controlplane)", "https://login.example.com/oauth2/default/v1/...",
        v => Uri.TryCreate(v, UriKind.Absolute, out var u) && u.Scheme == "https" ? null : "must be an absolute https URL", SettingScope.ControlplaneOnly);

    private static Setting<StringList> GroupList(string name, string role, string example) => new(name,
        $"Identity-provider groups whose members get Grafana's {role} role (the first of Admin, Editor, Viewer that matches wins; a person in none of the groups cannot sign in).",
        SettingScope.ControlplaneOnly, "list of group names", example, _ => StringList.Empty, "[]",
        v => v.Items.FirstOrDefault(g => !GroupPattern().IsMatch(g)) is { } bad ? $"item '{bad}' is not a group name Grafana's role mapping can quote (no quotes, backslashes, spaces, commas or control characters)" : null);

    [GeneratedRegex("^[^'\"\\\\\\s,\\p{C}]{1,256}$")]
    private static partial Regex GroupPattern();

    /// <summary>RFC 6749's scope-token: printable ASCII other than space, '"' and '\'.</summary>
    [GeneratedRegex("^[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}$")]
    private static partial Regex ScopePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex GroupsClaimPattern();

    /// <summary>The sign-in settings of the Grafana product (GrafanaProduct), in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> OfGrafanaSignIn => [GrafanaOidcAuthUrl, GrafanaOidcTokenUrl, GrafanaOidcApiUrl, GrafanaOidcClientId, GrafanaOidcClientSecret, GrafanaOidcScopes, GrafanaOidcGroupsClaim, GrafanaOidcAllowedDomains, GrafanaAdminGroups, GrafanaEditorGroups, GrafanaViewerGroups];
}
