using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Restarts the local Kafka's clients (Fluent Bit everywhere, Logstash on the controlplane) once Strimzi
/// has renewed or replaced the cluster CA certificate: both load the CA file only when their Kafka client
/// starts. A CronJob compares the CA Secret's <c>strimzi.io/ca-cert-generation</c> (Strimzi increments it on
/// every renewal and key replacement) with the generation recorded on each client's pod template, and
/// patches the template, which is the rolling restart. It waits until every broker carries the new
/// generation (<c>strimzi.io/cluster-ca-cert-generation</c>), so that after a key replacement the clients
/// never trust only a CA the brokers do not present yet. Fluent Bit runs in node-agents, where Strimzi
/// writes nothing: before restarting it, the job copies the CA certificate (public, <c>ca.crt</c> only) into
/// <see cref="Kafka.ClientCaSecret"/> there, and a Job run by the deployment makes the first copy, so Fluent
/// Bit's first start waits for Strimzi's CA and not for the schedule. It fails while anything is behind, and
/// <see cref="Alert"/> fires when it has not succeeded for <see cref="StaleHours"/> hours
/// (docs/day-2-operations.md, "Kafka clients restart after a cluster CA renewal").
/// </summary>
public static class KafkaClientRestart
{
    public const string Name = "kafka-client-restart";

    /// <summary>The Job of the first deployment that makes the first copy of the CA certificate in node-agents.</summary>
    public const string SeedName = "kafka-ca-seed";

    /// <summary>The annotation this job records on each client's pod template and on the CA copy.</summary>
    public const string RecordedAnnotation = "observability.platform/kafka-cluster-ca-cert-generation";

    /// <summary>Strimzi's annotation on the CA certificate Secret (Ca.ANNO_STRIMZI_IO_CA_CERT_GENERATION).</summary>
    public const string SecretAnnotation = "strimzi.io/ca-cert-generation";

    /// <summary>Strimzi's annotation on the broker pods: the cluster CA generation they were rolled with.</summary>
    public const string BrokerAnnotation = "strimzi.io/cluster-ca-cert-generation";

    /// <summary>Every ten minutes: a renewal is applied within the hour, far inside Strimzi's 30 renewal days.</summary>
    public const string Schedule = "*/10 * * * *";

    /// <summary>How long one run waits for a restarted client to finish rolling before it fails (seconds).</summary>
    public const int RolloutWaitSeconds = 480;

    /// <summary>How long the first copy waits for Strimzi to create the cluster CA (seconds): the operator's first reconciliation.</summary>
    public const int SeedWaitSeconds = 900;

    public const string Alert = "KafkaClientsCaRestartStale";

    /// <summary>Hours without a successful run before <see cref="Alert"/>: long enough for a DaemonSet roll over a large cluster.</summary>
    public const int StaleHours = 3;

    /// <summary>
    /// The clients this stack runs, as the job's arguments: their namespace, kind/name of the object to patch, the
    /// workload that rolls, and the path of its pod template.
    /// </summary>
    public static IReadOnlyList<(string Namespace, string Patch, string Workload, string TemplatePath)> Clients(StackRole role) =>
    [
        (Namespaces.NodeAgents, $"daemonset/{FluentBit.ReleaseName}", $"daemonset/{FluentBit.ReleaseName}", "spec.template"),
        .. role == StackRole.Controlplane
            ? [(Namespaces.Logging, $"logstash.logstash.k8s.elastic.co/{Logstash.Name}", $"statefulset/{Logstash.Name}-ls", "spec.podTemplate")]
            : Array.Empty<(string, string, string, string)>(),
    ];

