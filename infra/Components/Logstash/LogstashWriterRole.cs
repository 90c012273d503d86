using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The Elasticsearch role of Logstash's user: append-only on exactly the data streams the pipelines write.
/// ECK creates the Logstash association user (spec.elasticsearchRefs) with its predefined role
/// <see cref="Role"/>, which manages, reads and writes every logs-*, metrics-* and logstash-* index and may
/// rewrite ILM policies and index templates; a role of the same name in one of the cluster's auth.roles Secrets
/// replaces it (ECK 3.5.0, pkg/controller/elasticsearch/user/reconcile.go: predefined roles, then user-provided,
/// last wins). The pod that parses every environment's untrusted input then cannot read, delete or re-policy any
/// log (docs/design-notes.md, "Logstash writes, never reads").
/// </summary>
public static class LogstashWriterRole
{
    /// <summary>ECK's name for the association user's role (pkg/controller/elasticsearch/user/roles.go, LogstashUserRole).</summary>
    public const string Role = "eck_logstash_user_role";

    public const string SecretName = "elasticsearch-logstash-role";

    /// <summary>
    /// create_doc: bulk requests with op_type create, which data-stream mode always sends; auto_configure: the
    /// first write creates the stream from the program's template, and new fields extend its mapping.
    /// </summary>
    public static readonly string[] IndexPrivileges = ["create_doc", "auto_configure"];

    /// <summary>monitor: the output's health check reads GET / (version) and GET /_license.</summary>
    public static readonly string[] ClusterPrivileges = ["monitor"];

    /// <summary>
    /// Every data stream a Logstash pipeline of this controlplane writes: per log source (its own cluster and each
    /// environment) the source's stream, Fluent Bit's own and each team's of that environment; and the quarantine.
    /// </summary>
    public static IReadOnlyList<string> Streams(StackContext context)
    {
        var sources = new List<string> { context.Settings.Stack };
        sources.AddRange(context.Environments.Select(e => e.Stack));
        var streams = new SortedSet<string>(StringComparer.Ordinal) { ElasticsearchSetup.QuarantineDataStream(context.Settings.Stack) };
        foreach (var stack in sources)
        {
            streams.Add(ElasticsearchSetup.DataStream(stack));
            streams.Add(ElasticsearchSetup.SelfDataStream(stack));
            foreach (var team in context.Teams.In(context.EnvironmentLabelOf(stack)))
            {
                streams.Add(Teams.TeamLogs.DataStream(team, stack));
            }
        }

        return [.. streams];
    }

    public static string Definition(IReadOnlyList<string> streams) => $$"""
        {{Role}}:
          cluster: [{{string.Join(", ", ClusterPrivileges)}}]
          indices:
            - names: [{{string.Join(", ", streams.Select(s => $"\"{s}\""))}}]
              privileges: [{{string.Join(", ", IndexPrivileges)}}]

        """;

    /// <summary>The roles.yml Secret beside the cluster (listed in its spec.auth.roles).</summary>
    public static Resource Declare(StackContext context) =>
        KubernetesObjects.Secret(context, Elasticsearch.ComponentName, SecretName, SecretName, Namespaces.Elastic, "elasticsearch",
            ObjectValue.Of(("roles.yml", Definition(Streams(context)))));
}
