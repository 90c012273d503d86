using System.Diagnostics;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Logs;

/// <summary>
/// The CronJob that restarts the Kafka clients after a Strimzi cluster CA renewal: its RBAC is least
/// privilege and names exactly the clients it patches (every stack), and its script, as rendered, is run
/// with the real kubectl against local objects: kubectl evaluates every JSONPath and merge patch the script
/// sends (<c>kubectl patch --local</c>), a small fake stands in for the API server (reads and writes the
/// objects' files, and copies the Logstash CR's pod template to its StatefulSet as ECK would). What this does
/// not prove: that the API server accepts the Role's narrow verbs for these calls, and Strimzi's and the
/// controllers' real behaviour (the objects' status is set by the test).
/// </summary>
public sealed class KafkaClientRestartTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void TheJobPatchesOnlyTheClientsItNamesAndReadsOnlyTheCaSecret(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var role = Assert.Single(compiled.Graph.Resources, r => r.Type == "kubernetes:rbac.authorization.k8s.io/v1:Role" && Text(r.Properties.At("metadata.name")) == KafkaClientRestart.Name);
        var rules = ((ListValue)role.Properties["rules"]!).Items.Cast<ObjectValue>().ToList();
        foreach (var rule in rules)
        {
            var verbs = Strings(rule["verbs"]);
            Assert.DoesNotContain("*", verbs);
            Assert.DoesNotContain("*", Strings(rule["resources"]));
            Assert.DoesNotContain("delete", verbs);
            Assert.DoesNotContain("create", verbs);
            // Anything it may change or any Secret it may read is named.
            if (verbs.Contains("patch") || Strings(rule["resources"]).Contains("secrets"))
            {
                Assert.NotEmpty(Strings(rule["resourceNames"]));
            }
        }

        Assert.Equal([Infra.Components.Kafka.ClusterCaSecret], rules.Where(r => Strings(r["resources"]).Contains("secrets")).SelectMany(r => Strings(r["resourceNames"])));
        var patched = rules.Where(r => Strings(r["verbs"]).Contains("patch")).SelectMany(r => Strings(r["resourceNames"])).Order(StringComparer.Ordinal).ToList();

        var cronJob = Assert.Single(compiled.Graph.Resources, r => r.Type == "kubernetes:batch/v1:CronJob" && Text(r.Properties.At("metadata.name")) == KafkaClientRestart.Name);
        Assert.Equal(Namespaces.Logging, Text(cronJob.Properties.At("metadata.namespace")));
        var container = (ObjectValue)((ListValue)cronJob.Properties.At("spec.jobTemplate.spec.template.spec.containers")!).Items.Single();
        var arguments = Strings(container["command"]).Skip(2).ToList();
        Assert.Equal(0, arguments.Count % 3);
        var targets = arguments.Where((_, i) => i % 3 == 0).Select(a => a[(a.IndexOf('/', StringComparison.Ordinal) + 1)..]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(patched, targets);

        // Fluent Bit runs on every stack; Logstash reads the local Kafka only on the controlplane.
        Assert.Contains(FluentBit.ReleaseName, targets);
        Assert.Equal(Stacks.RoleOf(stack) == StackRole.Controlplane, targets.Contains(Logstash.Name));
    }

    [ToolFact("kubectl jq", "kubernetes-client jq")]
    public void AfterARenewalItRestartsEveryClientOnceTheBrokersHaveRolled()
    {
        using var cluster = new FakeCluster(ControlplaneScript());
        cluster.Secret(generation: 4);
        cluster.Brokers(4, 4, 4);
        cluster.Clients(recorded: "3", rolled: true);

        var (exit, output) = cluster.Run();

        Assert.True(exit == 0, output);
        Assert.Equal("4", cluster.Read("daemonset_fluent-bit", "{.spec.template.metadata.annotations.observability\\.platform/kafka-cluster-ca-cert-generation}"));
        Assert.Equal("4", cluster.Read("logstash.logstash.k8s.elastic.co_logstash", "{.spec.podTemplate.metadata.annotations.observability\\.platform/kafka-cluster-ca-cert-generation}"));
        // The rest of the template is kept (a merge patch, not a replacement).
        Assert.Equal("fluent-bit", cluster.Read("daemonset_fluent-bit", "{.spec.template.metadata.labels.app}"));
        Assert.Equal(2, cluster.Calls.Count(c => c.Contains(" patch ", StringComparison.Ordinal)));
        Assert.Contains(cluster.Calls, c => c.Contains("strimzi.io/broker-role=true", StringComparison.Ordinal));
    }

    [ToolFact("kubectl jq", "kubernetes-client jq")]
    public void ItWaitsForTheBrokersAndFails()
    {
        using var cluster = new FakeCluster(ControlplaneScript());
        cluster.Secret(generation: 4);
        cluster.Brokers(4, 3, 4);
        cluster.Clients(recorded: "3", rolled: true);

        var (exit, output) = cluster.Run();

        Assert.NotEqual(0, exit);
        Assert.Contains("logs-brokers-1=3", output, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Calls, c => c.Contains(" patch ", StringComparison.Ordinal));
    }

    [ToolFact("kubectl jq", "kubernetes-client jq")]
    public void UpToDateClientsAreNotRestarted()
    {
        using var cluster = new FakeCluster(ControlplaneScript());
        cluster.Secret(generation: 4);
        cluster.Brokers(4, 4, 4);
        cluster.Clients(recorded: "4", rolled: true);

        var (exit, output) = cluster.Run();

        Assert.True(exit == 0, output);
        Assert.DoesNotContain(cluster.Calls, c => c.Contains(" patch ", StringComparison.Ordinal));
    }

    [ToolFact("kubectl jq", "kubernetes-client jq")]
    public void AClientThatHasNotFinishedRollingFailsTheRun()
    {
        using var cluster = new FakeCluster(ControlplaneScript());
        cluster.Secret(generation: 4);
        cluster.Brokers(4, 4, 4);
        cluster.Clients(recorded: "4", rolled: false);

        var (exit, output) = cluster.Run();

        Assert.NotEqual(0, exit);
        Assert.Contains("has not finished rolling", output, StringComparison.Ordinal);
    }

    [ToolFact("kubectl jq", "kubernetes-client jq")]
    public void ASecretWithoutAGenerationFailsWithoutTouchingAnything()
    {
        using var cluster = new FakeCluster(ControlplaneScript());
        cluster.Secret(generation: null);
        cluster.Brokers(0);
        cluster.Clients(recorded: "", rolled: true);

        var (exit, output) = cluster.Run();

        Assert.NotEqual(0, exit);
        Assert.Contains("no numeric strimzi.io/ca-cert-generation", output, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Calls, c => c.Contains(" patch ", StringComparison.Ordinal));
    }

    /// <summary>The controlplane's rendered script and arguments (it restarts both clients).</summary>
    private static (string Script, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment) ControlplaneScript()
    {
        var compiled = Stacks.Compile(Stacks.Controlplane);
        var map = compiled.Graph.Resources.Single(r => r.Type == "kubernetes:core/v1:ConfigMap" && Text(r.Properties.At("metadata.name")) == KafkaClientRestart.Name);
        var cronJob = compiled.Graph.Resources.Single(r => r.Type == "kubernetes:batch/v1:CronJob" && Text(r.Properties.At("metadata.name")) == KafkaClientRestart.Name);
        var container = (ObjectValue)((ListValue)cronJob.Properties.At("spec.jobTemplate.spec.template.spec.containers")!).Items.Single();
        var environment = ((ListValue)container["env"]!).Items.Cast<ObjectValue>().ToDictionary(e => Text(e["name"]), e => Text(e["value"]));
        return (Text(((ObjectValue)map.Properties["data"]!)["restart.sh"]), Strings(container["command"]).Skip(2).ToList(), environment);
    }

    private static string Text(Value? value) => value is StringValue s ? s.Text : throw new InvalidOperationException($"not a string: {value}");

    private static List<string> Strings(Value? value) => value is ListValue list ? [.. list.Items.Select(Text)] : [];

    /// <summary>Objects as files; a fake kubectl that serves get and patch from them through the real kubectl's local mode.</summary>
    private sealed class FakeCluster : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("kafka-client-restart-").FullName;
        private readonly (string Script, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment) _job;

        public FakeCluster((string Script, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment) job)
        {
            _job = job;
            Directory.CreateDirectory(Path.Combine(_root, "state", "pods"));
            Directory.CreateDirectory(Path.Combine(_root, "bin"));
            File.WriteAllText(Path.Combine(_root, "restart.sh"), job.Script);
            var fake = Path.Combine(_root, "bin", "kubectl");
            File.WriteAllText(fake, Fake);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        public IReadOnlyList<string> Calls => File.Exists(Path.Combine(_root, "state", "calls")) ? File.ReadAllLines(Path.Combine(_root, "state", "calls")) : [];

        public void Secret(int? generation)
        {
            var annotations = generation is null ? "{}" : $"{{\"strimzi.io/ca-cert-generation\": \"{generation}\"}}";
            Write("secret_" + Infra.Components.Kafka.ClusterCaSecret, $$"""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: {{Infra.Components.Kafka.ClusterCaSecret}}
                  namespace: logging
                  annotations: {{annotations}}
                """);
        }

        public void Brokers(params int[] generations)
        {
            for (var i = 0; i < generations.Length; i++)
            {
                File.WriteAllText(Path.Combine(_root, "state", "pods", $"{i}.yaml"), $$"""
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: logs-brokers-{{i}}
                      namespace: logging
                      annotations: {"strimzi.io/cluster-ca-cert-generation": "{{generations[i]}}"}
                    """);
            }
        }

        public void Clients(string recorded, bool rolled)
        {
            var annotations = recorded.Length == 0 ? "{}" : $"{{\"observability.platform/kafka-cluster-ca-cert-generation\": \"{recorded}\"}}";
            var updated = rolled ? 3 : 2;
            Write("daemonset_fluent-bit", $$"""
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: fluent-bit, namespace: logging, generation: 7}
                spec:
                  template:
                    metadata: {labels: {app: fluent-bit}, annotations: {{annotations}}}
                status: {observedGeneration: 7, desiredNumberScheduled: 3, updatedNumberScheduled: {{updated}}, numberAvailable: 3}
                """);
            Write("logstash.logstash.k8s.elastic.co_logstash", $$"""
                apiVersion: logstash.k8s.elastic.co/v1alpha1
                kind: Logstash
                metadata: {name: logstash, namespace: logging}
                spec:
                  podTemplate:
                    metadata: {labels: {app: logstash}, annotations: {{annotations}}}
                """);
            Write("statefulset_logstash-ls", $$"""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: logstash-ls, namespace: logging, generation: 2}
                spec:
                  replicas: 3
                  template:
                    metadata: {labels: {app: logstash}, annotations: {{annotations}}}
                status: {observedGeneration: 2, updatedReplicas: 3, availableReplicas: 3}
                """);
        }

        public string Read(string file, string jsonPath)
        {
            var (exit, output) = Tools.Run("kubectl", new Dictionary<string, string> { ["KUBECONFIG"] = "/dev/null" },
                "patch", "--local", "-f", Path.Combine(_root, "state", file + ".yaml"), "--type", "merge", "-p", "{}", "-o", $"jsonpath={jsonPath}");
            Assert.True(exit == 0, output);
            return output.Trim();
        }

        public (int Exit, string Output) Run()
        {
            var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(_root, "restart.sh"));
            foreach (var argument in _job.Arguments)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (name, value) in _job.Environment)
            {
                start.Environment[name] = value;
            }

            // No waiting in a test: a client not rolled fails at once.
            start.Environment["WAIT_SECONDS"] = "0";
            start.Environment["HOME"] = _root;
            start.Environment["STATE"] = Path.Combine(_root, "state");
            start.Environment["REAL_KUBECTL"] = Tools.Find("kubectl")!;
            start.Environment["PATH"] = $"{Path.Combine(_root, "bin")}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(60_000), "the script did not finish within a minute");
            return (process.ExitCode, stdout.Result + stderr.Result);
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);

        private void Write(string name, string yaml) => File.WriteAllText(Path.Combine(_root, "state", name + ".yaml"), yaml);

        /// <summary>
        /// get and patch on files: the real kubectl evaluates the JSONPath and applies the merge patch
        /// (--local). A pod list is served pod by pod (the template's range over .items is applied per pod).
        /// </summary>
        private const string Fake = """
            #!/bin/sh
            set -eu
            echo " $*" >> "$STATE/calls"
            k() { KUBECONFIG=/dev/null "$REAL_KUBECTL" "$@"; }
            [ "$1" = "-n" ] && shift 2
            verb="$1"; shift
            case "$verb" in
              get)
                if [ "$1" = "pods" ]; then
                  template=$(printf '%s' "$5" | sed -e 's/^jsonpath=//' -e 's/{range \.items\[\*\]}//' -e 's/{end}$//')
                  for pod in "$STATE"/pods/*.yaml; do
                    [ -e "$pod" ] || continue
                    k patch --local -f "$pod" --type merge -p '{}' -o "jsonpath=$template"
                  done
                  exit 0
                fi
                if [ "$1" = "secret" ]; then file="secret_$2"; shift 2; else file=$(printf '%s' "$1" | tr '/' '_'); shift; fi
                [ "$1" = "-o" ] && shift
                k patch --local -f "$STATE/$file.yaml" --type merge -p '{}' -o "$1"
                ;;
              patch)
                file=$(printf '%s' "$1" | tr '/' '_'); patch="$5"
                k patch --local -f "$STATE/$file.yaml" --type merge -p "$patch" -o yaml > "$STATE/next.yaml"
                mv "$STATE/next.yaml" "$STATE/$file.yaml"
                # ECK copies the Logstash CR's pod template to its StatefulSet.
                case "$file" in
                  logstash.*) k patch --local -f "$STATE/statefulset_logstash-ls.yaml" --type merge \
                      -p "$(printf '%s' "$patch" | jq -c '{spec: {template: .spec.podTemplate}}')" -o yaml > "$STATE/next.yaml"
                    mv "$STATE/next.yaml" "$STATE/statefulset_logstash-ls.yaml" ;;
                esac
                ;;
              *) echo "fake kubectl: unexpected $verb" >&2; exit 2 ;;
            esac
            """;
    }
}
