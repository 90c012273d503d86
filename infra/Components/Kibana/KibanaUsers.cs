using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The people who use Kibana (the free licence has no single sign-on): named file-realm users that ECK adds
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

    public static string UserSecret(string user) => $"kibana-user-{user}";

    /// <summary>Kibana's application privileges, as a role file states them (the space is the default one).</summary>
    private const string KibanaApplication = "kibana-.kibana";

    public static string RolesDefinition => $$"""
        {{ReaderRole}}:
          indices:
            - names: ["{{LogIndices}}"]
              privileges: [read, view_index_metadata]
          applications:
            - application: {{KibanaApplication}}
              privileges: [feature_discover_v2.read, feature_dashboard_v2.read, feature_visualize_v2.read]
              resources: ["space:default"]
        {{AdminRole}}:
          indices:
            - names: ["{{LogIndices}}"]
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

        return ([.. people.DistinctBy(p => p.User).Select(p => UserSecret(p.User))], resources);
    }
}
