using System.Text.Json;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests;

/// <summary>
/// Every load balancer a stack asks for, wherever it is declared (a Service resource, an object of a
/// ConfigGroup, chart values, a Strimzi listener), is an AWS Load Balancer Controller NLB with pod IP
/// targets, the stack's scheme, and the controlplane's source ranges.
/// </summary>
public sealed class LoadBalancerPolicyTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryLoadBalancerIsAnAnnotatedNlbLimitedToTheControlplane(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var found = Check(compiled);
        // Environments expose the federation endpoint and the Kafka external listener; the walk must have seen both kinds.
        if (compiled.Settings.Role == StackRole.Environment)
        {
            Assert.Contains(found, f => f.StartsWith("Service ", StringComparison.Ordinal));
            Assert.Contains(found, f => f.StartsWith("Strimzi listener ", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// The AWS Load Balancer Controller holds a pod's readiness until its IP target is healthy only in
    /// namespaces labelled for it: every namespace with an IP-target Ingress backend or a LoadBalancer
    /// Service must carry the label, or a rollout kills the old pods before the new targets serve.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryNamespaceWithLoadBalancerTargetsInjectsTheReadinessGate(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var targets = compiled.Graph.Resources
            .Where(r => (r.Type == "kubernetes:networking.k8s.io/v1:Ingress" && r.Properties.At("metadata.annotations") is ObjectValue annotations
                    && annotations[UserInterfaces.AlbTargetTypeAnnotation] == new StringValue("ip"))
                || (r.Type == "kubernetes:core/v1:Service" && r.Properties.At("spec.type") == new StringValue("LoadBalancer")))
            .Select(r => (r.Name, Namespace: NamespaceName(r.Properties.At("metadata.namespace")!)))
            .ToList();
        // A controlplane with the ALB has its user interfaces as IP targets in Elastic: the walk must see them.
        if (compiled.Settings.Role == StackRole.Controlplane && compiled.Settings.Get(SettingsCatalog.IngressClass) == UserInterfaces.AlbClass)
        {
            Assert.Contains(targets, t => t.Namespace == Namespaces.Elastic);
        }

        foreach (var (name, ns) in targets)
        {
            var namespaceResource = compiled.Graph.Resources.Single(r => r.Type == "kubernetes:core/v1:Namespace" && r.Properties.At("metadata.name") == new StringValue(ns));
            Assert.True(namespaceResource.Properties.At("metadata.labels") is ObjectValue labels && labels[LoadBalancers.ReadinessGateLabel] == new StringValue("enabled"),
                $"{name}: its namespace {ns} lacks {LoadBalancers.ReadinessGateLabel}: enabled");
        }
    }

    private static string NamespaceName(Value value) => value switch
    {
        StringValue text => text.Text,
        ReferenceValue reference => ((StringValue)reference.Target.Properties.At("metadata.name")!).Text,
        _ => throw new InvalidOperationException($"unexpected namespace value {value}"),
    };

    public static TheoryData<string> Environments() => Stacks.Data(Stacks.Of(StackRole.Environment));

    /// <summary>
    /// The federation gateway's TLS port accepts connections from the controlplane's ranges only (the NLB keeps
    /// the client's address): no pod of the cluster, a tenant's or a platform one, reaches it, and no NodePort
    /// leads to it through a node's address. The NLB health-checks a port that answers /healthz alone.
    /// </summary>
    [Theory]
    [MemberData(nameof(Environments))]
    public void TheFederationGatewayAdmitsTheControlplaneOnly(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var clients = compiled.Settings.Get(SettingsCatalog.ControlplaneCidrs).Items;
        var service = compiled.Graph.Resources.Single(r => r.Type == "kubernetes:core/v1:Service" && r.Properties.At("metadata.name") == new StringValue(FederationGateway.Name));
        var annotations = (ObjectValue)service.Properties.At("metadata.annotations")!;
        Assert.Equal(new StringValue(FederationGateway.PreserveClientIp), annotations[LoadBalancers.TargetGroupAttributesAnnotation]);
        Assert.Equal(new StringValue(FederationGateway.HealthPort.ToString(System.Globalization.CultureInfo.InvariantCulture)), annotations[LoadBalancers.HealthCheckPortAnnotation]);
        Assert.Equal(new BoolValue(false), service.Properties.At("spec.allocateLoadBalancerNodePorts"));

        var policies = Policies.RenderedNetworkPolicies.Of(compiled.Graph);
        var gateway = new Dictionary<string, string> { ["app.kubernetes.io/name"] = FederationGateway.Name, ["app.kubernetes.io/component"] = "federation" };
        var tenant = new Dictionary<string, string> { ["app"] = "tenant" };
        var pods = new[] { ("orders", tenant), ("default", tenant), (Namespaces.Monitoring, tenant), (Namespaces.Monitoring, new Dictionary<string, string> { ["app.kubernetes.io/name"] = "prometheus" }) };
        // The health port is open to any source (the NLB's addresses are not known): it answers /healthz only.
        Assert.True(policies.IngressAllows(Namespaces.Monitoring, gateway, System.Net.IPAddress.Parse("10.99.0.7"), FederationGateway.HealthPort), $"{stack}: the load balancer's health checks are refused");
        if (clients.Count == 0)
        {
            // Without the controlplane's ranges the source cannot be named: any source, and the stack says so.
            Assert.Contains(compiled.Graph.Warnings, w => w.Contains(SettingsCatalog.ControlplaneCidrs.Key, StringComparison.Ordinal));
            return;
        }

        foreach (var range in clients)
        {
            var first = System.Net.IPNetwork.Parse(range).BaseAddress;
            Assert.True(policies.IngressAllows(Namespaces.Monitoring, gateway, first, FederationGateway.TlsPort), $"{stack}: the gateway refuses {first} ({range})");
        }

        Assert.False(policies.IngressAllows(Namespaces.Monitoring, gateway, System.Net.IPAddress.Parse("192.0.2.10"), FederationGateway.TlsPort), $"{stack}: the gateway admits an address outside controlplaneCidrs");
        foreach (var (ns, labels) in pods)
        {
            Assert.False(policies.IngressAllows(Namespaces.Monitoring, gateway, ns, labels, FederationGateway.TlsPort), $"{stack}: a pod in {ns} ({string.Join(",", labels)}) reaches the federation gateway");
        }
    }

    [Fact]
    public void TheSchemeAndSourceRangesFollowTheSettings()
    {
        var environment = Stacks.Of(StackRole.Environment).First();
        var compiled = Stacks.CompileWith(environment, new Dictionary<string, string>
        {
            [SettingsCatalog.LoadBalancerScheme.Key] = "internal",
            [SettingsCatalog.ControlplaneCidrs.Key] = JsonSerializer.Serialize(new[] { "10.20.0.0/16", "192.0.2.0/24" }),
        });
        Assert.NotEmpty(Check(compiled));
    }

    /// <summary>Checks every load balancer of the stack and returns what it checked.</summary>
    private static List<string> Check(CompiledStack compiled)
    {
        var settings = compiled.Settings;
        var cidrs = settings.Get(SettingsCatalog.ControlplaneCidrs).Items;
        var ranges = cidrs.Count == 0 ? null : ListValue.Strings(cidrs);
        var found = new List<string>();

        void Annotated(string where, Value? annotations)
        {
            var map = Assert.IsType<ObjectValue>(annotations);
            Assert.True(map[LoadBalancers.TypeAnnotation] == new StringValue("external"), $"{where}: {LoadBalancers.TypeAnnotation} is not 'external'");
            Assert.True(map[LoadBalancers.TargetTypeAnnotation] == new StringValue("ip"), $"{where}: {LoadBalancers.TargetTypeAnnotation} is not 'ip'");
            Assert.True(map[LoadBalancers.SchemeAnnotation] == new StringValue(settings.Get(SettingsCatalog.LoadBalancerScheme)),
                $"{where}: {LoadBalancers.SchemeAnnotation} is not the stack's {SettingsCatalog.LoadBalancerScheme.Key}");
        }

        foreach (var resource in compiled.Graph.Resources)
        {
            foreach (var (path, node) in Objects(resource.Properties, string.Empty))
            {
                var where = $"{resource.Name} at '{path}'";
                if (node["type"] == new StringValue("LoadBalancer"))
                {
                    // Only Service specs are checked here; a load balancer from chart values would need its own annotations.
                    var service = path == ".spec" && resource.Type == "kubernetes:core/v1:Service" ? resource.Properties : null;
                    Assert.True(service is not null, $"{where}: a LoadBalancer that is not a Service resource's spec; give it the load balancer annotations and extend this test");
                    Annotated(where, service!.At("metadata.annotations"));
                    Assert.Equal(ranges, node["loadBalancerSourceRanges"], ValueComparer.Instance);
                    // IP targets need no NodePort, and a NodePort lets any pod in through a node's address.
                    Assert.True(node["allocateLoadBalancerNodePorts"] == new BoolValue(false), $"{where}: allocates NodePorts");
                    // The class is immutable: the annotations select the controller, so no class is set (see docs/design-notes.md).
                    Assert.Null(node["loadBalancerClass"]);
                    found.Add($"Service {where}");
                }
                else if (node["type"] == new StringValue("loadbalancer") && path.Contains(".spec.kafka.listeners[", StringComparison.Ordinal))
                {
                    var configuration = (ObjectValue)node["configuration"]!;
                    Annotated($"{where} bootstrap", configuration.At("bootstrap.annotations"));
                    Annotated($"{where} brokers", configuration["perBrokerAnnotationsTemplate"]);
                    // Strimzi uses a broker's own annotations instead of the template, not merged with it.
                    foreach (var broker in ((ListValue?)configuration["brokers"])?.Items ?? [])
                    {
                        if (((ObjectValue)broker)["annotations"] is { } own)
                        {
                            Annotated($"{where} broker", own);
                        }
                    }

                    Assert.Equal(ranges, configuration["loadBalancerSourceRanges"], ValueComparer.Instance);
                    Assert.True(configuration["allocateLoadBalancerNodePorts"] == new BoolValue(false), $"{where}: allocates NodePorts");
                    Assert.Null(configuration["class"]);
                    found.Add($"Strimzi listener {where}");
                }
            }
        }

        return found;
    }

    /// <summary>Every mapping in a value tree, with its path.</summary>
    private static IEnumerable<(string Path, ObjectValue Node)> Objects(Value value, string path)
    {
        switch (value)
        {
            case ObjectValue node:
                yield return (path, node);
                foreach (var (key, child) in node.Entries)
                {
                    foreach (var inner in Objects(child, $"{path}.{key}"))
                    {
                        yield return inner;
                    }
                }

                break;
            case ListValue list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    foreach (var inner in Objects(list.Items[i], $"{path}[{i}]"))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }
}
