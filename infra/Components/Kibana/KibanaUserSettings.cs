using System.Text.RegularExpressions;

namespace Infra.Config;

/// <summary>
/// Kibana's own users (break-glass sign-in with generated passwords, besides the identity provider): part of the
/// one catalog, declared beside the component that reads them.
/// </summary>
public static partial class SettingsCatalog
{
    public static readonly Setting<StringList> KibanaReaders = new("kibanaReaders",
        "Kibana users with the logs-reader role (read the log data streams; Discover, Dashboard and Visualize read-only). Each gets a generated password, exported as the secret output kibanaPasswords.",
        SettingScope.ControlplaneOnly, "list of user names", "[\"alice\", \"bob\"]",
        _ => StringList.Empty, "[]", ValidateKibanaUsers);

    public static readonly Setting<StringList> KibanaAdmins = new("kibanaAdmins",
        "Kibana users with the logs-admin role (read the log data streams and manage Kibana's saved objects: data views, dashboards, visualizations). Generated passwords as for kibanaReaders.",
        SettingScope.ControlplaneOnly, "list of user names", "[\"carol\"]",
        _ => StringList.Empty, "[]", ValidateKibanaUsers);

    /// <summary>Names ECK's Elasticsearch and our own program already use, which a person must never sign in as.</summary>
    public static readonly IReadOnlyList<string> ReservedUserNames =
        ["elastic", "kibana", "kibana_system", "logstash_system", "beats_system", "apm_system", "remote_monitoring_user", "monitoring", "grafana", "sso-logs-reader", "sso-logs-admin"];

    private static string? ValidateKibanaUsers(StringList users) =>
        users.Items.FirstOrDefault(u => !UserNamePattern().IsMatch(u)) is { } bad ? $"item '{bad}' is not a user name (lower-case letters, digits, '.', '_' and '-', starting with a letter)"
        : users.Items.FirstOrDefault(ReservedUserNames.Contains) is { } reserved ? $"item '{reserved}' is a built-in or service user; give the person a name of their own"
        : users.Items.GroupBy(u => u, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice ? $"lists '{twice.Key}' more than once; remove the repeated entry"
        : null;

    [GeneratedRegex("^[a-z][a-z0-9._-]{0,63}$")]
    private static partial Regex UserNamePattern();

    /// <summary>Kibana's own users of the Kibana product (KibanaProduct), in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> OfKibanaUsers => [KibanaReaders, KibanaAdmins];
}
