using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Logs;

/// <summary>
/// The NetworkPolicies let through exactly the connections the platform needs. Each edge is checked by
/// evaluating the stack's policies the way Kubernetes does (a pod selected by an ingress policy accepts
/// only what some rule of such a policy allows), with the destination port taken from what the workload
/// really listens on, not from the policy.
/// </summary>
public sealed partial class NetworkPolicyEdgeTests
{
    private static readonly Pod Prometheus = new(Namespaces.Monitoring, ("app.kubernetes.io/name", "prometheus"));
    private static readonly Pod Grafana = new(Namespaces.Elastic, ("app.kubernetes.io/name", "grafana"));
    private static readonly Pod Kibana = new(Namespaces.Elastic, ("kibana.k8s.elastic.co/name", "kibana"));
    private static readonly Pod ElasticsearchNode = new(Namespaces.Elastic, ("elasticsearch.k8s.elastic.co/cluster-name", Elasticsearch.ClusterName));
    private static readonly Pod LogstashPod = new(Namespaces.Logging, ("app.kubernetes.io/name", Logstash.Name), ("logstash.k8s.elastic.co/name", Logstash.Name));
    private static readonly Pod FluentBitPod = new(Namespaces.NodeAgents, ("app.kubernetes.io/name", "fluent-bit"));
    private static readonly Pod KafkaBroker = new(Namespaces.Logging, ("strimzi.io/cluster", Kafka.ClusterName), ("strimzi.io/kind", "Kafka"));
    private static readonly Pod ElasticsearchExporter = new(Namespaces.Elastic, ("app", "prometheus-elasticsearch-exporter"), Elasticsearch.ExporterPods.Single());
    private static readonly Pod Alertmanager = new(Namespaces.Monitoring, ("app.kubernetes.io/name", "alertmanager"), ("alertmanager", "kube-prometheus-alertmanager"));
    private static readonly Pod KubeStateMetrics = new(Namespaces.Monitoring, ("app.kubernetes.io/name", "kube-state-metrics"));
    private static readonly Pod PrometheusOperator = new(Namespaces.Monitoring, ("app.kubernetes.io/name", "kube-prometheus-stack-prometheus-operator"), ("app.kubernetes.io/component", "prometheus-operator"));
    private static readonly Pod FederationGatewayPod = new(Namespaces.Monitoring, ("app.kubernetes.io/name", FederationGateway.Name));
    private static readonly Pod SetupJob = new(Namespaces.Elastic, ElasticsearchSetup.Pods);
    private static readonly Pod KibanaSignIn = new(Namespaces.Elastic, KibanaProxy.RolePods(KibanaUsers.ReaderRole));
    private static readonly Pod EckOperator = new(Namespaces.ElasticSystem, ("control-plane", "elastic-operator"));
    private static readonly Pod StrimziOperator = new(Namespaces.Logging, ("name", "strimzi-cluster-operator"), ("strimzi.io/kind", "cluster-operator"));
    private static readonly Pod Stranger = new("default", ("app", "curious"));

    public static TheoryData<string> AllStacks() => Stacks.AllData();

    public static TheoryData<string> Environments() => Stacks.Data(Infra.Config.StackRole.Environment);

