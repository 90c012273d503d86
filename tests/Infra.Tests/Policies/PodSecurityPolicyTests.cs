using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Policies;

/// <summary>
/// The Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards) on every pod
/// spec the program renders itself, on every stack: Deployments, StatefulSets, DaemonSets, Jobs and
/// CronJobs, and the pod templates of ECK's custom resources (what ECK adds is ECK's). Each must pass
/// the level its namespace enforces, and the program's own workloads pass restricted wherever they run
/// unless listed below with the reason, so a namespace can be tightened without touching them. (Pods
/// that charts render are not in the program; their namespaces' levels are argued in docs/design-notes.md.)
/// </summary>
public sealed class PodSecurityPolicyTests
{
    /// <summary>Pod specs of the program that do not meet restricted yet, and why (none today).</summary>
    private static readonly Dictionary<string, string> NotRestricted = new(StringComparer.Ordinal);

    /// <summary>
    /// Init containers ECK adds to the pods of its resources, by kind. In a restricted namespace the pod template
    /// must name each, with a restricted security context: ECK keeps a template's container of that name as the
    /// base and fills in the rest, but not its security context (ECK 3.5.0 pkg/controller/common/defaults/pod_template.go).
    /// </summary>
    private static readonly Dictionary<string, string[]> EckInitContainers = new(StringComparer.Ordinal)
    {
        ["Logstash"] = [Logstash.EckInitContainerName],
    };

    private static readonly string[] WorkloadKinds = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

    private static readonly string[] RestrictedVolumeTypes = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void EveryPodSpecOfTheProgramPassesItsNamespacesLevelAndRestrictedUnlessListed(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var levels = Namespaces.All.ToDictionary(n => n.Name, n => n.PodSecurity, StringComparer.Ordinal);
        var specs = PodSpecs(compiled.Graph).ToList();
        Assert.NotEmpty(specs);
        var problems = new List<string>();
        foreach (var (name, ns, spec) in specs)
        {
            if (!levels.TryGetValue(ns, out var level))
            {
                problems.Add($"{name} runs in {ns}, not a platform namespace");
                continue;
            }

            var baseline = Baseline(spec).ToList();
            if (level != "privileged" && baseline.Count > 0)
            {
                problems.Add($"{name} in {ns} ({level}) breaks baseline: {string.Join("; ", baseline)}");
            }

            var restricted = baseline.Concat(Restricted(spec)).ToList();
            if (restricted.Count > 0 && !(level != "restricted" && NotRestricted.ContainsKey(name)))
            {
                problems.Add($"{name} in {ns} ({level}) breaks restricted: {string.Join("; ", restricted)}");
            }
        }

        Assert.True(problems.Count == 0, $"{stack}:\n{string.Join('\n', problems)}");
    }

    /// <summary>
    /// Pod Security by need: a namespace is privileged only for node agents (pods on every node, which read the
    /// host) and holds nothing else; every node agent runs in a privileged namespace (so none lands in a
    /// namespace that would refuse it, and no other namespace is privileged for one); every level below
    /// restricted is written down with its reason. So Fluent Bit back in logging fails (a node agent outside
    /// node-agents, or Kafka and Logstash in a privileged namespace), and so does logging at privileged without it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void EveryNamespaceIsAtTheLeastLevelItsPodsNeed(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var namespaces = Namespaces.All.Where(n => n.Roles.Contains(compiled.Settings.Role)).ToList();
        var workloads = compiled.Contributions.Workloads
            .SelectMany(source => source.Read(source.Resource).Select(w => (Workload: w, Namespace: NamespaceOf(source.Resource))))
            .ToList();
        Assert.Contains(workloads, w => w.Workload.PerNode);
        var problems = new List<string>();
        foreach (var (workload, ns) in workloads)
        {
            var level = namespaces.SingleOrDefault(n => n.Name == ns)?.PodSecurity;
            if (level is null)
            {
                problems.Add($"{workload.Component}/{workload.Name} runs in {ns ?? "an unknown namespace"}, not a platform namespace of this stack");
            }
            else if (workload.PerNode && level != "privileged")
            {
                problems.Add($"{workload.Component}/{workload.Name} is a node agent (a {workload.Kind} on every node) in {ns} ({level}): node agents run in {Namespaces.NodeAgents}");
            }
            else if (!workload.PerNode && level == "privileged")
            {
                problems.Add($"{workload.Component}/{workload.Name} ({workload.Kind}) runs in {ns}, privileged for node agents only: move it to a namespace at restricted");
            }
        }

