using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Applies what the Elasticsearch and Kibana APIs hold, with features of the free licence only: per
/// environment an ILM policy (rollover, then delete after that environment's retention) and an index
/// template for its data stream; the S3 snapshot repository with a nightly snapshot policy; the Kibana
/// data view. A Job runs the calls; its input is an immutable ConfigMap, so any change re-runs it.
/// </summary>
public sealed class ElasticsearchSetup : IComponent<Resource>
{
    public const string Name = "elasticsearch-setup";

    /// <summary>Labels of the Job's and the CronJob's pods.</summary>
    public static readonly (string Key, string Value)[] Pods = [("app.kubernetes.io/name", Name)];
    public const string SnapshotRepository = "s3-snapshots";
    public const string SnapshotPolicy = "nightly";
    public const string DataView = "logs";

    /// <summary>Filed under Elasticsearch: it configures what Elasticsearch and Kibana hold.</summary>
    string IComponent.Name => Elasticsearch.ComponentName;

    private readonly ElasticsearchSetupArgs _args;
    private readonly ElasticsearchResources _elasticsearch;
    private readonly Resource _kibana;

    /// <param name="args">What it reads of the stack's settings.</param>
    /// <param name="elasticsearch">The Elasticsearch the calls configure.</param>
    /// <param name="kibana">The Kibana whose data view the calls create.</param>
    public ElasticsearchSetup(ElasticsearchSetupArgs args, ElasticsearchResources elasticsearch, Resource kibana)
    {
        _args = args;
        _elasticsearch = elasticsearch;
        _kibana = kibana;
    }

