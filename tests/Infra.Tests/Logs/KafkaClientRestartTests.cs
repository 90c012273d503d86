using System.Diagnostics;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Logs;

/// <summary>
/// The CronJob that restarts the Kafka clients after a Strimzi cluster CA renewal, and copies the CA
/// certificate into node-agents for Fluent Bit, and the Job making the first copy: their RBAC is least
/// privilege and names exactly the Secrets and clients they touch (every stack), and their scripts, as
/// rendered, are run with the real kubectl against local objects: kubectl evaluates every JSONPath and
/// merge patch the scripts send (<c>kubectl patch --local</c>), a small fake stands in for the API server
/// (reads and writes the objects' files per namespace, and copies the Logstash CR's pod template to its
/// StatefulSet as ECK would). What this does not prove: that the API server accepts the Roles' narrow
/// verbs for these calls, and Strimzi's and the controllers' real behaviour (the objects' status is set by the test).
/// </summary>
public sealed class KafkaClientRestartTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void TheJobsReadOnlyTheCaSecretAndWriteOnlyItsCopyAndTheClientsTheyName(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var roles = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:rbac.authorization.k8s.io/v1:Role" && Text(r.Properties.At("metadata.name")) == KafkaClientRestart.Name).ToList();
        Assert.Equal([Namespaces.Logging, Namespaces.NodeAgents], roles.Select(r => Text(r.Properties.At("metadata.namespace"))).Order(StringComparer.Ordinal));
        var rules = roles.SelectMany(r => ((ListValue)r.Properties["rules"]!).Items.Cast<ObjectValue>().Select(rule => (Namespace: Text(r.Properties.At("metadata.namespace")), Rule: rule))).ToList();
        foreach (var (_, rule) in rules)
        {
            var verbs = Strings(rule["verbs"]);
            Assert.DoesNotContain("*", verbs);
            Assert.DoesNotContain("*", Strings(rule["resources"]));
            Assert.DoesNotContain("delete", verbs);
            Assert.DoesNotContain("create", verbs);
            Assert.DoesNotContain("update", verbs);
            // Anything it may change or any Secret it may read is named.
            if (verbs.Contains("patch") || Strings(rule["resources"]).Contains("secrets"))
            {
                Assert.NotEmpty(Strings(rule["resourceNames"]));
            }
        }

        // Secrets: read Strimzi's CA certificate Secret in logging (not its key, not a KafkaUser's), write only the copy in node-agents.
        string[] SecretNames(string ns, string verb) => [.. rules.Where(r => r.Namespace == ns && Strings(r.Rule["resources"]).Contains("secrets") && Strings(r.Rule["verbs"]).Contains(verb))
            .SelectMany(r => Strings(r.Rule["resourceNames"])).Order(StringComparer.Ordinal)];
        Assert.Equal([Infra.Components.Kafka.ClusterCaSecret], SecretNames(Namespaces.Logging, "get"));
        Assert.Empty(SecretNames(Namespaces.Logging, "patch"));
        Assert.Equal([Infra.Components.Kafka.ClientCaSecret], SecretNames(Namespaces.NodeAgents, "patch"));
        Assert.Equal([Infra.Components.Kafka.ClientCaSecret], SecretNames(Namespaces.NodeAgents, "get"));
        var patched = rules.Where(r => Strings(r.Rule["verbs"]).Contains("patch") && !Strings(r.Rule["resources"]).Contains("secrets"))
            .SelectMany(r => Strings(r.Rule["resourceNames"]).Select(n => $"{r.Namespace}/{n}")).Order(StringComparer.Ordinal).ToList();

        var cronJob = Assert.Single(compiled.Graph.Resources, r => r.Type == "kubernetes:batch/v1:CronJob" && Text(r.Properties.At("metadata.name")) == KafkaClientRestart.Name);
        Assert.Equal(Namespaces.Logging, Text(cronJob.Properties.At("metadata.namespace")));
        var container = (ObjectValue)((ListValue)cronJob.Properties.At("spec.jobTemplate.spec.template.spec.containers")!).Items.Single();
        var arguments = Strings(container["command"]).Skip(2).ToList();
        Assert.Equal(0, arguments.Count % 4);
        var targets = arguments.Chunk(4).Select(a => $"{a[0]}/{a[1][(a[1].IndexOf('/', StringComparison.Ordinal) + 1)..]}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(patched, targets);

        // Fluent Bit runs on every stack, in node-agents; Logstash reads the local Kafka only on the controlplane.
        Assert.Contains($"{Namespaces.NodeAgents}/{FluentBit.ReleaseName}", targets);
        Assert.Equal(Stacks.RoleOf(stack) == StackRole.Controlplane, targets.Contains($"{Namespaces.Logging}/{Logstash.Name}"));

        // The copy the jobs patch is created (empty) by the program, and Fluent Bit starts after the first copy.
        var copy = Assert.Single(compiled.Graph.Resources, r => r.Type == "kubernetes:core/v1:Secret" && Text(r.Properties.At("metadata.name")) == Infra.Components.Kafka.ClientCaSecret);
        Assert.Equal(Namespaces.NodeAgents, Text(copy.Properties.At("metadata.namespace")));
        Assert.Null(copy.Properties["data"]);
        Assert.Null(copy.Properties["stringData"]);
        var seed = Assert.Single(compiled.Graph.Resources, r => r.Type == "kubernetes:batch/v1:Job" && Text(r.Properties.At("metadata.name")) == KafkaClientRestart.SeedName);
        Assert.Contains(copy, seed.Options.DependsOn);
        var fluentBit = Assert.Single(compiled.Graph.Resources, r => r.Type == "kubernetes:helm.sh/v4:Chart" && r.Component == FluentBit.ComponentName);
        Assert.Contains(seed, fluentBit.Options.DependsOn);
    }

    [ToolFact("kubectl jq", "kubernetes-client jq")]
    public void AfterARenewalItCopiesTheCaThenRestartsEveryClientOnceTheBrokersHaveRolled()
    {
        using var cluster = RestartJob(secret: (4, "renewed"), copy: (3, "old"), brokers: [4, 4, 4], recorded: "3", rolled: true);

        var (exit, output) = cluster.Run();

        Assert.True(exit == 0, output);
        Assert.Equal("renewed", cluster.CopiedCertificate());
        Assert.Equal("4", cluster.Read(Namespaces.NodeAgents, $"secret_{Infra.Components.Kafka.ClientCaSecret}", Annotation("metadata")));
        Assert.Equal("4", cluster.Read(Namespaces.NodeAgents, "daemonset_fluent-bit", Annotation("spec.template.metadata")));
        Assert.Equal("4", cluster.Read(Namespaces.Logging, "logstash.logstash.k8s.elastic.co_logstash", Annotation("spec.podTemplate.metadata")));
        // The rest of the template is kept (a merge patch, not a replacement).
        Assert.Equal("fluent-bit", cluster.Read(Namespaces.NodeAgents, "daemonset_fluent-bit", "{.spec.template.metadata.labels.app}"));
        var patches = cluster.Calls.Where(c => c.Contains(" patch ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, patches.Count);
        // The copy comes first: Fluent Bit's new pods mount the certificate of the new generation.
        Assert.Contains($"-n {Namespaces.NodeAgents} patch secret/{Infra.Components.Kafka.ClientCaSecret}", patches[0], StringComparison.Ordinal);
        Assert.Contains(patches, c => c.Contains($"-n {Namespaces.NodeAgents} patch daemonset/fluent-bit", StringComparison.Ordinal));
        Assert.Contains(cluster.Calls, c => c.Contains("strimzi.io/broker-role=true", StringComparison.Ordinal));
    }

    [ToolFact("kubectl jq", "kubernetes-client jq")]
    public void ItWaitsForTheBrokersAndFails()
    {
        using var cluster = RestartJob(secret: (4, "renewed"), copy: (3, "old"), brokers: [4, 3, 4], recorded: "3", rolled: true);

        var (exit, output) = cluster.Run();

        Assert.NotEqual(0, exit);
        Assert.Contains("logs-brokers-1=3", output, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Calls, c => c.Contains(" patch ", StringComparison.Ordinal));
        // Until every broker presents the new generation, Fluent Bit's new pods keep the CA they trust.
        Assert.Equal("old", cluster.CopiedCertificate());
    }

    [ToolFact("kubectl jq", "kubernetes-client jq")]
    public void UpToDateClientsAreNotRestarted()
    {
        using var cluster = RestartJob(secret: (4, "current"), copy: (4, "current"), brokers: [4, 4, 4], recorded: "4", rolled: true);

        var (exit, output) = cluster.Run();

        Assert.True(exit == 0, output);
        Assert.DoesNotContain(cluster.Calls, c => c.Contains(" patch ", StringComparison.Ordinal));
    }

    [ToolFact("kubectl jq", "kubernetes-client jq")]
    public void AClientThatHasNotFinishedRollingFailsTheRun()
    {
        using var cluster = RestartJob(secret: (4, "current"), copy: (4, "current"), brokers: [4, 4, 4], recorded: "4", rolled: false);

        var (exit, output) = cluster.Run();

        Assert.NotEqual(0, exit);
        Assert.Contains("has not finished rolling", output, StringComparison.Ordinal);
    }

    [ToolFact("kubectl jq", "kubernetes-client jq")]
    public void ASecretWithoutAGenerationFailsWithoutTouchingAnything()
    {
        using var cluster = RestartJob(secret: (null, "current"), copy: (null, null), brokers: [0], recorded: "", rolled: true);

        var (exit, output) = cluster.Run();

        Assert.NotEqual(0, exit);
        Assert.Contains("no numeric strimzi.io/ca-cert-generation", output, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Calls, c => c.Contains(" patch ", StringComparison.Ordinal));
    }

    [ToolFact("kubectl jq", "kubernetes-client jq")]
    public void TheFirstDeploymentsJobCopiesTheCaIntoTheEmptyCopy()
    {
        using var cluster = new FakeCluster(ControlplaneJob("seed.sh"));
        cluster.Secret(generation: 0, certificate: "first");
        cluster.Copy(generation: null, certificate: null);

        var (exit, output) = cluster.Run();

        Assert.True(exit == 0, output);
        Assert.Equal("first", cluster.CopiedCertificate());
        Assert.Equal("0", cluster.Read(Namespaces.NodeAgents, $"secret_{Infra.Components.Kafka.ClientCaSecret}", Annotation("metadata")));
        // It reads only the two Secrets: no client is touched.
        Assert.Single(cluster.Calls, c => c.Contains(" patch ", StringComparison.Ordinal));
    }

    [ToolFact("kubectl jq", "kubernetes-client jq")]
    public void TheFirstDeploymentsJobLeavesAFilledCopyToTheRestartJob()
    {
        using var cluster = new FakeCluster(ControlplaneJob("seed.sh"));
        cluster.Secret(generation: 5, certificate: "replaced, brokers not rolled yet");
        cluster.Copy(generation: 4, certificate: "current");

        var (exit, output) = cluster.Run();

        Assert.True(exit == 0, output);
        Assert.Equal("current", cluster.CopiedCertificate());
        Assert.DoesNotContain(cluster.Calls, c => c.Contains(" patch ", StringComparison.Ordinal));
    }

    [ToolFact("kubectl jq", "kubernetes-client jq")]
    public void TheFirstDeploymentsJobFailsWithTheReasonWhenStrimziHasMadeNoCa()
    {
        using var cluster = new FakeCluster(ControlplaneJob("seed.sh"));
        cluster.Copy(generation: null, certificate: null);

        var (exit, output) = cluster.Run();

        Assert.NotEqual(0, exit);
        Assert.Contains("is the Strimzi operator reconciling", output, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Calls, c => c.Contains(" patch ", StringComparison.Ordinal));
    }

    /// <summary>
    /// The CronJob's restart.sh against a fake cluster: Strimzi's CA Secret and the copy in node-agents (generation,
    /// certificate), the brokers' CA generations, and the generation the clients recorded (and whether they finished rolling).
    /// </summary>
    private static FakeCluster RestartJob((int? Generation, string Certificate) secret, (int? Generation, string? Certificate) copy, int[] brokers, string recorded, bool rolled)
    {
        var cluster = new FakeCluster(ControlplaneJob("restart.sh"));
        cluster.Secret(secret.Generation, secret.Certificate);
        cluster.Copy(copy.Generation, copy.Certificate);
        cluster.Brokers(brokers);
        cluster.Clients(recorded, rolled);
        return cluster;
    }

    private static string Annotation(string path) => $"{{.{path}.annotations.observability\\.platform/kafka-cluster-ca-cert-generation}}";

    /// <summary>The controlplane's rendered script (restart.sh: the CronJob, which restarts both clients; seed.sh: the first deployment's Job) and its arguments.</summary>
    private static (string Script, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment) ControlplaneJob(string file)
    {
        var compiled = Stacks.Compile(Stacks.Controlplane);
        var map = compiled.Graph.Resources.Single(r => r.Type == "kubernetes:core/v1:ConfigMap" && Text(r.Properties.At("metadata.name")) == KafkaClientRestart.Name);
        var job = compiled.Graph.Resources.Single(r => file == "seed.sh"
            ? r.Type == "kubernetes:batch/v1:Job" && Text(r.Properties.At("metadata.name")) == KafkaClientRestart.SeedName
            : r.Type == "kubernetes:batch/v1:CronJob" && Text(r.Properties.At("metadata.name")) == KafkaClientRestart.Name);
        var spec = job.Properties.At(file == "seed.sh" ? "spec.template.spec" : "spec.jobTemplate.spec.template.spec");
        var container = (ObjectValue)((ListValue)((ObjectValue)spec!)["containers"]!).Items.Single();
        var command = Strings(container["command"]);
        Assert.Equal($"/script/{file}", command[1]);
        var environment = ((ListValue)container["env"]!).Items.Cast<ObjectValue>().ToDictionary(e => Text(e["name"]), e => Text(e["value"]));
        return (Text(((ObjectValue)map.Properties["data"]!)[file]), command.Skip(2).ToList(), environment);
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
            Directory.CreateDirectory(Path.Combine(_root, "state"));
            Directory.CreateDirectory(Path.Combine(_root, "bin"));
            File.WriteAllText(Path.Combine(_root, "job.sh"), job.Script);
            var fake = Path.Combine(_root, "bin", "kubectl");
            File.WriteAllText(fake, Fake);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        public IReadOnlyList<string> Calls => File.Exists(Path.Combine(_root, "state", "calls")) ? File.ReadAllLines(Path.Combine(_root, "state", "calls")) : [];

        public void Secret(int? generation, string certificate)
        {
            var annotations = generation is null ? "{}" : $"{{\"strimzi.io/ca-cert-generation\": \"{generation}\"}}";
            Write(Namespaces.Logging, "secret_" + Infra.Components.Kafka.ClusterCaSecret, $$"""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: {{Infra.Components.Kafka.ClusterCaSecret}}
                  namespace: {{Namespaces.Logging}}
                  annotations: {{annotations}}
                data:
                  ca.crt: {{Base64(certificate)}}
                  ca.p12: {{Base64("not to be copied")}}
                """);
        }

        /// <summary>The copy in node-agents: as the program creates it (no generation, no data), or as a job left it.</summary>
        public void Copy(int? generation, string? certificate)
        {
            var annotations = generation is null ? "{}" : $"{{\"observability.platform/kafka-cluster-ca-cert-generation\": \"{generation}\"}}";
            var data = certificate is null ? "{}" : $"{{\"ca.crt\": \"{Base64(certificate)}\"}}";
            Write(Namespaces.NodeAgents, "secret_" + Infra.Components.Kafka.ClientCaSecret, $$"""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: {{Infra.Components.Kafka.ClientCaSecret}}
                  namespace: {{Namespaces.NodeAgents}}
                  annotations: {{annotations}}
                data: {{data}}
                """);
        }

        /// <summary>The certificate in the copy, decoded; only ca.crt is ever copied.</summary>
        public string CopiedCertificate()
        {
            var keys = Read(Namespaces.NodeAgents, "secret_" + Infra.Components.Kafka.ClientCaSecret, "{.data}");
            Assert.DoesNotContain("ca.p12", keys, StringComparison.Ordinal);
            var encoded = Read(Namespaces.NodeAgents, "secret_" + Infra.Components.Kafka.ClientCaSecret, "{.data.ca\\.crt}");
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }

        public void Brokers(params int[] generations)
        {
            Directory.CreateDirectory(Path.Combine(_root, "state", Namespaces.Logging, "pods"));
            for (var i = 0; i < generations.Length; i++)
            {
                File.WriteAllText(Path.Combine(_root, "state", Namespaces.Logging, "pods", $"{i}.yaml"), $$"""
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: logs-brokers-{{i}}
                      namespace: {{Namespaces.Logging}}
                      annotations: {"strimzi.io/cluster-ca-cert-generation": "{{generations[i]}}"}
                    """);
            }
        }

        public void Clients(string recorded, bool rolled)
        {
            var annotations = recorded.Length == 0 ? "{}" : $"{{\"observability.platform/kafka-cluster-ca-cert-generation\": \"{recorded}\"}}";
            var updated = rolled ? 3 : 2;
            Write(Namespaces.NodeAgents, "daemonset_fluent-bit", $$"""
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: fluent-bit, namespace: {{Namespaces.NodeAgents}}, generation: 7}
                spec:
                  template:
                    metadata: {labels: {app: fluent-bit}, annotations: {{annotations}}}
                status: {observedGeneration: 7, desiredNumberScheduled: 3, updatedNumberScheduled: {{updated}}, numberAvailable: 3}
                """);
            Write(Namespaces.Logging, "logstash.logstash.k8s.elastic.co_logstash", $$"""
                apiVersion: logstash.k8s.elastic.co/v1alpha1
                kind: Logstash
                metadata: {name: logstash, namespace: {{Namespaces.Logging}}}
                spec:
                  podTemplate:
                    metadata: {labels: {app: logstash}, annotations: {{annotations}}}
                """);
            Write(Namespaces.Logging, "statefulset_logstash-ls", $$"""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: logstash-ls, namespace: {{Namespaces.Logging}}, generation: 2}
                spec:
                  replicas: 3
                  template:
                    metadata: {labels: {app: logstash}, annotations: {{annotations}}}
                status: {observedGeneration: 2, updatedReplicas: 3, availableReplicas: 3}
                """);
        }

        public string Read(string ns, string file, string jsonPath)
        {
            var (exit, output) = Tools.Run("kubectl", new Dictionary<string, string> { ["KUBECONFIG"] = "/dev/null" },
                "patch", "--local", "-f", Path.Combine(_root, "state", ns, file + ".yaml"), "--type", "merge", "-p", "{}", "-o", $"jsonpath={jsonPath}");
            Assert.True(exit == 0, output);
            return output.Trim();
        }

        public (int Exit, string Output) Run()
        {
            var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(_root, "job.sh"));
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
            // A ceiling for a hung script, not a timing: it took 16 s at load average 45, a minute is within reach of a busier machine.
            if (!process.WaitForExit(Tools.Ceiling))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"the script did not finish within {Tools.Ceiling.TotalMinutes} minutes: it hangs");
            }


            return (process.ExitCode, stdout.Result + stderr.Result);
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);

        private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

        private void Write(string ns, string name, string yaml)
        {
            Directory.CreateDirectory(Path.Combine(_root, "state", ns));
            File.WriteAllText(Path.Combine(_root, "state", ns, name + ".yaml"), yaml);
        }

        /// <summary>
        /// get and patch on files, one directory per namespace (an object of another namespace is not found): the
        /// real kubectl evaluates the JSONPath and applies the merge patch (--local). A pod list is served pod by
        /// pod (the template's range over .items is applied per pod).
        /// </summary>
        private const string Fake = """
            #!/bin/sh
            set -eu
            echo " $*" >> "$STATE/calls"
            k() { KUBECONFIG=/dev/null "$REAL_KUBECTL" "$@"; }
            ns=default
            if [ "$1" = "-n" ]; then ns="$2"; shift 2; fi
            dir="$STATE/$ns"
            verb="$1"; shift
            case "$verb" in
              get)
                if [ "$1" = "pods" ]; then
                  template=$(printf '%s' "$5" | sed -e 's/^jsonpath=//' -e 's/{range \.items\[\*\]}//' -e 's/{end}$//')
                  for pod in "$dir"/pods/*.yaml; do
                    [ -e "$pod" ] || continue
                    k patch --local -f "$pod" --type merge -p '{}' -o "jsonpath=$template"
                  done
                  exit 0
                fi
                file=$(printf '%s' "$1" | tr '/' '_'); shift
                [ -e "$dir/$file.yaml" ] || { echo "Error from server (NotFound): $ns/$file" >&2; exit 1; }
                [ "$1" = "-o" ] && shift
                k patch --local -f "$dir/$file.yaml" --type merge -p '{}' -o "$1"
                ;;
              patch)
                file=$(printf '%s' "$1" | tr '/' '_'); patch="$5"
                [ -e "$dir/$file.yaml" ] || { echo "Error from server (NotFound): $ns/$file" >&2; exit 1; }
                k patch --local -f "$dir/$file.yaml" --type merge -p "$patch" -o yaml > "$STATE/next.yaml"
                mv "$STATE/next.yaml" "$dir/$file.yaml"
                # ECK copies the Logstash CR's pod template to its StatefulSet.
                case "$file" in
                  logstash.*) k patch --local -f "$dir/statefulset_logstash-ls.yaml" --type merge \
                      -p "$(printf '%s' "$patch" | jq -c '{spec: {template: .spec.podTemplate}}')" -o yaml > "$STATE/next.yaml"
                    mv "$STATE/next.yaml" "$dir/statefulset_logstash-ls.yaml" ;;
                esac
                ;;
              *) echo "fake kubectl: unexpected $verb" >&2; exit 2 ;;
            esac
            """;
    }
}