    /// <summary>Declares the CronJob, its RBAC, the CA copy in node-agents and the Job making the first copy (returned).</summary>
    public static Resource Build(StackContext context, Resource cluster)
    {
        var settings = context.Settings;
        var ns = Namespaces.Logging;
        var clients = Clients(settings.Role);
        // Default-deny egress: the jobs read the CA Secret and the brokers, copy the CA and patch the clients through the API server.
        context.AddEgress(NetworkEgress.ApiServer(ns, $"egress-{Name}", "the CA-renewal job reads the CA Secret and the brokers, copies the CA certificate to node-agents and restarts the Kafka clients",
            ("app.kubernetes.io/name", Name)));
        context.AddEgress(NetworkEgress.ApiServer(ns, $"egress-{SeedName}", "the first deployment's job copies the CA certificate to node-agents once Strimzi has made it",
            ("app.kubernetes.io/name", SeedName)));
        var script = context.Kubernetes(Kafka.ComponentName, $"{Name}-script", "kubernetes:core/v1:ConfigMap", ObjectValue.Of(
            ("metadata", StackContext.Metadata(Name, ns, "kafka")),
            ("data", ObjectValue.Of(("restart.sh", Script), ("seed.sh", SeedScript)))), false, context.Namespace(ns));
        var account = context.Kubernetes(Kafka.ComponentName, $"{Name}-account", "kubernetes:core/v1:ServiceAccount", ObjectValue.Of(
            ("metadata", StackContext.Metadata(Name, ns, "kafka"))), false, context.Namespace(ns));

        // The copy exists before the jobs run, empty: RBAC cannot limit create to a name, so the jobs only patch it.
        // The data is the jobs' (kubectl's field manager); the program never sets it.
        var copy = context.Kubernetes(Kafka.ComponentName, $"{Kafka.ClientCaSecret}-secret", "kubernetes:core/v1:Secret", ObjectValue.Of(
            ("metadata", StackContext.Metadata(Kafka.ClientCaSecret, Namespaces.NodeAgents, "kafka")),
            ("type", "Opaque")), false, context.Namespace(Namespaces.NodeAgents));
        copy.Options.IgnoreChanges.Add("data");

        var bindings = new List<Resource>();
        foreach (var (roleNamespace, rules) in Rules(settings.Role))
        {
            var role = context.Kubernetes(Kafka.ComponentName, roleNamespace == ns ? $"{Name}-role" : $"{Name}-role-{roleNamespace}", "kubernetes:rbac.authorization.k8s.io/v1:Role", ObjectValue.Of(
                ("metadata", StackContext.Metadata(Name, roleNamespace, "kafka")),
                ("rules", ListValue.Of(rules))), false, context.Namespace(roleNamespace));
            bindings.Add(context.Kubernetes(Kafka.ComponentName, roleNamespace == ns ? $"{Name}-binding" : $"{Name}-binding-{roleNamespace}", "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", ObjectValue.Of(
                ("metadata", StackContext.Metadata(Name, roleNamespace, "kafka")),
                ("roleRef", ObjectValue.Of(("apiGroup", "rbac.authorization.k8s.io"), ("kind", "Role"), ("name", Name))),
                ("subjects", ListValue.Of(ObjectValue.Of(("kind", "ServiceAccount"), ("name", Name), ("namespace", ns))))), false, role, account));
        }

        // The jobs' writes are bounded by an admission policy before either job runs.
        var policy = PatchPolicy(context);
        var arguments = clients.SelectMany(c => new[] { c.Namespace, c.Patch, c.Workload, c.TemplatePath }).ToList();
        ObjectValue Pod(string label, string file, IReadOnlyList<string> args, int waitSeconds) => ObjectValue.Of(
            ("metadata", ObjectValue.Of(("labels", ObjectValue.Of(("app.kubernetes.io/name", label))))),
            ("spec", ObjectValue.Of(
                ("serviceAccountName", Name),
                // One try per schedule: the next run is the retry, and a failure is what the alert counts.
                ("restartPolicy", "Never"),
                ("securityContext", ObjectValue.Of(("runAsNonRoot", true), ("runAsUser", 65534), ("seccompProfile", ObjectValue.Of(("type", "RuntimeDefault"))))),
                ("containers", ListValue.Of(ObjectValue.Of(
                    ("name", Path.GetFileNameWithoutExtension(file)),
                    ("image", Pins.KubectlImage),
                    ("command", ListValue.Strings(["/bin/sh", $"/script/{file}", .. args])),
                    ("env", ListValue.Of(
                        ObjectValue.Of(("name", "NAMESPACE"), ("value", ns)),
                        ObjectValue.Of(("name", "CA_SECRET"), ("value", Kafka.ClusterCaSecret)),
                        ObjectValue.Of(("name", "COPY_NAMESPACE"), ("value", Namespaces.NodeAgents)),
                        ObjectValue.Of(("name", "COPY_SECRET"), ("value", Kafka.ClientCaSecret)),
                        ObjectValue.Of(("name", "KAFKA_CLUSTER"), ("value", Kafka.ClusterName)),
                        ObjectValue.Of(("name", "WAIT_SECONDS"), ("value", waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                        // kubectl writes its discovery cache under $HOME; the root filesystem is read-only.
                        ObjectValue.Of(("name", "HOME"), ("value", "/tmp")))),
                    ("resources", KubernetesObjects.Resources("10m", "32Mi", "96Mi")),
                    ("securityContext", KubernetesObjects.RestrictedContainerSecurity()),
                    ("volumeMounts", ListValue.Of(
                        ObjectValue.Of(("name", "script"), ("mountPath", "/script"), ("readOnly", true)),
                        ObjectValue.Of(("name", "tmp"), ("mountPath", "/tmp"))))))),
                ("volumes", ListValue.Of(
                    ObjectValue.Of(("name", "script"), ("configMap", ObjectValue.Of(("name", Name)))),
                    ObjectValue.Of(("name", "tmp"), ("emptyDir", ObjectValue.Of(("sizeLimit", "16Mi")))))))));
        context.Kubernetes(Kafka.ComponentName, Name, "kubernetes:batch/v1:CronJob", ObjectValue.Of(
            ("metadata", StackContext.Metadata(Name, ns, "kafka")),
            ("spec", ObjectValue.Of(
                ("schedule", Schedule),
                ("concurrencyPolicy", "Forbid"),
                ("successfulJobsHistoryLimit", 1),
                ("failedJobsHistoryLimit", 3),
                ("jobTemplate", ObjectValue.Of(("spec", ObjectValue.Of(
                    ("backoffLimit", 0),
                    ("activeDeadlineSeconds", (2 * RolloutWaitSeconds) + 60),
                    ("template", Pod(Name, "restart.sh", arguments, RolloutWaitSeconds))))))))), false, [script, copy, .. bindings, cluster, policy]);

        // The deployment waits for this Job (Pulumi awaits a Job's completion), and Fluent Bit for the deployment's Job.
        var seed = context.Kubernetes(Kafka.ComponentName, SeedName, "kubernetes:batch/v1:Job", ObjectValue.Of(
            ("metadata", StackContext.Metadata(SeedName, ns, "kafka")),
            ("spec", ObjectValue.Of(
                ("backoffLimit", 2),
                ("activeDeadlineSeconds", SeedWaitSeconds + 120),
                ("template", Pod(SeedName, "seed.sh", [], SeedWaitSeconds))))), false, [script, copy, .. bindings, cluster, policy]);
        seed.Options.CustomTimeout = "20m";
        // A fixed name: a changed Job is deleted before its replacement is created.
        seed.Options.DeleteBeforeReplace = true;
        return seed;
    }

    /// <summary>Name of the admission policy (and its binding) that bounds what the jobs' patches may change.</summary>
    public const string PolicyName = "observability-kafka-client-restart";

    /// <summary>The user name the API server gives the jobs' service account.</summary>
    public static string ServiceAccountUser => $"system:serviceaccount:{Namespaces.Logging}:{Name}";

    /// <summary>
    /// What a write of the jobs may change, per resource (CEL over <c>object</c> and <c>oldObject</c>; maps compared
    /// key by key, typed objects field by field): of a client's
    /// workload (Fluent Bit's DaemonSet, the Logstash resource) only the generation annotation of its pod template; of
    /// the CA copy only that annotation and <c>ca.crt</c>. RBAC limits the verb and the name, not the fields: with
    /// <c>patch</c> alone the token could change Fluent Bit's image or host paths (root on every node) or Logstash's pods.
    /// </summary>
    public static IReadOnlyList<(string Resource, string Expression)> PatchRules =>
    [
        ("daemonsets", OnlyTemplateAnnotation("template", DaemonSetSpecFields)),
        ("logstashes", OnlyTemplateAnnotation("podTemplate", LogstashSpecFields)),
        ("secrets", string.Join(" && ",
            Equal("object.type", "oldObject.type"),
            Same("object.data", "oldObject.data", "ca.crt"),
            Same("object.metadata.annotations", "oldObject.metadata.annotations", RecordedAnnotation),
            Same("object.metadata.labels", "oldObject.metadata.labels", null))),
    ];

    /// <summary>apps/v1 DaemonSetSpec's fields but the pod template (a typed object: CEL compares it field by field, it cannot iterate it).</summary>
    public static IReadOnlyList<string> DaemonSetSpecFields { get; } = ["minReadySeconds", "revisionHistoryLimit", "selector", "updateStrategy"];

    /// <summary>The pinned Logstash CRD's (v1alpha1) spec fields but podTemplate (a test compares the list with ../shared/crds).</summary>
    public static IReadOnlyList<string> LogstashSpecFields { get; } =
        ["config", "configRef", "count", "elasticsearchRefs", "image", "monitoring", "pipelines", "pipelinesRef", "resources", "revisionHistoryLimit",
         "secureSettings", "serviceAccountName", "services", "updateStrategy", "version", "volumeClaimTemplates"];

    /// <summary>
    /// Every spec field unchanged, the pod template's spec and labels unchanged, its annotations unchanged but the
    /// generation annotation; the object's own labels and annotations unchanged.
    /// </summary>
    private static string OnlyTemplateAnnotation(string template, IReadOnlyList<string> specFields) => string.Join(" && ", [
        .. specFields.Select(f => Equal($"object.spec.{f}", $"oldObject.spec.{f}")),
        Equal($"object.spec.{template}.spec", $"oldObject.spec.{template}.spec"),
        Same($"object.spec.{template}.metadata.labels", $"oldObject.spec.{template}.metadata.labels", null),
        Same($"object.spec.{template}.metadata.annotations", $"oldObject.spec.{template}.metadata.annotations", RecordedAnnotation),
        Same("object.metadata.annotations", "oldObject.metadata.annotations", null),
        Same("object.metadata.labels", "oldObject.metadata.labels", null)]);

    /// <summary>A field is present in both or neither, and equal when present.</summary>
    private static string Equal(string next, string previous) =>
        $"({Present(next)}) == ({Present(previous)}) && (!({Present(next)}) || {next} == {previous})";

    /// <summary>
    /// Two maps (an absent one is empty) hold the same keys and values, but for <paramref name="except"/>: every key of
    /// the new one but that is in the old with the same value, and every key of the old one but that is in the new.
    /// </summary>
    private static string Same(string next, string previous, string? except)
    {
        var skip = except is null ? string.Empty : $"k == '{except}' || ";
        return $"(!({Present(next)}) || {next}.all(k, {skip}(({Present(previous)}) && k in {previous} && {previous}[k] == {next}[k])))"
            + $" && (!({Present(previous)}) || {previous}.all(k, {skip}(({Present(next)}) && k in {next})))";
    }

    /// <summary>Every step of a field path is present (has() of each, outermost first; CEL's && absorbs the error of a missing parent).</summary>
    private static string Present(string path)
    {
        var parts = path.Split('.');
        return string.Join(" && ", Enumerable.Range(2, parts.Length - 1).Select(n => $"has({string.Join('.', parts.Take(n))})"));
    }

    /// <summary>The policy over the jobs' writes (their user only), bound everywhere: ValidatingAdmissionPolicy, GA in Kubernetes 1.30.</summary>
    private static Resource PatchPolicy(StackContext context)
    {
        var label = ObjectValue.Of(("app.kubernetes.io/part-of", "observability"));
        return context.Kubernetes(Kafka.ComponentName, $"{Name}-patch-policy", "kubernetes:yaml/v2:ConfigGroup", ObjectValue.Of(("objs", ListValue.Of(
            ObjectValue.Of(
                ("apiVersion", "admissionregistration.k8s.io/v1"),
                ("kind", "ValidatingAdmissionPolicy"),
                ("metadata", ObjectValue.Of(("name", PolicyName), ("labels", label))),
                ("spec", ObjectValue.Of(
                    ("failurePolicy", "Fail"),
                    ("matchConstraints", ObjectValue.Of(("resourceRules", ListValue.Of(ObjectValue.Of(
                        ("apiGroups", ListValue.Strings(["", "apps", "logstash.k8s.elastic.co"])),
                        ("apiVersions", ListValue.Strings(["*"])),
                        ("operations", ListValue.Strings(["CREATE", "UPDATE", "DELETE"])),
                        ("resources", ListValue.Strings([.. PatchRules.Select(r => r.Resource)]))))))),
                    ("matchConditions", ListValue.Of(ObjectValue.Of(("name", "kafka-client-restart-job"), ("expression", $"request.userInfo.username == '{ServiceAccountUser}'")))),
                    ("validations", ListValue.Of(PatchRules.Select(r => (Value)ObjectValue.Of(
                        ("expression", $"request.resource.resource != '{r.Resource}' || (request.operation == 'UPDATE' && {r.Expression})"),
                        ("message", $"the Kafka CA-renewal job may change only the {RecordedAnnotation} annotation of a client's pod template and the CA copy's ca.crt (docs/day-2-operations.md)"),
                        ("reason", "Forbidden")))))))),
            ObjectValue.Of(
                ("apiVersion", "admissionregistration.k8s.io/v1"),
                ("kind", "ValidatingAdmissionPolicyBinding"),
                ("metadata", ObjectValue.Of(("name", PolicyName), ("labels", label))),
                ("spec", ObjectValue.Of(
                    ("policyName", PolicyName),
                    ("validationActions", ListValue.Strings(["Deny"])))))))));
    }

    /// <summary>
    /// Least privilege, per namespace. logging: read the one CA Secret, list pods (to read the brokers'
    /// generation; a label selector cannot be limited by name), on the controlplane read and patch Logstash.
    /// node-agents: read and patch the CA copy and Fluent Bit's DaemonSet, by name. No create, no delete.
    /// </summary>
    public static IReadOnlyList<(string Namespace, IReadOnlyList<ObjectValue> Rules)> Rules(StackRole role)
    {
        var logging = new List<ObjectValue>
        {
            Rule("", "secrets", [Kafka.ClusterCaSecret], "get"),
            Rule("", "pods", [], "list"),
        };
        if (role == StackRole.Controlplane)
        {
            logging.Add(Rule("logstash.k8s.elastic.co", "logstashes", [Logstash.Name], "get", "patch"));
            logging.Add(Rule("apps", "statefulsets", [$"{Logstash.Name}-ls"], "get"));
        }

        return
        [
            (Namespaces.Logging, logging),
            (Namespaces.NodeAgents, [
                Rule("", "secrets", [Kafka.ClientCaSecret], "get", "patch"),
                Rule("apps", "daemonsets", [FluentBit.ReleaseName], "get", "patch"),
            ]),
        ];
    }

    private static ObjectValue Rule(string group, string resource, IReadOnlyList<string> names, params string[] verbs) => ObjectValue.Of(
        ("apiGroups", ListValue.Strings([group])),
        ("resources", ListValue.Strings([resource])),
        ("resourceNames", names.Count == 0 ? null : ListValue.Strings(names)),
        ("verbs", ListValue.Strings(verbs)));

    /// <summary>
    /// Arguments: quadruples of (namespace, object to patch, workload that rolls, path of its pod template). Once
    /// every broker runs the Secret's generation, the CA certificate of that generation is copied to node-agents
    /// (if the copy is older), then each client is restarted. Exit 0 only when every broker and every client runs
    /// the Secret's generation; otherwise exit 1 and the next run continues.
    /// </summary>
    public const string Script = """
        #!/bin/sh
        # Restarts Kafka clients after Strimzi renewed or replaced the cluster CA (docs/day-2-operations.md).
        set -eu
        ann='observability.platform/kafka-cluster-ca-cert-generation'
        jp_ann='observability\.platform/kafka-cluster-ca-cert-generation'
        # One read, so the certificate copied below is the one of this generation.
        secret=$(kubectl -n "$NAMESPACE" get "secret/$CA_SECRET" -o jsonpath='{.metadata.annotations.strimzi\.io/ca-cert-generation} {.data.ca\.crt}')
        gen=${secret%% *}
        ca=${secret#* }
        case "$gen" in
          ''|*[!0-9]*) echo "secret $CA_SECRET has no numeric strimzi.io/ca-cert-generation ('$gen')"; exit 1 ;;
        esac
        if [ -z "$ca" ]; then echo "secret $CA_SECRET has no ca.crt"; exit 1; fi
        echo "cluster CA certificate generation: $gen"
        brokers=$(kubectl -n "$NAMESPACE" get pods -l "strimzi.io/cluster=$KAFKA_CLUSTER,strimzi.io/broker-role=true" \
          -o jsonpath='{range .items[*]}{.metadata.name}={.metadata.annotations.strimzi\.io/cluster-ca-cert-generation}{"\n"}{end}')
        if [ -z "$brokers" ]; then echo "no broker pods of $KAFKA_CLUSTER"; exit 1; fi
        behind=$(printf '%s\n' "$brokers" | grep -v "=$gen\$" || true)
        if [ -n "$behind" ]; then
          echo "brokers not yet rolled to generation $gen (Strimzi rolls them): $behind"; exit 1
        fi
        # The copy Fluent Bit mounts in node-agents (the public certificate only), before Fluent Bit restarts.
        copied=$(kubectl -n "$COPY_NAMESPACE" get "secret/$COPY_SECRET" -o jsonpath="{.metadata.annotations.$jp_ann}")
        if [ "$copied" != "$gen" ]; then
          echo "copying generation $gen of the CA certificate to $COPY_NAMESPACE/$COPY_SECRET (it had '${copied}')"
          kubectl -n "$COPY_NAMESPACE" patch "secret/$COPY_SECRET" --type merge \
            -p "{\"metadata\":{\"annotations\":{\"$ann\":\"$gen\"}},\"data\":{\"ca.crt\":\"$ca\"}}"
        fi
        # A workload has rolled when its controller saw the latest spec and every pod is updated and available.
        rolled() {
          case "$2" in
            daemonset/*) kubectl -n "$1" get "$2" -o jsonpath='{.metadata.generation} {.status.observedGeneration} {.status.desiredNumberScheduled} {.status.updatedNumberScheduled} {.status.numberAvailable}' ;;
            statefulset/*) kubectl -n "$1" get "$2" -o jsonpath='{.metadata.generation} {.status.observedGeneration} {.spec.replicas} {.status.updatedReplicas} {.status.availableReplicas}' ;;
          esac | awk '{ exit !($1 == $2 && $3 == $4 && $4 == $5) }'
        }
        failed=0
        while [ "$#" -ge 4 ]; do
          ns="$1"; target="$2"; workload="$3"; template="$4"; shift 4
          recorded=$(kubectl -n "$ns" get "$target" -o jsonpath="{.$template.metadata.annotations.$jp_ann}")
          if [ "$recorded" != "$gen" ]; then
            echo "$ns/$target runs generation '${recorded}', restarting for $gen"
            patch="{\"metadata\":{\"annotations\":{\"$ann\":\"$gen\"}}}"
            for part in $(echo "$template" | tr '.' ' ' | awk '{ for (i = NF; i > 0; i--) print $i }'); do
              patch="{\"$part\":$patch}"
            done
            kubectl -n "$ns" patch "$target" --type merge -p "$patch"
          fi
          waited=0
          until workload_gen=$(kubectl -n "$ns" get "$workload" -o jsonpath="{.spec.template.metadata.annotations.$jp_ann}") \
              && [ "$workload_gen" = "$gen" ] && rolled "$ns" "$workload"; do
            if [ "$waited" -ge "$WAIT_SECONDS" ]; then echo "$ns/$workload has not finished rolling to generation $gen"; failed=1; break; fi
            sleep 15; waited=$((waited + 15))
          done
          [ "$waited" -ge "$WAIT_SECONDS" ] || echo "$ns/$workload runs generation $gen"
        done
        exit "$failed"

        """;

    /// <summary>
    /// The first copy of the CA certificate into node-agents, run once by the deployment: waits for Strimzi to make
    /// the CA, copies it if the copy is still empty, and leaves a filled copy to <see cref="Script"/> (which copies a
    /// new generation only once the brokers present it).
    /// </summary>
    public const string SeedScript = """
        #!/bin/sh
        # First copy of the Kafka cluster CA certificate into node-agents, so Fluent Bit can start (docs/design-notes.md, Namespaces).
        set -eu
        ann='observability.platform/kafka-cluster-ca-cert-generation'
        copied=$(kubectl -n "$COPY_NAMESPACE" get "secret/$COPY_SECRET" -o jsonpath='{.data.ca\.crt}')
        if [ -n "$copied" ]; then echo "$COPY_NAMESPACE/$COPY_SECRET already holds a CA certificate; $NAMESPACE/kafka-client-restart keeps it current"; exit 0; fi
        waited=0
        while :; do
          secret=$(kubectl -n "$NAMESPACE" get "secret/$CA_SECRET" -o jsonpath='{.metadata.annotations.strimzi\.io/ca-cert-generation} {.data.ca\.crt}' || true)
          gen=${secret%% *}
          ca=${secret#* }
          case "$gen" in
            ''|*[!0-9]*) ;;
            *) if [ -n "$ca" ]; then break; fi ;;
          esac
          if [ "$waited" -ge "$WAIT_SECONDS" ]; then
            echo "no CA certificate in $NAMESPACE/$CA_SECRET after $WAIT_SECONDS s: is the Strimzi operator reconciling the Kafka cluster $KAFKA_CLUSTER?"; exit 1
          fi
          sleep 10; waited=$((waited + 10))
        done
        kubectl -n "$COPY_NAMESPACE" patch "secret/$COPY_SECRET" --type merge \
          -p "{\"metadata\":{\"annotations\":{\"$ann\":\"$gen\"}},\"data\":{\"ca.crt\":\"$ca\"}}"
        echo "copied generation $gen of the CA certificate to $COPY_NAMESPACE/$COPY_SECRET"

        """;
}
