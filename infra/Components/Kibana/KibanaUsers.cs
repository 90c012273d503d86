using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The users Kibana knows (the free licence has no OIDC realm). People sign in through the identity provider
/// (<see cref="KibanaProxy"/>), which signs Kibana in as one of two service users, sso-logs-reader and
/// sso-logs-admin. The configured people below are break-glass only (a port-forward when the identity
/// provider is down): named file-realm users that ECK adds
/// to Elasticsearch, each with a generated password in a basic-auth Secret, in one of two least-privilege
/// roles defined in a roles.yml Secret. logs-reader reads the log data streams and has Discover, Dashboard
/// and Visualize read-only; logs-admin may also manage Kibana's saved objects. Neither has any cluster
/// privilege or write access to an index. The passwords are the secret stack output kibanaPasswords.
/// </summary>
public static class KibanaUsers
{
    public const string ReaderRole = "logs-reader";
    public const string AdminRole = "logs-admin";
    public const string RolesSecret = "kibana-user-roles";
    public const string PasswordsOutput = "kibanaPasswords";

    /// <summary>The log data streams (every environment's and the controlplane's).</summary>
    public static string LogIndices => $"logs-{Logstash.DataStreamDataset}-*";

    /// <summary>
    /// Every team's log data streams (TeamLogs.DataStream): the people who read the platform's logs read the
    /// teams' too, in their data views (Kibana has one space; a team's view is a filter, not a boundary).
    /// </summary>
    public const string TeamLogIndices = "logs-team.*-*";

    public static string UserSecret(string user) => $"kibana-user-{user}";

    /// <summary>
    /// The file-realm user a sign-in proxy signs Kibana in as, one per role (sso-logs-reader, sso-logs-admin).
    /// Only that proxy holds its password: in the Secret <see cref="SsoHeaderSecret"/>, as the ready
    /// Authorization header value.
    /// </summary>
    public static string SsoUser(string role) => $"sso-{role}";

    /// <summary>The Secret with the proxy's Authorization header value (key <see cref="SsoHeaderKey"/>).</summary>
    public static string SsoHeaderSecret(string role) => $"kibana-sso-{role}-authorization";

    public const string SsoHeaderKey = "authorization";

    /// <summary>Kibana's application privileges, as a role file states them (the space is the default one).</summary>
    private const string KibanaApplication = "kibana-.kibana";

    public static string RolesDefinition => $$"""
        {{ReaderRole}}:
          indices:
            - names: ["{{LogIndices}}", "{{TeamLogIndices}}"]
              privileges: [read, view_index_metadata]
          applications:
            - application: {{KibanaApplication}}
              privileges: [feature_discover_v2.read, feature_dashboard_v2.read, feature_visualize_v2.read]
              resources: ["space:default"]
        {{AdminRole}}:
          indices:
            - names: ["{{LogIndices}}", "{{TeamLogIndices}}"]
              privileges: [read, view_index_metadata]
          applications:
            - application: {{KibanaApplication}}
              privileges: [feature_discover_v2.all, feature_dashboard_v2.all, feature_visualize_v2.all, feature_indexPatterns.all, feature_savedObjectsManagement.all]
              resources: ["space:default"]

        """;

    /// <summary>Every configured person with their role, readers first, each list in its configured order.</summary>
    public static IReadOnlyList<(string User, string Role)> People(StackSettings settings) =>
    [
        .. settings.Get(SettingsCatalog.KibanaReaders).Items.Select(u => (u, ReaderRole)),
        .. settings.Get(SettingsCatalog.KibanaAdmins).Items.Select(u => (u, AdminRole)),
    ];

    /// <summary>
    /// The roles Secret and one user Secret per person; returns what the Elasticsearch resource names in
    /// spec.auth (and depends on). A person listed as both reader and admin is a configuration error.
    /// </summary>
    public static (IReadOnlyList<string> UserSecrets, IReadOnlyList<Resource> Resources) Declare(StackContext context)
    {
        var settings = context.Settings;
        var people = People(settings);
        foreach (var twice in people.GroupBy(p => p.User, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            context.Problems.Add($"stack '{settings.Stack}': '{twice.Key}' is in both {SettingsCatalog.KibanaReaders.Key} and {SettingsCatalog.KibanaAdmins.Key}; fix: keep them in one list (admins can read)");
        }

        var resources = new List<Resource>
        {
            KubernetesObjects.Secret(context, Kibana.ComponentName, "kibana-user-roles", RolesSecret, Namespaces.Elastic, "kibana", ObjectValue.Of(("roles.yml", RolesDefinition))),
        };
        // The sign-in proxies' users: a user Secret for ECK and, for the proxy only, the header it injects.
        foreach (var role in new[] { ReaderRole, AdminRole })
        {
            var user = SsoUser(role);
            var secret = context.RandomPassword(Kibana.ComponentName, $"kibana-{user}-password");
            resources.Add(KubernetesObjects.Secret(context, Kibana.ComponentName, $"kibana-user-{user}", UserSecret(user), Namespaces.Elastic, "kibana", ObjectValue.Of(
                ("username", user),
                ("password", new ReferenceValue(secret, "result")),
                ("roles", role)), "kubernetes.io/basic-auth"));
            resources.Add(KubernetesObjects.Secret(context, Kibana.ComponentName, $"kibana-sso-{role}-authorization", SsoHeaderSecret(role), Namespaces.Elastic, "kibana-sso", ObjectValue.Of(
                (SsoHeaderKey, new FunctionValue("join", ListValue.Of(new StringValue(string.Empty), ListValue.Of(new StringValue("Basic "),
                    FunctionValue.ToBase64(InterpolatedValue.Of(new StringValue($"{user}:"), new ReferenceValue(secret, "result"))))))))));
        }

        var passwords = new List<KeyValuePair<string, Value>>();
        foreach (var (user, role) in people.DistinctBy(p => p.User))
        {
            var password = context.RandomPassword(Kibana.ComponentName, $"kibana-user-{user}-password");
            resources.Add(KubernetesObjects.Secret(context, Kibana.ComponentName, $"kibana-user-{user}", UserSecret(user), Namespaces.Elastic, "kibana", ObjectValue.Of(
                ("username", user),
                ("password", new ReferenceValue(password, "result")),
                ("roles", role)), "kubernetes.io/basic-auth"));
            passwords.Add(new(user, new ReferenceValue(password, "result")));
        }

        if (passwords.Count > 0)
        {
            context.AddOutput(new StackOutput(PasswordsOutput, FunctionValue.Secret(new ObjectValue(passwords)), true,
                $"Kibana users and their generated passwords (user name -> password); roles {ReaderRole} and {AdminRole}"));
        }
        else
        {
            context.Graph.AddWarning($"{SettingsCatalog.KibanaReaders.Key} and {SettingsCatalog.KibanaAdmins.Key} are empty: nobody can sign in to Kibana (the 'elastic' superuser is for the program, not for people); list the people who read logs.");
        }

        return ([.. people.DistinctBy(p => p.User).Select(p => UserSecret(p.User)), UserSecret(SsoUser(ReaderRole)), UserSecret(SsoUser(AdminRole))], resources);
    }
}