    public static TheoryData<string> Controlplanes() => Stacks.Data(Infra.Config.StackRole.Controlplane);

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void PrometheusReachesTheMetricsPortsOfThisClustersPipeline(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var policies = Policies(compiled);
        var fluentBitPort = int.Parse(FluentBitHttpPort().Match(compiled.Graph.Documents.Single(d => d.Path == "fluent-bit/fluent-bit.conf").Content).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Allowed(policies, Prometheus, FluentBitPod, fluentBitPort), "Prometheus -> Fluent Bit metrics");
        Assert.True(Allowed(policies, Prometheus, FluentBitPod, FluentBit.LogMetricsPort), "Prometheus -> Fluent Bit's delivery-failure counter (prometheus_exporter)");
        // Strimzi's metrics reporter serves on 9404 on every Kafka node.
        Assert.True(Allowed(policies, Prometheus, KafkaBroker, 9404), "Prometheus -> Kafka metrics");
        // The Strimzi chart's operator container serves /metrics on its port "http", 8080.
        Assert.True(Allowed(policies, Prometheus, StrimziOperator, 8080), "Prometheus -> Strimzi operator metrics");
        Assert.False(Allowed(policies, Stranger, FluentBitPod, fluentBitPort), "a pod of another namespace reaches Fluent Bit");
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void TheControlplanesLogAndDashboardEdgesAreOpenAndNothingElse(string controlplane)
    {
        var compiled = Stacks.Compile(controlplane);
        var policies = Policies(compiled);
        var exporterPort = (int)((NumberValue)GraphTests.ChartValues(compiled, "elasticsearch-exporter").At("service.httpPort")!).Number;
        var logstash = new PipelineObjects(controlplane).Single("Logstash");
        var sidecar = ((ListValue)logstash.At("spec.podTemplate.spec.containers")!).Items.Cast<ObjectValue>().Single(c => c["name"] == new StringValue("logstash-exporter"));
        var sidecarPort = (int)((NumberValue)((ObjectValue)((ListValue)sidecar["ports"]!).Items.Single())["containerPort"]!).Number;

        Assert.True(Allowed(policies, Prometheus, ElasticsearchExporter, exporterPort), "Prometheus -> Elasticsearch exporter");
        Assert.True(Allowed(policies, Prometheus, LogstashPod, sidecarPort), "Prometheus -> Logstash exporter");
        // Grafana's container listens on 3000 (the chart's service targets it).
        Assert.True(Allowed(policies, Prometheus, Grafana, 3000), "Prometheus -> Grafana");
        var eckMetricsPort = int.Parse(((StringValue)GraphTests.ChartValues(compiled, Elasticsearch.OperatorRelease).At("config.metrics.port")!).Text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Allowed(policies, Prometheus, EckOperator, eckMetricsPort), "Prometheus -> ECK operator metrics");
        Assert.True(Allowed(policies, LogstashPod, ElasticsearchNode, 9200), "Logstash -> Elasticsearch");
        Assert.True(Allowed(policies, Kibana, ElasticsearchNode, 9200), "Kibana -> Elasticsearch");
        Assert.True(Allowed(policies, Grafana, ElasticsearchNode, 9200), "Grafana -> Elasticsearch");
        Assert.True(Allowed(policies, Grafana, Prometheus, 9090), "Grafana -> Prometheus");
        Assert.True(Allowed(policies, EckOperator, ElasticsearchNode, 9200), "ECK operator -> Elasticsearch");
        Assert.True(Allowed(policies, EckOperator, Kibana, 5601), "ECK operator -> Kibana");
        Assert.True(Allowed(policies, EckOperator, LogstashPod, 9600), "ECK operator -> Logstash API");

        Assert.False(Allowed(policies, Stranger, ElasticsearchNode, 9200), "a pod of another namespace reaches Elasticsearch");
        Assert.False(Allowed(policies, FluentBitPod, ElasticsearchNode, 9200), "Fluent Bit reaches Elasticsearch directly");
        Assert.False(Allowed(policies, Stranger, Prometheus, 9090), "a pod of another namespace reaches Prometheus");
        Assert.False(Allowed(policies, Prometheus, LogstashPod, 9600), "Prometheus reaches the Logstash API");

        // Inside elastic, each client reaches what it uses and nothing else (no namespace-wide allow).
        Assert.True(Allowed(policies, ElasticsearchNode, ElasticsearchNode, Elasticsearch.TransportPort), "Elasticsearch -> Elasticsearch transport");
        Assert.True(Allowed(policies, ElasticsearchExporter, ElasticsearchNode, 9200), "exporter -> Elasticsearch");
        Assert.True(Allowed(policies, SetupJob, ElasticsearchNode, 9200), "setup Job -> Elasticsearch");
        Assert.True(Allowed(policies, SetupJob, Kibana, 5601), "setup Job -> Kibana");
        Assert.False(Allowed(policies, Grafana, Kibana, 5601), "Grafana reaches Kibana past its sign-in proxies");
        Assert.False(Allowed(policies, Grafana, ElasticsearchNode, Elasticsearch.TransportPort), "Grafana reaches Elasticsearch's transport port");
        Assert.False(Allowed(policies, KibanaSignIn, ElasticsearchNode, 9200), "Kibana's sign-in proxy reaches Elasticsearch");
        Assert.False(Allowed(policies, KibanaSignIn, Grafana, 3000), "Kibana's sign-in proxy reaches Grafana");
        Assert.False(Allowed(policies, Kibana, ElasticsearchNode, Elasticsearch.TransportPort), "Kibana reaches Elasticsearch's transport port");
        Assert.False(Allowed(policies, ElasticsearchExporter, Kibana, 5601), "the exporter reaches Kibana");
    }

    /// <summary>
    /// Inside monitoring, on every stack: Prometheus scrapes the namespace's metrics ports and sends alerts to
    /// Alertmanager, whose replicas gossip on 9094 (TCP and UDP); nothing else of the namespace reaches
    /// Prometheus or Alertmanager (the gateway and Grafana declare their own edges).
    /// </summary>
    [Theory]
    [MemberData(nameof(AllStacks))]
    public void MonitoringsPodsReachWhatTheyUseOnly(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var policies = Policies(compiled);
        var rendered = Infra.Tests.Policies.RenderedNetworkPolicies.Of(compiled.Graph);
        Assert.True(Allowed(policies, Prometheus, Alertmanager, Infra.Components.Alertmanager.Port), "Prometheus -> Alertmanager");
        Assert.True(Allowed(policies, Prometheus, Prometheus, KubePrometheus.PrometheusPort), "Prometheus -> Prometheus (self, HA peer)");
        foreach (var (target, port) in new[] { (KubeStateMetrics, KubePrometheus.KubeStateMetricsPort), (PrometheusOperator, KubePrometheus.OperatorPort), (Alertmanager, KubePrometheus.ReloaderPort), (Prometheus, KubePrometheus.ReloaderPort) })
        {
            Assert.True(Allowed(policies, Prometheus, target, port), $"Prometheus scrapes {string.Join(",", target.Labels.Values)}:{port}");
        }

        foreach (var protocol in new[] { "TCP", "UDP" })
        {
            Assert.True(rendered.EgressAllows(Namespaces.Monitoring, Alertmanager.Labels, Namespaces.Monitoring, Alertmanager.Labels, protocol, Infra.Components.Alertmanager.MeshPort), $"Alertmanager -> peers {protocol}");
            Assert.True(rendered.IngressAllows(Namespaces.Monitoring, Alertmanager.Labels, Namespaces.Monitoring, Alertmanager.Labels, Infra.Components.Alertmanager.MeshPort, protocol), $"Alertmanager <- peers {protocol}");
        }

        foreach (var source in new[] { KubeStateMetrics, PrometheusOperator, FederationGatewayPod })
        {
            Assert.False(Allowed(policies, source, Alertmanager, Infra.Components.Alertmanager.MeshPort), $"{string.Join(",", source.Labels.Values)} reaches Alertmanager's gossip port");
            Assert.False(Allowed(policies, source, KubeStateMetrics, KubePrometheus.KubeStateMetricsPort), $"{string.Join(",", source.Labels.Values)} reaches kube-state-metrics");
        }

        foreach (var source in new[] { KubeStateMetrics, PrometheusOperator, Alertmanager })
        {
            Assert.False(Allowed(policies, source, Prometheus, KubePrometheus.PrometheusPort), $"{string.Join(",", source.Labels.Values)} reaches Prometheus");
            Assert.False(Allowed(policies, source, Alertmanager, Infra.Components.Alertmanager.Port), $"{string.Join(",", source.Labels.Values)} reaches Alertmanager's API");
        }
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void AnEnvironmentsFederationGatewayIsReachableOnItsTlsPortOnly(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var policies = Policies(compiled);
        var gateway = FederationGatewayPod;
        var controlplane = compiled.Settings.Get(Infra.Config.SettingsCatalog.ControlplaneCidrs).Items.Select(c => Pod.At(System.Net.IPNetwork.Parse(c).BaseAddress.ToString())).FirstOrDefault() ?? Stranger;
        Assert.True(Allowed(policies, controlplane, gateway, FederationGateway.TlsPort), "controlplane (through the load balancer) -> federation gateway");
        Assert.False(Allowed(policies, controlplane, gateway, KubePrometheus.PrometheusPort), "the federation gateway is reachable on another port");
        Assert.False(Allowed(policies, Stranger, Prometheus, 9090), "Prometheus itself is reachable from outside its namespace");
        // Behind it, Prometheus' and Alertmanager's web ports only.
        Assert.True(Allowed(policies, gateway, Prometheus, KubePrometheus.PrometheusPort), "federation gateway -> Prometheus");
        Assert.True(Allowed(policies, gateway, Alertmanager, Infra.Components.Alertmanager.Port), "federation gateway -> Alertmanager");
        Assert.False(Allowed(policies, gateway, Alertmanager, Infra.Components.Alertmanager.MeshPort), "federation gateway -> Alertmanager's gossip port");
        Assert.False(Allowed(policies, gateway, KubeStateMetrics, KubePrometheus.KubeStateMetricsPort), "federation gateway -> kube-state-metrics");
    }

    /// <summary>
    /// The user interfaces behind the Ingresses, each reached where its pods really listen: Grafana's
    /// container port (the chart's service targets 3000) and Kibana's (ECK's service, 5601). An Ingress
    /// whose backend is not here fails the test until its pods are added.
    /// </summary>
    private static readonly Dictionary<string, (Pod Pods, int Port)> IngressBackends = new(StringComparer.Ordinal)
    {
        ["grafana"] = (Grafana, 3000),
        // Kibana is behind its sign-in proxies (one per role); the proxies are the Ingress' backends.
        [KibanaProxy.DeploymentName(KibanaUsers.ReaderRole)] = (new Pod(Namespaces.Elastic, KibanaProxy.RolePods(KibanaUsers.ReaderRole)), KibanaProxy.HttpPort),
        [KibanaProxy.DeploymentName(KibanaUsers.AdminRole)] = (new Pod(Namespaces.Elastic, KibanaProxy.RolePods(KibanaUsers.AdminRole)), KibanaProxy.HttpPort),
    };

    public static TheoryData<string, string> ControlplanesAndIngressClasses()
    {
        var data = new TheoryData<string, string>();
        foreach (var stack in Stacks.AtLeastOne(Infra.Config.StackRole.Controlplane))
        {
            data.Add(stack, UserInterfaces.AlbClass);
            data.Add(stack, UserInterfaces.NginxClass);
        }

        return data;
    }

    /// <summary>
    /// Every Ingress backend admits exactly the ingress controller: with ingress-nginx its controller pods in
    /// its namespace (not other pods there, not pods elsewhere); with the ALB (IP targets) the load balancer's
    /// subnets (not an address outside them, and no pod: pods do not live in those subnets).
    /// </summary>
    [Theory]
    [MemberData(nameof(ControlplanesAndIngressClasses))]
    public void EveryIngressBackendAdmitsExactlyTheIngressController(string controlplane, string ingressClass)
    {
        const string controllerNamespace = "edge-ingress";
        var compiled = Stacks.CompileWith(controlplane, new Dictionary<string, string>
        {
            [Infra.Config.SettingsCatalog.IngressClass.Key] = ingressClass,
            [Infra.Config.SettingsCatalog.IngressControllerNamespace.Key] = controllerNamespace,
            [Infra.Config.SettingsCatalog.AlbSubnetCidrs.Key] = "[\"10.99.0.0/24\", \"10.99.1.0/24\"]",
            [Infra.Config.SettingsCatalog.AlbSubnets.Key] = "[\"subnet-0a1b2c3d4e5f60791\", \"subnet-0a1b2c3d4e5f60792\"]",
        });
        var policies = Policies(compiled);
        var ingresses = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:networking.k8s.io/v1:Ingress").ToList();
        Assert.NotEmpty(ingresses);
        var backends = ingresses
            .SelectMany(i => ((ListValue)i.Properties.At("spec.rules")!).Items.Cast<ObjectValue>())
            .SelectMany(rule => ((ListValue)rule.At("http.paths")!).Items.Cast<ObjectValue>())
            // An ALB action (use-annotation, e.g. Grafana's refusals) is answered by the load balancer: no pod behind it.
            .Where(path => path.At("backend.service.port.name") != new StringValue("use-annotation"))
            .Select(path => Text(path.At("backend.service.name")))
            .Distinct()
            .ToList();
        Assert.Contains("grafana", backends);
        Assert.Contains(KibanaProxy.DeploymentName(KibanaUsers.ReaderRole), backends);
        Assert.DoesNotContain($"{Infra.Components.Kibana.InstanceName}-kb-http", backends);

        var controller = new Pod(controllerNamespace, ("app.kubernetes.io/name", "ingress-nginx"), ("app.kubernetes.io/component", "controller"));
        // The chart's admission-webhook jobs run in the same namespace under the same name.
        var otherPodThere = new Pod(controllerNamespace, ("app.kubernetes.io/name", "ingress-nginx"), ("app.kubernetes.io/component", "admission-webhook"));
        var loadBalancer = Pod.At("10.99.1.17");
        var outsider = Pod.At("10.98.0.5");
        foreach (var backend in backends)
        {
            Assert.True(IngressBackends.TryGetValue(backend, out var target), $"Ingress backend {backend} has no known pods in this test; add them to IngressBackends");
            var (pods, port) = target;
            if (ingressClass == UserInterfaces.NginxClass)
            {
                Assert.True(Allowed(policies, controller, pods, port), $"ingress-nginx -> {backend}");
                Assert.False(Allowed(policies, loadBalancer, pods, port), $"an address reaches {backend} past the controller");
            }
            else
            {
                Assert.True(Allowed(policies, loadBalancer, pods, port), $"ALB -> {backend}");
                Assert.False(Allowed(policies, outsider, pods, port), $"an address outside the ALB's subnets reaches {backend}");
                Assert.False(Allowed(policies, controller, pods, port), $"a pod reaches {backend} with the ALB");
            }

            Assert.False(Allowed(policies, otherPodThere, pods, port), $"another pod of the controller's namespace reaches {backend}");
            Assert.False(Allowed(policies, Stranger, pods, port), $"a pod of another namespace reaches {backend}");
        }

        // Nothing of the ingress path reaches Kibana itself: only its sign-in proxies do.
        foreach (var source in new[] { controller, loadBalancer, outsider, otherPodThere })
        {
            Assert.False(Allowed(policies, source, Kibana, 5601), "the ingress path reaches Kibana past its sign-in proxy");
        }

        Assert.True(Allowed(policies, new Pod(Namespaces.Elastic, KibanaProxy.RolePods(KibanaUsers.ReaderRole)), Kibana, 5601), "the sign-in proxy cannot reach Kibana");
    }

    private static List<ObjectValue> Policies(CompiledStack compiled) => compiled.Graph.Resources
        .Where(r => r.Type == "kubernetes:networking.k8s.io/v1:NetworkPolicy")
        .Select(r => r.Properties)
        .ToList();

    /// <summary>Whether ingress from <paramref name="source"/> to <paramref name="target"/>:port is allowed (TCP).</summary>
    private static bool Allowed(List<ObjectValue> policies, Pod source, Pod target, int port)
    {
        var selecting = policies
            .Where(p => Text(p.At("metadata.namespace")) == target.Namespace && Selects((ObjectValue)p.At("spec.podSelector")!, target))
            .ToList();
        Assert.NotEmpty(selecting); // every platform pod is under default deny
        return selecting.Any(p => p.At("spec.ingress") is ListValue rules && rules.Items.Cast<ObjectValue>().Any(rule =>
            (rule["from"] is not ListValue from || from.Items.Cast<ObjectValue>().Any(peer => PeerMatches(peer, source, target.Namespace)))
            && (rule["ports"] is not ListValue ports || ports.Items.Cast<ObjectValue>().Any(p => p["port"] == new NumberValue(port)))));
    }

    private static bool PeerMatches(ObjectValue peer, Pod source, string policyNamespace)
    {
        if (peer["ipBlock"] is ObjectValue block)
        {
            // Only a source with an address is matched by one (a pod here stands for its labels).
            return source.Address is { } address && InRange(address, Text(block["cidr"]))
                && (block["except"] is not ListValue except || !except.Items.Any(e => InRange(address, Text(e))));
        }

        if (source.Address is not null)
        {
            return false;
        }

        var namespaceMatches = peer["namespaceSelector"] is ObjectValue namespaces
            ? Selects(namespaces, new Pod(source.Namespace, ("kubernetes.io/metadata.name", source.Namespace)))
            : source.Namespace == policyNamespace;
        var podMatches = peer["podSelector"] is not ObjectValue pods || Selects(pods, source);
        return namespaceMatches && podMatches;
    }

    private static bool Selects(ObjectValue selector, Pod pod) =>
        selector["matchLabels"] is not ObjectValue labels
        || labels.Entries.All(l => pod.Labels.TryGetValue(l.Key, out var v) && new StringValue(v) == l.Value);

    private static string Text(Value? value) => ((StringValue)value!).Text;

    private static bool InRange(string address, string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var prefix = int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var network = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(System.Net.IPAddress.Parse(cidr[..slash]).GetAddressBytes());
        var host = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(System.Net.IPAddress.Parse(address).GetAddressBytes());
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return (network & mask) == (host & mask);
    }

    [GeneratedRegex(@"HTTP_Port\s+([0-9]+)")]
    private static partial Regex FluentBitHttpPort();

    /// <summary>A connection's source: pods by namespace and labels, or (with <see cref="Address"/>) an address outside any pod, such as a load balancer's.</summary>
    private sealed record Pod(string Namespace, Dictionary<string, string> Labels, string? Address = null)
    {
        public Pod(string ns, params (string Key, string Value)[] labels)
            : this(ns, labels.ToDictionary(l => l.Key, l => l.Value))
        {
        }

        public static Pod At(string address) => new(string.Empty, [], address);
    }
}
