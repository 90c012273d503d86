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
/// never trust only a CA the brokers do not present yet. It fails while anything is behind, and
/// <see cref="Alert"/> fires when it has not succeeded for <see cref="StaleHours"/> hours
/// (docs/day-2-operations.md, "Kafka clients restart after a cluster CA renewal").
/// </summary>
public static class KafkaClientRestart
{
    public const string Name = "kafka-client-restart";

    /// <summary>The annotation this job records on each client's pod template.</summary>
    public const string RecordedAnnotation = "observability.platform/kafka-cluster-ca-cert-generation";

    /// <summary>Strimzi's annotation on the CA certificate Secret (Ca.ANNO_STRIMZI_IO_CA_CERT_GENERATION).</summary>
    public const string SecretAnnotation = "strimzi.io/ca-cert-generation";

    /// <summary>Strimzi's annotation on the broker pods: the cluster CA generation they were rolled with.</summary>
    public const string BrokerAnnotation = "strimzi.io/cluster-ca-cert-generation";

    /// <summary>Every ten minutes: a renewal is applied within the hour, far inside Strimzi's 30 renewal days.</summary>
    public const string Schedule = "*/10 * * * *";

    /// <summary>How long one run waits for a restarted client to finish rolling before it fails (seconds).</summary>
    public const int RolloutWaitSeconds = 480;

    public const string Alert = "KafkaClientsCaRestartStale";

    /// <summary>Hours without a successful run before <see cref="Alert"/>: long enough for a DaemonSet roll over a large cluster.</summary>
    public const int StaleHours = 3;

    /// <summary>The clients this stack runs, as the job's arguments: kind/name of the object to patch, and the workload that rolls.</summary>
    public static IReadOnlyList<(string Patch, string Workload, string TemplatePath)> Clients(StackRole role) =>
    [
        ($"daemonset/{FluentBit.ReleaseName}", $"daemonset/{FluentBit.ReleaseName}", "spec.template"),
        .. role == StackRole.Controlplane
            ? [($"logstash.logstash.k8s.elastic.co/{Logstash.Name}", $"statefulset/{Logstash.Name}-ls", "spec.podTemplate")]
            : Array.Empty<(string, string, string)>(),
    ];