        foreach (var ns in namespaces)
        {
            if (ns.PodSecurity != "restricted" && string.IsNullOrWhiteSpace(ns.Reason))
            {
                problems.Add($"{ns.Name} enforces {ns.PodSecurity} with no reason: write why in Namespaces.All, or make it restricted");
            }

            if (ns.PodSecurity == "privileged" && !workloads.Any(w => w.Namespace == ns.Name && w.Workload.PerNode))
            {
                problems.Add($"{ns.Name} is privileged and runs no node agent");
            }
        }

        Assert.True(problems.Count == 0, $"{stack}:\n{string.Join('\n', problems)}");
    }

    /// <summary>
    /// The pods the operators make in a restricted namespace pass it: Strimzi's are made with its restricted pod
    /// security provider (the default provider meets baseline only, and the Kafka resources set no pod security
    /// context of their own), and every init container ECK adds to a pod template is named there with a
    /// restricted security context (see <see cref="EckInitContainers"/>).
    /// </summary>
    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void OperatorMadePodsInARestrictedNamespacePassIt(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var levels = Namespaces.All.ToDictionary(n => n.Name, n => n.PodSecurity, StringComparer.Ordinal);
        var objects = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:yaml/v2:ConfigGroup")
            .SelectMany(r => ((ListValue)r.Properties["objs"]!).Items.Cast<ObjectValue>()).ToList();
        var problems = new List<string>();

        var strimzi = objects.Where(o => o["apiVersion"] is StringValue { Text: var v } && v.StartsWith(Infra.Components.Kafka.ApiGroup + "/", StringComparison.Ordinal)
            && o["kind"] is StringValue { Text: "Kafka" or "KafkaNodePool" }).ToList();
        Assert.NotEmpty(strimzi);
        if (strimzi.Any(o => levels[((StringValue)o.At("metadata.namespace")!).Text] == "restricted"))
        {
            var provider = ((ListValue?)GraphTests.ChartValues(compiled, Infra.Components.Kafka.ReleaseName)["extraEnvs"])?.Items.Cast<ObjectValue>()
                .SingleOrDefault(e => e["name"] == new StringValue("STRIMZI_POD_SECURITY_PROVIDER_CLASS"))?["value"];
            if (provider != new StringValue("restricted"))
            {
                problems.Add("Strimzi makes pods in a restricted namespace without its restricted pod security provider (extraEnvs STRIMZI_POD_SECURITY_PROVIDER_CLASS=restricted)");
            }

            foreach (var obj in strimzi)
            {
                var template = obj.At("spec.kafka.template") ?? obj.At("spec.template");
                if (template is ObjectValue t && (t.At("pod.securityContext") is not null || t.Entries.Any(e => e.Value is ObjectValue c && c["securityContext"] is not null)))
                {
                    problems.Add($"{(obj["kind"] as StringValue)?.Text} {(obj.At("metadata.name") as StringValue)?.Text} sets a security context of its own: the restricted provider's would be replaced");
                }
            }
        }

        foreach (var obj in objects)
        {
            var kind = (obj["kind"] as StringValue)?.Text ?? string.Empty;
            if (!EckInitContainers.TryGetValue(kind, out var added) || levels[((StringValue)obj.At("metadata.namespace")!).Text] != "restricted")
            {
                continue;
            }

            var named = (obj.At("spec.podTemplate.spec.initContainers") as ListValue)?.Items.Cast<ObjectValue>().ToList() ?? [];
            foreach (var container in added)
            {
                var mine = named.SingleOrDefault(c => c["name"] == new StringValue(container));
                if (mine is null)
                {
                    problems.Add($"{kind} {(obj.At("metadata.name") as StringValue)?.Text}: ECK's init container {container} is not named in the pod template, so it runs with ECK's security context (privileged: false only)");
                    continue;
                }

                var restricted = Restricted(ObjectValue.Of(("containers", ListValue.Of(mine)))).Where(p => !p.Contains("runAsNonRoot", StringComparison.Ordinal) && !p.Contains("seccompProfile", StringComparison.Ordinal)).ToList();
                problems.AddRange(restricted.Select(p => $"{kind} {(obj.At("metadata.name") as StringValue)?.Text}: ECK's init container {container}: {p}"));
            }
        }

        Assert.True(problems.Count == 0, $"{stack}:\n{string.Join('\n', problems)}");
    }

    /// <summary>The namespace a resource's pods run in: a chart's release namespace, or the object's own.</summary>
    private static string? NamespaceOf(Resource resource) =>
        resource.Properties["namespace"] is ReferenceValue { Target: var ns } ? (ns.Properties.At("metadata.name") as StringValue)?.Text
        : resource.Type == "kubernetes:yaml/v2:ConfigGroup" ? ((ListValue)resource.Properties["objs"]!).Items.Cast<ObjectValue>().Select(o => (o.At("metadata.namespace") as StringValue)?.Text).Distinct().SingleOrDefault()
        : (resource.Properties.At("metadata.namespace") as StringValue)?.Text;

    /// <summary>
    /// The program's own Kubernetes workloads mount a service account token only when they call the API
    /// server, which default-deny egress must then let them reach (the CA-renewal restart job). (The
    /// converse is not asked: a pod allowed 443 to any address, e.g. the sign-in proxies reaching a private
    /// identity provider, can reach the API server's addresses but holds no token to use there.)
    /// </summary>
    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void OnlyWorkloadsThatCallTheApiServerMountAServiceAccountToken(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var policies = RenderedNetworkPolicies.Of(compiled.Graph);
        var apiServer = System.Net.IPAddress.Parse("10.1.2.3");
        var workloads = PodTemplates(compiled.Graph).Where(t => WorkloadKinds.Contains(t.Name.Split('/')[0])).ToList();
        Assert.NotEmpty(workloads);
        var problems = new List<string>();
        foreach (var (name, ns, labels, spec) in workloads)
        {
            var mountsToken = spec["automountServiceAccountToken"] is not BoolValue { Flag: false };
            var reachesApiServer = policies.EgressAllows(ns, labels, apiServer, "TCP", 443);
            if (mountsToken && !reachesApiServer)
            {
                problems.Add($"{name} in {ns} mounts a service account token but no egress policy lets it reach the API server: set automountServiceAccountToken false, or declare NetworkEgress.ApiServer with the reason");
            }
        }

        Assert.True(problems.Count == 0, $"{stack}:\n{string.Join('\n', problems)}");
    }

    /// <summary>A pod spec that breaks the rules is reported (so the checks above can fail).</summary>
    [Fact]
    public void TheChecksFindWhatBreaksThem()
    {
        var spec = ObjectValue.Of(
            ("hostNetwork", true),
            ("containers", ListValue.Of(ObjectValue.Of(("name", "c"), ("securityContext", ObjectValue.Of(("privileged", true)))))),
            ("volumes", ListValue.Of(ObjectValue.Of(("name", "h"), ("hostPath", ObjectValue.Of(("path", "/")))))));
        Assert.Equal(3, Baseline(spec).Count());
        Assert.Contains(Restricted(spec), p => p.Contains("runAsNonRoot", StringComparison.Ordinal));
        Assert.Contains(Restricted(spec), p => p.Contains("seccompProfile", StringComparison.Ordinal));
        Assert.Contains(Restricted(spec), p => p.Contains("allowPrivilegeEscalation", StringComparison.Ordinal));
        Assert.Contains(Restricted(spec), p => p.Contains("drop ALL", StringComparison.Ordinal));
    }

    private static IEnumerable<(string Name, string Namespace, ObjectValue Spec)> PodSpecs(ResourceGraph graph)
    {
        foreach (var resource in graph.Resources)
        {
            var objects = resource.Type == "kubernetes:yaml/v2:ConfigGroup"
                ? ((ListValue)resource.Properties["objs"]!).Items.Cast<ObjectValue>().Select(o => (Kind: ((StringValue)o["kind"]!).Text, Object: o))
                : resource.Type.StartsWith("kubernetes:", StringComparison.Ordinal) ? [(Kind: resource.Type.Split(':')[^1], Object: resource.Properties)] : [];
            foreach (var (kind, obj) in objects)
            {
                if (obj.At("metadata.namespace") is not StringValue ns)
                {
                    continue;
                }

                var name = $"{kind}/{(obj.At("metadata.name") as StringValue)?.Text}";
                var specs = kind switch
                {
                    "CronJob" => [obj.At("spec.jobTemplate.spec.template.spec")],
                    _ when WorkloadKinds.Contains(kind) => [obj.At("spec.template.spec")],
                    "Kibana" or "Logstash" => [obj.At("spec.podTemplate.spec")],
                    "Elasticsearch" => (obj.At("spec.nodeSets") as ListValue)?.Items.Cast<ObjectValue>().Select(s => s.At("podTemplate.spec")) ?? [],
                    _ => Array.Empty<Value?>(),
                };
                foreach (var spec in specs.OfType<ObjectValue>())
                {
                    yield return (name, ns.Text, spec);
                }
            }
        }
    }

    /// <summary>The program's own workloads' pod templates: name, namespace, pod labels and spec.</summary>
    private static IEnumerable<(string Name, string Namespace, IReadOnlyDictionary<string, string> Labels, ObjectValue Spec)> PodTemplates(ResourceGraph graph)
    {
        foreach (var resource in graph.Resources.Where(r => r.Type.StartsWith("kubernetes:", StringComparison.Ordinal)))
        {
            var kind = resource.Type.Split(':')[^1];
            var obj = resource.Properties;
            var template = kind == "CronJob" ? obj.At("spec.jobTemplate.spec.template") : obj.At("spec.template");
            if (obj.At("metadata.namespace") is StringValue ns && template is ObjectValue t && t["spec"] is ObjectValue spec)
            {
                var labels = (t.At("metadata.labels") as ObjectValue)?.Entries.Where(p => p.Value is StringValue).ToDictionary(p => p.Key, p => ((StringValue)p.Value).Text, StringComparer.Ordinal)
                    ?? new Dictionary<string, string>(StringComparer.Ordinal);
                yield return ($"{kind}/{(obj.At("metadata.name") as StringValue)?.Text}", ns.Text, labels, spec);
            }
        }
    }

    private static IEnumerable<ObjectValue> Containers(ObjectValue spec) =>
        new[] { "initContainers", "containers", "ephemeralContainers" }.SelectMany(k => (spec[k] as ListValue)?.Items.Cast<ObjectValue>() ?? []);

    private static string ContainerName(ObjectValue c) => (c["name"] as StringValue)?.Text ?? "?";

    private static IEnumerable<string> Baseline(ObjectValue spec)
    {
        foreach (var host in new[] { "hostNetwork", "hostPID", "hostIPC" }.Where(k => spec[k] is BoolValue { Flag: true }))
        {
            yield return host;
        }

        foreach (var volume in (spec["volumes"] as ListValue)?.Items.Cast<ObjectValue>() ?? [])
        {
            if (volume["hostPath"] is not null)
            {
                yield return $"hostPath volume {(volume["name"] as StringValue)?.Text}";
            }
        }

        foreach (var c in Containers(spec))
        {
            if (c.At("securityContext.privileged") is BoolValue { Flag: true })
            {
                yield return $"container {ContainerName(c)} privileged";
            }

            if ((c["ports"] as ListValue)?.Items.Cast<ObjectValue>().Any(p => p["hostPort"] is NumberValue { Number: > 0 }) == true)
            {
                yield return $"container {ContainerName(c)} hostPort";
            }
        }
    }

    private static IEnumerable<string> Restricted(ObjectValue spec)
    {
        var podNonRoot = spec.At("securityContext.runAsNonRoot") is BoolValue { Flag: true };
        var podSeccomp = spec.At("securityContext.seccompProfile.type") is StringValue { Text: "RuntimeDefault" or "Localhost" };
        foreach (var volume in (spec["volumes"] as ListValue)?.Items.Cast<ObjectValue>() ?? [])
        {
            var type = volume.Entries.Select(e => e.Key).FirstOrDefault(k => k != "name");
            if (type is not null && !RestrictedVolumeTypes.Contains(type))
            {
                yield return $"volume type {type}";
            }
        }

        foreach (var c in Containers(spec))
        {
            var name = ContainerName(c);
            if (!podNonRoot && c.At("securityContext.runAsNonRoot") is not BoolValue { Flag: true })
            {
                yield return $"container {name}: runAsNonRoot not true";
            }

            if (c.At("securityContext.runAsUser") is NumberValue { Number: 0 } || spec.At("securityContext.runAsUser") is NumberValue { Number: 0 })
            {
                yield return $"container {name}: runAsUser 0";
            }

            if (c.At("securityContext.allowPrivilegeEscalation") is not BoolValue { Flag: false })
            {
                yield return $"container {name}: allowPrivilegeEscalation not false";
            }

            if (c.At("securityContext.capabilities.drop") is not ListValue drop || !drop.Items.Contains(new StringValue("ALL")))
            {
                yield return $"container {name}: capabilities do not drop ALL";
            }

            if ((c.At("securityContext.capabilities.add") as ListValue)?.Items.Any(a => a != new StringValue("NET_BIND_SERVICE")) == true)
            {
                yield return $"container {name}: adds a capability other than NET_BIND_SERVICE";
            }

            if (!podSeccomp && c.At("securityContext.seccompProfile.type") is not StringValue { Text: "RuntimeDefault" or "Localhost" })
            {
                yield return $"container {name}: no seccompProfile RuntimeDefault or Localhost";
            }
        }
    }
}
