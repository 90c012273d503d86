using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Grafana's sign-in: OpenID Connect through the chart's <c>grafana.ini</c> (generic_oauth), the groups
/// claim mapped to Admin, Editor or Viewer with strict mapping (no matching group, no access), no
/// anonymous access. The client secret is a Pulumi secret that reaches Grafana only through a Secret
/// mounted as a file (<c>$__file{...}</c>); the values never hold it. The password form is off; the admin
/// user keeps its generated password as break-glass access through a port-forward when the identity provider is down.
/// </summary>
public static class GrafanaSignIn
{
    public const string SecretName = "grafana-oidc";
    public const string SecretKey = "client-secret";
    public const string Directory = "/etc/secrets/oidc";

    /// <summary>Longest a Grafana session lives, active or not: the Kibana sign-in proxies' cookie lifetime.</summary>
    public const string SessionLifetime = "12h";

    /// <summary>What grafana.ini's client_secret says: the mounted file, read by Grafana at start-up.</summary>
    public static string ClientSecretReference => $"$__file{{{Directory}/{SecretKey}}}";

    /// <summary>The Secret holding the client secret (a reference to the Pulumi secret config).</summary>
    public static Resource Secret(StackContext context) => KubernetesObjects.Secret(context, Grafana.ComponentName, "grafana-oidc-secret", SecretName, Namespaces.Elastic, "grafana",
        ObjectValue.Of((SecretKey, context.Graph.SecretConfigReference(SettingsCatalog.GrafanaOidcClientSecret.Key, SettingsCatalog.GrafanaOidcClientSecret.Description))));

    public static ObjectValue SecretMount => ObjectValue.Of(("name", "oidc"), ("secretName", SecretName), ("mountPath", Directory), ("readOnly", true));

    /// <summary>The grafana.ini sections of the server's public URL and of sign-in.</summary>
    public static ObjectValue Ini(StackSettings settings, List<string> problems)
    {
        var host = settings.Get(SettingsCatalog.GrafanaHost);
        var admins = settings.Get(SettingsCatalog.GrafanaAdminGroups).Items;
        var editors = settings.Get(SettingsCatalog.GrafanaEditorGroups).Items;
        var viewers = settings.Get(SettingsCatalog.GrafanaViewerGroups).Items;
        var groups = admins.Concat(editors).Concat(viewers).Distinct(StringComparer.Ordinal).ToList();
        if (groups.Count == 0)
        {
            problems.Add($"stack '{settings.Stack}': none of {SettingsCatalog.GrafanaAdminGroups.Key}, {SettingsCatalog.GrafanaEditorGroups.Key} and {SettingsCatalog.GrafanaViewerGroups.Key} lists a group, so nobody could sign in to Grafana; fix: pulumi config set --path '{SettingsCatalog.GrafanaViewerGroups.Key}[0]' <group of your identity provider> --stack {settings.Stack}");
        }

        var claim = settings.Get(SettingsCatalog.GrafanaOidcGroupsClaim);
        var domains = settings.Get(SettingsCatalog.GrafanaOidcAllowedDomains).Items;
        return ObjectValue.Of(
            ("server", ObjectValue.Of(
                ("domain", host),
                ("root_url", $"https://{host}"))),
            ("auth", ObjectValue.Of(
                // No password form on the public page: people sign in through the identity provider only. The
                // admin password is break-glass through a port-forward (basic auth on the API; docs/day-2-operations.md).
                ("disable_login_form", true),
                ("oauth_auto_login", false),
                // A session ends within the proxies' 12 h cookie (role changes at the IdP apply by then; Grafana's default is 30 days).
                ("login_maximum_lifetime_duration", SessionLifetime),
                ("login_maximum_inactive_lifetime_duration", SessionLifetime))),
            // Kept on deliberately: with the form off it is the only way the break-glass admin signs in (through a
            // port-forward); the load balancer refuses Basic for Grafana's host (Grafana.EdgeRefusals).
            ("auth.basic", ObjectValue.Of(("enabled", true))),
            // Nothing leaves with its data: no snapshots to the public raintank service, no dashboards shared without sign-in.
            ("snapshots", ObjectValue.Of(("external_enabled", false))),
            ("public_dashboards", ObjectValue.Of(("enabled", false))),
            // No code pulled into the internet-facing pod at run time: Grafana 12 and later install and update a
            // default set of app plugins from grafana.com at every start ([plugins] preinstall_*), and Admins could
            // install catalog plugins; the dashboards use the built-in datasources only.
            ("plugins", ObjectValue.Of(("preinstall_disabled", true), ("preinstall_auto_update", false), ("plugin_admin_enabled", false))),
            ("analytics", ObjectValue.Of(("check_for_plugin_updates", false))),
            // TLS ends at the load balancer, so Grafana cannot tell its session cookie is HTTPS-only: say so,
            // and have browsers refuse plain HTTP to the host from then on.
            ("security", ObjectValue.Of(
                ("cookie_secure", true),
                ("cookie_samesite", "lax"),
                ("strict_transport_security", true))),
            ("auth.anonymous", ObjectValue.Of(("enabled", false))),
            ("users", ObjectValue.Of(("allow_sign_up", false))),
            ("auth.generic_oauth", ObjectValue.Of(
                ("enabled", true),
                ("name", "Single sign-on"),
                ("client_id", settings.Get(SettingsCatalog.GrafanaOidcClientId)),
                ("client_secret", ClientSecretReference),
                ("scopes", string.Join(' ', settings.Get(SettingsCatalog.GrafanaOidcScopes).Items)),
                ("use_pkce", true),
                ("auth_url", settings.Get(SettingsCatalog.GrafanaOidcAuthUrl)),
                ("token_url", settings.Get(SettingsCatalog.GrafanaOidcTokenUrl)),
                ("api_url", settings.Get(SettingsCatalog.GrafanaOidcApiUrl)),
                // Accounts are created on first sign-in; who gets one is decided by the groups below.
                ("allow_sign_up", true),
                ("allowed_domains", domains.Count == 0 ? null : string.Join(' ', domains)),
                ("groups_attribute_path", $"{claim}[*]"),
                ("allowed_groups", string.Join(',', groups)),
                ("role_attribute_path", RoleAttributePath(claim, admins, editors, viewers)),
                ("role_attribute_strict", true),
                ("allow_assign_grafana_admin", false),
                ("email_attribute_path", "email"))));
    }

    /// <summary>
    /// The JMESPath Grafana evaluates on the UserInfo claims: Admin for a member of an admin group, else
    /// Editor, else Viewer; nothing (denied, with role_attribute_strict) otherwise. A missing claim counts as no groups;
    /// so does a claim that is a single string (the projection [*] yields null for it), since contains() on a
    /// string would be a substring test ('contractors-observability-admins' would be an admin).
    /// </summary>
    public static string RoleAttributePath(string claim, IReadOnlyList<string> admins, IReadOnlyList<string> editors, IReadOnlyList<string> viewers)
    {
        var tiers = new[] { ("Admin", admins), ("Editor", editors), ("Viewer", viewers) }.Where(t => t.Item2.Count > 0).ToList();
        if (tiers.Count == 0)
        {
            return "''";
        }

        return string.Join(" || ", tiers.Select(t =>
            $"({string.Join(" || ", t.Item2.Select(g => $"contains({claim}[*] || `[]`, '{g}')"))}) && '{t.Item1}'"));
    }
}