    public static void Build(StackContext context, Resource cluster)
    {
        var settings = context.Settings;
        var ns = Namespaces.Logging;
        var clients = Clients(settings.Role);
        // Default-deny egress: the job reads the CA Secret and the brokers and patches the clients through the API server.
        context.AddEgress(NetworkEgress.ApiServer(ns, $"egress-{Name}", "the CA-renewal job reads the CA Secret and the brokers and restarts the Kafka clients",
            ("app.kubernetes.io/name", Name)));
        var script = context.Kubernetes(Kafka.ComponentName, $"{Name}-script", "kubernetes:core/v1:ConfigMap", ObjectValue.Of(
            ("metadata", StackContext.Metadata(Name, ns, "kafka")),
            ("data", ObjectValue.Of(("restart.sh", Script)))), false, context.Namespace(ns));
        var account = context.Kubernetes(Kafka.ComponentName, $"{Name}-account", "kubernetes:core/v1:ServiceAccount", ObjectValue.Of(
            ("metadata", StackContext.Metadata(Name, ns, "kafka"))), false, context.Namespace(ns));
        var role = context.Kubernetes(Kafka.ComponentName, $"{Name}-role", "kubernetes:rbac.authorization.k8s.io/v1:Role", ObjectValue.Of(
            ("metadata", StackContext.Metadata(Name, ns, "kafka")),
            ("rules", ListValue.Of(Rules(settings.Role)))), false, context.Namespace(ns));
        var binding = context.Kubernetes(Kafka.ComponentName, $"{Name}-binding", "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", ObjectValue.Of(
            ("metadata", StackContext.Metadata(Name, ns, "kafka")),
            ("roleRef", ObjectValue.Of(("apiGroup", "rbac.authorization.k8s.io"), ("kind", "Role"), ("name", Name))),
            ("subjects", ListValue.Of(ObjectValue.Of(("kind", "ServiceAccount"), ("name", Name), ("namespace", ns))))), false, role, account);

        var arguments = clients.SelectMany(c => new[] { c.Patch, c.Workload, c.TemplatePath }).ToList();
        var pod = ObjectValue.Of(
            ("metadata", ObjectValue.Of(("labels", ObjectValue.Of(("app.kubernetes.io/name", Name))))),
            ("spec", ObjectValue.Of(
                ("serviceAccountName", Name),
                // One try per schedule: the next run is the retry, and a failure is what the alert counts.
                ("restartPolicy", "Never"),
                ("securityContext", ObjectValue.Of(("runAsNonRoot", true), ("runAsUser", 65534), ("seccompProfile", ObjectValue.Of(("type", "RuntimeDefault"))))),
                ("containers", ListValue.Of(ObjectValue.Of(
                    ("name", "restart"),
                    ("image", Pins.KubectlImage),
                    ("command", ListValue.Strings(["/bin/sh", "/script/restart.sh", .. arguments])),
                    ("env", ListValue.Of(
                        ObjectValue.Of(("name", "NAMESPACE"), ("value", ns)),
                        ObjectValue.Of(("name", "CA_SECRET"), ("value", Kafka.ClusterCaSecret)),
                        ObjectValue.Of(("name", "KAFKA_CLUSTER"), ("value", Kafka.ClusterName)),
                        ObjectValue.Of(("name", "WAIT_SECONDS"), ("value", RolloutWaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))),
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
                    ("template", pod)))))))), false, script, binding, cluster);
    }

    /// <summary>
    /// Least privilege: read the one CA Secret, list pods (to read the brokers' generation; a label selector
    /// cannot be limited by name), and read and patch only the named clients.
    /// </summary>
    public static IReadOnlyList<ObjectValue> Rules(StackRole role)
    {
        var rules = new List<ObjectValue>
        {
            Rule("", "secrets", [Kafka.ClusterCaSecret], "get"),
            Rule("", "pods", [], "list"),
            Rule("apps", "daemonsets", [FluentBit.ReleaseName], "get", "patch"),
        };
        if (role == StackRole.Controlplane)
        {
            rules.Add(Rule("logstash.k8s.elastic.co", "logstashes", [Logstash.Name], "get", "patch"));
            rules.Add(Rule("apps", "statefulsets", [$"{Logstash.Name}-ls"], "get"));
        }

        return rules;
    }

    private static ObjectValue Rule(string group, string resource, IReadOnlyList<string> names, params string[] verbs) => ObjectValue.Of(
        ("apiGroups", ListValue.Strings([group])),
        ("resources", ListValue.Strings([resource])),
        ("resourceNames", names.Count == 0 ? null : ListValue.Strings(names)),
        ("verbs", ListValue.Strings(verbs)));

    /// <summary>
    /// Arguments: triples of (object to patch, workload that rolls, path of its pod template). Exit 0 only when
    /// every broker and every client runs the Secret's generation; otherwise exit 1 and the next run continues.
    /// </summary>
    public const string Script = """
        #!/bin/sh
        # Restarts Kafka clients after Strimzi renewed or replaced the cluster CA (docs/day-2-operations.md).
        set -eu
        ann='observability.platform/kafka-cluster-ca-cert-generation'
        jp_ann='observability\.platform/kafka-cluster-ca-cert-generation'
        gen=$(kubectl -n "$NAMESPACE" get secret "$CA_SECRET" -o jsonpath='{.metadata.annotations.strimzi\.io/ca-cert-generation}')
        case "$gen" in
          ''|*[!0-9]*) echo "secret $CA_SECRET has no numeric strimzi.io/ca-cert-generation ('$gen')"; exit 1 ;;
        esac
        echo "cluster CA certificate generation: $gen"
        brokers=$(kubectl -n "$NAMESPACE" get pods -l "strimzi.io/cluster=$KAFKA_CLUSTER,strimzi.io/broker-role=true" \
          -o jsonpath='{range .items[*]}{.metadata.name}={.metadata.annotations.strimzi\.io/cluster-ca-cert-generation}{"\n"}{end}')
        if [ -z "$brokers" ]; then echo "no broker pods of $KAFKA_CLUSTER"; exit 1; fi
        behind=$(printf '%s\n' "$brokers" | grep -v "=$gen\$" || true)
        if [ -n "$behind" ]; then
          echo "brokers not yet rolled to generation $gen (Strimzi rolls them): $behind"; exit 1
        fi
        # A workload has rolled when its controller saw the latest spec and every pod is updated and available.
        rolled() {
          case "$1" in
            daemonset/*) kubectl -n "$NAMESPACE" get "$1" -o jsonpath='{.metadata.generation} {.status.observedGeneration} {.status.desiredNumberScheduled} {.status.updatedNumberScheduled} {.status.numberAvailable}' ;;
            statefulset/*) kubectl -n "$NAMESPACE" get "$1" -o jsonpath='{.metadata.generation} {.status.observedGeneration} {.spec.replicas} {.status.updatedReplicas} {.status.availableReplicas}' ;;
          esac | awk '{ exit !($1 == $2 && $3 == $4 && $4 == $5) }'
        }
        failed=0
        while [ "$#" -ge 3 ]; do
          target="$1"; workload="$2"; template="$3"; shift 3
          recorded=$(kubectl -n "$NAMESPACE" get "$target" -o jsonpath="{.$template.metadata.annotations.$jp_ann}")
          if [ "$recorded" != "$gen" ]; then
            echo "$target runs generation '${recorded}', restarting for $gen"
            patch="{\"metadata\":{\"annotations\":{\"$ann\":\"$gen\"}}}"
            for part in $(echo "$template" | tr '.' ' ' | awk '{ for (i = NF; i > 0; i--) print $i }'); do
              patch="{\"$part\":$patch}"
            done
            kubectl -n "$NAMESPACE" patch "$target" --type merge -p "$patch"
          fi
          waited=0
          until workload_gen=$(kubectl -n "$NAMESPACE" get "$workload" -o jsonpath="{.spec.template.metadata.annotations.$jp_ann}") \
              && [ "$workload_gen" = "$gen" ] && rolled "$workload"; do
            if [ "$waited" -ge "$WAIT_SECONDS" ]; then echo "$workload has not finished rolling to generation $gen"; failed=1; break; fi
            sleep 15; waited=$((waited + 15))
          done
          [ "$waited" -ge "$WAIT_SECONDS" ] || echo "$workload runs generation $gen"
        done
        exit "$failed"

        """;
}