    /// <summary>Declares the setup and returns its Job: Logstash starts writing once templates and policies exist.</summary>
    public Resource Build(StackContext context)
    {
        var args = _args;
        var elasticsearch = _elasticsearch;
        var snapshots = elasticsearch.Snapshots;
        var component = Elasticsearch.ComponentName;
        var replicas = args.Nodes > 1 ? 1 : 0;
        // Teams' data streams (one per team and environment it has namespaces in) count too.
        var teamStreams = ElasticsearchShardBudget.TeamStreamsOf(context.Teams,
            [(args.Environment, args.RetentionDays), .. context.EnvironmentFacts.Select(f => (context.EnvironmentLabelOf(f.Stack), f.LogRetentionDays))]);
        if (ElasticsearchShardBudget.For(args.Capacity, context.EnvironmentFacts, teamStreams).Problem(args.Capacity) is { } shards)
        {
            context.Problems.Add(shards);
        }

        // The capacity model: the sources' declared daily volume against the disk (also after a lost node or
        // zone), the data nodes' memory and the Logstash pods (also with one lost).
        var capacity = LogCapacity.For(args.Capacity, context.EnvironmentFacts);
        // Each source's declared volume measured against what Elasticsearch holds of it.
        context.AddRules(component, "log-volume", [LogVolumeRules.Group(capacity)]);
        if (capacity.LayoutProblem(args.Capacity) is { } layout)
        {
            context.Problems.Add(layout);
        }

        foreach (var problem in capacity.Problems(args.Capacity))
        {
            if (args.ShortfallAcknowledged)
            {
                context.Graph.AddWarning(problem);
            }
            else
            {
                context.Problems.Add(problem);
            }
        }

        // Retention per log source: the controlplane's own from its config, each environment's from its stack file (validated
        // like its own compile, as the capacity model reads it), not its stack output: the policy is JSON posted as elastic,
        // and an output is whatever that stack's state says (EnvironmentLiterals).
        var sources = new List<(string Stack, Value RetentionDays)> { (args.Stack, new StringValue(args.RetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture))) };
        sources.AddRange(context.EnvironmentFacts.Select(f => (f.Stack, (Value)new StringValue(f.LogRetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

        var files = new List<KeyValuePair<string, Value>>();
        var script = new System.Text.StringBuilder(Preamble);
        foreach (var (stack, retention) in sources.OrderBy(s => s.Stack, StringComparer.Ordinal))
        {
            files.Add(new($"ilm-{stack}.json", TemplatedText.Json(IlmPolicyDocument(retention, args.RolloverDays))));
            files.Add(new($"template-{stack}.json", TemplatedText.Json(IndexTemplate(stack, replicas))));
            script.Append($"es PUT /_ilm/policy/{IlmPolicy(stack)} ilm-{stack}.json\n");
            script.Append($"es PUT /_index_template/{DataStream(stack)} template-{stack}.json\n");
        }

        // Teams' data streams and data views (Teams/TeamLogs): the environment's template for their pattern and policy.
        context.Problems.AddRange(Teams.TeamLogs.RetentionProblems(args.Stack, context.Teams,
            [(args.Stack, args.Environment, args.RetentionDays), .. context.EnvironmentFacts.Select(f => (f.Stack, context.EnvironmentLabelOf(f.Stack), f.LogRetentionDays))]));
        var views = new System.Text.StringBuilder();
        Teams.TeamLogs.Setup(context.Teams, [.. sources.Select(s => (s.Stack, context.EnvironmentLabelOf(s.Stack), s.RetentionDays))],
            (pattern, policy) => IndexTemplate([pattern], policy, replicas), days => IlmPolicyDocument(days, args.RolloverDays), files, script, views);

        // The quarantine data stream (the dead-letter pipeline's output) keeps the controlplane's lifecycle.
        files.Add(new("template-quarantine.json", TemplatedText.Json(QuarantineTemplate(args.Stack, replicas))));
        script.Append($"es PUT /_index_template/{QuarantineDataStream(args.Stack)} template-quarantine.json\n");

        // No server_side_encryption setting: it would send the SSE-S3 (AES256) header and override the
        // bucket's default KMS encryption (SnapshotStorage).
        files.Add(new("repository.json", TemplatedText.Json(ObjectValue.Of(
            ("type", "s3"),
            ("settings", ObjectValue.Of(
                ("bucket", new ReferenceValue(snapshots.Bucket, "bucket")),
                ("base_path", args.Stack)))))));
        files.Add(new("slm.json", TemplatedText.Json(ObjectValue.Of(
            ("schedule", "0 30 1 * * ?"),
            ("name", "<nightly-{now/d}>"),
            ("repository", SnapshotRepository),
            ("config", ObjectValue.Of(("include_global_state", true))),
            ("retention", ObjectValue.Of(("expire_after", "30d"), ("min_count", 7), ("max_count", 60)))))));
        files.Add(new("dataview.json", TemplatedText.Json(ObjectValue.Of(
            ("data_view", ObjectValue.Of(
                ("id", DataView),
                ("name", "Kubernetes logs"),
                // With teams, their streams too: the environment-wide view stays complete.
                ("title", $"logs-{Logstash.DataStreamDataset}-*" + (context.Teams.Items.Count > 0 ? "," + KibanaUsers.TeamLogIndices : string.Empty)),
                ("timeFieldName", "@timestamp"))),
            ("override", true)))));
        // Streams created while their template was missing (an Elasticsearch rebuild: Logstash writes before the
        // next re-apply) get their own lifecycle policy back, and a write index from their template.
        script.Append(RepairFunction);
        foreach (var (stack, _) in sources.OrderBy(s => s.Stack, StringComparer.Ordinal))
        {
            script.Append($"repair {DataStream(stack)} {IlmPolicy(stack)}\n");
            script.Append($"repair {SelfDataStream(stack)} {IlmPolicy(stack)}\n");
        }

        // The teams' streams too: one created before its template would keep the built-in lifecycle, never deleted.
        foreach (var team in context.Teams.Items)
        {
            foreach (var (stack, _) in sources.Where(s => team.NamespacesIn(context.EnvironmentLabelOf(s.Stack)).Count > 0).OrderBy(s => s.Stack, StringComparer.Ordinal))
            {
                script.Append($"repair {Teams.TeamLogs.DataStream(team, stack)} {Teams.TeamLogs.IlmPolicy(team, stack)}\n");
            }
        }

        script.Append($"repair {QuarantineDataStream(args.Stack)} {IlmPolicy(args.Stack)}\n");
        script.Append($"es PUT /_snapshot/{SnapshotRepository} repository.json\n");
        script.Append($"es PUT /_slm/policy/{SnapshotPolicy} slm.json\n");
        script.Append("kb POST /api/data_views/data_view dataview.json\n");
        script.Append(views);
        script.Append("echo \"setup complete\"\n");
        files.Insert(0, new("setup.sh", new StringValue(script.ToString())));

        foreach (var (file, value) in files)
        {
            context.Graph.AddDocument(new RenderedDocument($"elasticsearch/setup/{file}", () => DocumentText.Of(value), component));
        }

        // Immutable: a change replaces the ConfigMap, and replaceWith then re-runs the Job.
        var input = context.Kubernetes(component, "elasticsearch-setup-input", "kubernetes:core/v1:ConfigMap", ObjectValue.Of(
            ("metadata", StackContext.Metadata(Name, Namespaces.Elastic, "elasticsearch")),
            ("immutable", true),
            ("data", ObjectValue.Of(files))), false, context.Namespace(Namespaces.Elastic));
        var job = context.Kubernetes(component, "elasticsearch-setup-job", "kubernetes:batch/v1:Job", ObjectValue.Of(
            ("metadata", StackContext.Metadata(Name, Namespaces.Elastic, "elasticsearch")),
            ("spec", ObjectValue.Of(
                ("backoffLimit", 10),
                ("template", ObjectValue.Of(
                    ("metadata", ObjectValue.Of(("labels", ObjectValue.Of(("app.kubernetes.io/name", Name))))),
                    ("spec", JobPod())))))), false, input, elasticsearch.Cluster, _kibana, snapshots.ServiceAccount);
        job.Options.ReplaceWith.Add(input);
        // The Job and the hourly CronJob call Elasticsearch (templates, ILM, snapshots) and Kibana (data views).
        context.AddEdge(new NetworkEdge(Namespaces.Elastic, "allow-setup-to-elasticsearch", Elasticsearch.Nodes, NetworkPeer.Pods(Namespaces.Elastic, Pods), [Elasticsearch.HttpPort]));
        context.AddEdge(new NetworkEdge(Namespaces.Elastic, "allow-setup-to-kibana", [.. Kibana.Pods.Entries.Select(e => (e.Key, ((StringValue)e.Value).Text))],
            NetworkPeer.Pods(Namespaces.Elastic, Pods), [Kibana.HttpPort]));
        job.Options.CustomTimeout = "20m";

        // Both have fixed names: a replacement must delete the old object before creating the new one,
        // or the create fails on the name (and a create-then-delete could remove the new Job).
        input.Options.DeleteBeforeReplace = true;
        job.Options.DeleteBeforeReplace = true;

        // The same calls every hour: after an Elasticsearch rebuild or restore, the data streams' templates and
        // ILM policies are back within the hour instead of waiting for a config change (the calls are PUTs,
        // idempotent). ElasticsearchIlmError reports an index whose lifecycle failed meanwhile.
        var reapplyPod = ObjectValue.Of(
            ("metadata", ObjectValue.Of(("labels", ObjectValue.Of(("app.kubernetes.io/name", Name))))),
            ("spec", JobPod()));
        var reapplyJob = ObjectValue.Of(("spec", ObjectValue.Of(("backoffLimit", 3), ("template", reapplyPod))));
        var reapplySpec = ObjectValue.Of(
            ("schedule", ReapplySchedule),
            ("concurrencyPolicy", "Forbid"),
            ("successfulJobsHistoryLimit", 1),
            ("failedJobsHistoryLimit", 3),
            ("jobTemplate", reapplyJob));
        var reapply = context.Kubernetes(component, "elasticsearch-setup-reapply", "kubernetes:batch/v1:CronJob", ObjectValue.Of(
            ("metadata", StackContext.Metadata(ReapplyName, Namespaces.Elastic, "elasticsearch")),
            ("spec", reapplySpec)), false, job);
        // The ConfigMap is replaced (new contents) on every change: the CronJob follows it.
        reapply.Options.ReplaceWith.Add(input);
        return job;
    }

    /// <summary>The CronJob that re-applies the setup calls.</summary>
    public const string ReapplyName = "elasticsearch-setup-reapply";

    /// <summary>Hourly, off the hour.</summary>
    public const string ReapplySchedule = "17 * * * *";

    public static string DataStream(string stack) => $"logs-{Logstash.DataStreamDataset}-{stack}";

    /// <summary>
    /// The longest leaf of <see cref="AppField"/> that is indexed, in characters: Lucene's 32766-byte term limit over
    /// the 4 bytes a character may take in UTF-8 (Elasticsearch's ignore_above guidance).
    /// </summary>
    public const int AppIgnoreAbove = 8191;

    /// <summary>The field holding the application's parsed JSON (Logstash's json filter target).</summary>
    public const string AppField = "app";

    /// <summary>Where the dead-letter pipeline re-indexes refused documents.</summary>
    public static string QuarantineDataStream(string controlplane) => $"logs-{Logstash.QuarantineDataset}-{controlplane}";

    /// <summary>
    /// The quarantine stream's template: time, environment, cluster, message and the refusal's reason are
    /// mapped; the rest of the refused document is one unindexed string, so nothing in it can be refused again.
    /// </summary>
    private static ObjectValue QuarantineTemplate(string controlplane, int replicas)
    {
        var keyword = ObjectValue.Of(("type", "keyword"));
        var text = ObjectValue.Of(("type", "match_only_text"));
        var deadLetter = ObjectValue.Of(("properties", ObjectValue.Of(("reason", text), ("pipeline", keyword))));
        var properties = ObjectValue.Of(
            ("environment", keyword),
            ("cluster", keyword),
            ("message", text),
            ("original", ObjectValue.Of(("type", "text"), ("index", false))),
            ("dead_letter", deadLetter));
        var settings = ObjectValue.Of(("index.lifecycle.name", IlmPolicy(controlplane)), ("index.number_of_replicas", replicas));
        return ObjectValue.Of(
            ("index_patterns", ListValue.Of(QuarantineDataStream(controlplane))),
            ("data_stream", ObjectValue.Empty),
            ("priority", 300),
            ("composed_of", ListValue.Of("logs@mappings", "logs@settings")),
            ("template", ObjectValue.Of(
                ("settings", settings),
                ("mappings", ObjectValue.Of(("dynamic", false), ("properties", properties))))),
            ("_meta", ObjectValue.Of(("managed_by", "observability"))));
    }

    /// <summary>Fluent Bit's own logs of a source (docs/log-pipeline.md).</summary>
    public static string SelfDataStream(string stack) => $"logs-{Logstash.SelfDataset}-{stack}";

    public static string IlmPolicy(string stack) => $"logs-{stack}";

    /// <summary>
    /// <c>repair &lt;stream&gt; &lt;policy&gt;</c>: a data stream that Elasticsearch created before its index template
    /// existed took the built-in <c>logs</c> template (priority 100), whose ILM policy never deletes, and a template
    /// change does not reach existing backing indices (Elasticsearch reference, "Index templates"). When any
    /// backing index lacks the stream's own policy, set it on all of them (a data stream's settings PUT reaches
    /// every backing index) and roll over, so the new write index takes the stream's template and mappings.
    /// A stream that does not exist yet (404) is left alone. Needs ES, ELASTIC_PASSWORD and the CA at /es-ca.
    /// </summary>
    public const string RepairFunction = """
        raw() {
          echo "$1 $2"
          curl --fail-with-body -sS --retry 5 --retry-all-errors --cacert /es-ca/ca.crt -u "elastic:${ELASTIC_PASSWORD}" \
            -H 'Content-Type: application/json' -X "$1" "$ES$2" --data-binary @-
          echo
        }
        repair() {
          stream="$1"; policy="$2"
          out=$(curl -sS --retry 5 --retry-all-errors --cacert /es-ca/ca.crt -u "elastic:${ELASTIC_PASSWORD}" -w ' %{http_code}' \
            "$ES/$stream/_settings/index.lifecycle.name?flat_settings=true")
          code=${out##* }
          body=${out% *}
          case "$code" in
            404) return 0 ;;
            200) ;;
            *) echo "GET /$stream/_settings: HTTP $code $body"; return 1 ;;
          esac
          indices=$(( $(printf '%s' "$body" | grep -o '"settings":' | wc -l) ))
          own=$(( $(printf '%s' "$body" | grep -oF "\"index.lifecycle.name\":\"$policy\"" | wc -l) ))
          [ "$indices" -eq "$own" ] && return 0
          echo "$stream: $((indices - own)) of $indices backing indices lack the lifecycle policy $policy (created before its template): setting it, rolling over"
          printf '{"index.lifecycle.name":"%s"}' "$policy" | raw PUT "/$stream/_settings"
          printf '' | raw POST "/$stream/_rollover"
        }

        """;

    private const string Preamble = """
        #!/bin/sh
        # Applies index templates, lifecycle policies, the snapshot repository and schedule, and the
        # Kibana data view. Every call is an idempotent PUT (or an overriding POST), so re-runs are safe.
        set -eu
        ES=https://logs-es-http.elastic.svc:9200
        KB=https://kibana-kb-http.elastic.svc:5601
        call() {
          ca="$1"; method="$2"; url="$3"; file="$4"; shift 4
          echo "$method $url"
          curl --fail-with-body -sS --retry 5 --retry-all-errors --cacert "$ca" -u "elastic:${ELASTIC_PASSWORD}" \
            -H 'Content-Type: application/json' "$@" -X "$method" "$url" --data-binary "@/setup/$file"
          echo
        }
        es() { call /es-ca/ca.crt "$1" "$ES$2" "$3"; }
        kb() { call /kb-ca/ca.crt "$1" "$KB$2" "$3" -H 'kbn-xsrf: true'; }
        until curl -fsS --cacert /es-ca/ca.crt -u "elastic:${ELASTIC_PASSWORD}" "$ES/_cluster/health?wait_for_status=yellow&timeout=30s" >/dev/null; do
          echo "waiting for Elasticsearch"; sleep 10
        done

        """;

    /// <summary>
    /// Rollover every <c>logRolloverDays</c> or at 50 GB per primary shard, so the shard count stays within
    /// <see cref="ElasticsearchShardBudget"/>; delete after the source's retention (days, from each environment's stack file).
    /// </summary>
    private static ObjectValue IlmPolicyDocument(Value retentionDays, int rolloverDays) => ObjectValue.Of(("policy", ObjectValue.Of(
        ("_meta", ObjectValue.Of(("managed_by", "observability"))),
        ("phases", ObjectValue.Of(
            ("hot", ObjectValue.Of(("actions", ObjectValue.Of(("rollover", ObjectValue.Of(("max_age", $"{rolloverDays}d"), ("max_primary_shard_size", "50gb"))))))),
            ("delete", ObjectValue.Of(
                ("min_age", InterpolatedValue.Of(retentionDays, new StringValue("d"))),
                ("actions", ObjectValue.Of(("delete", ObjectValue.Empty))))))))));

    /// <summary>
    /// The data stream's template: ILM policy, replicas, keyword environment and cluster, and Kubernetes
    /// labels as one flattened field (no mapping explosion, no dotted-key clashes).
    /// </summary>
    private static ObjectValue IndexTemplate(string stack, int replicas) => IndexTemplate([DataStream(stack), SelfDataStream(stack)], IlmPolicy(stack), replicas);

    /// <summary>The template for these data streams (an environment's, or a team's in it) with this ILM policy.</summary>
    private static ObjectValue IndexTemplate(IReadOnlyList<string> patterns, string policy, int replicas)
    {
        var keyword = ObjectValue.Of(("type", "keyword"));
        var labels = ObjectValue.Of(("properties", ObjectValue.Of(("labels", ObjectValue.Of(("type", "flattened"))))));
        // The application's JSON (Logstash parses it under [app]) as one flattened field: every leaf is a
        // keyword, so two services that log app.error as a string and as an object cannot conflict, and
        // their fields cannot grow the mapping.
        // ignore_above: a leaf longer than that many characters stays in _source but is not indexed, instead of
        // failing the whole document (Lucene refuses a term over 32766 bytes: a 400, then the quarantine).
        var app = ObjectValue.Of(("type", "flattened"), ("ignore_above", AppIgnoreAbove));
        var mappings = ObjectValue.Of(("properties", ObjectValue.Of(("environment", keyword), ("cluster", keyword), ("kubernetes", labels), (AppField, app))));
        return ObjectValue.Of(
            // The source's application logs and Fluent Bit's own: the same lifecycle and mappings.
            ("index_patterns", ListValue.Strings(patterns)),
            ("data_stream", ObjectValue.Empty),
            ("priority", 300),
            ("composed_of", ListValue.Of("logs@mappings", "logs@settings")),
            ("ignore_missing_component_templates", ListValue.Of("logs@custom")),
            ("template", ObjectValue.Of(
                ("settings", ObjectValue.Of(("index.lifecycle.name", policy), ("index.number_of_replicas", replicas))),
                ("mappings", mappings))),
            ("_meta", ObjectValue.Of(("managed_by", "observability"))));
    }

    private static ObjectValue JobPod() => ObjectValue.Of(
        ("restartPolicy", "OnFailure"),
        // It talks to Elasticsearch only, with its own credentials: no API token.
        ("automountServiceAccountToken", false),
        ("securityContext", ObjectValue.Of(("runAsNonRoot", true), ("runAsUser", 100), ("seccompProfile", ObjectValue.Of(("type", "RuntimeDefault"))))),
        ("containers", ListValue.Of(ObjectValue.Of(
            ("name", "setup"),
            ("image", Pins.CurlImage),
            ("command", ListValue.Of("/bin/sh", "/setup/setup.sh")),
            ("env", ListValue.Of(ObjectValue.Of(
                ("name", "ELASTIC_PASSWORD"),
                ("valueFrom", ObjectValue.Of(("secretKeyRef", ObjectValue.Of(("name", $"{Elasticsearch.ClusterName}-es-elastic-user"), ("key", "elastic")))))))),
            ("resources", KubernetesObjects.Resources("10m", "32Mi", "64Mi")),
            ("securityContext", KubernetesObjects.RestrictedContainerSecurity()),
            ("volumeMounts", ListValue.Of(
                ObjectValue.Of(("name", "setup"), ("mountPath", "/setup"), ("readOnly", true)),
                ObjectValue.Of(("name", "es-ca"), ("mountPath", "/es-ca"), ("readOnly", true)),
                ObjectValue.Of(("name", "kb-ca"), ("mountPath", "/kb-ca"), ("readOnly", true))))))),
        ("volumes", ListValue.Of(
            ObjectValue.Of(("name", "setup"), ("configMap", ObjectValue.Of(("name", Name)))),
            ObjectValue.Of(("name", "es-ca"), ("secret", ObjectValue.Of(("secretName", $"{Elasticsearch.ClusterName}-es-http-certs-public")))),
            ObjectValue.Of(("name", "kb-ca"), ("secret", ObjectValue.Of(("secretName", "kibana-kb-http-certs-public")))))));
}
