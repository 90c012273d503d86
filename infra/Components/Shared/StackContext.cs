using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// What every component builds with: the stack's settings, its graph and explicit providers, the
/// namespaces (declared up front), the other components, and the typed contributions (chart releases,
/// rules, dashboards, network edges, workloads, outputs) that <see cref="Finish"/> turns into resources
/// in one pass once every component is built.
/// </summary>
public sealed class StackContext
{
    private readonly Dictionary<string, Resource> _namespaces = new(StringComparer.Ordinal);
    private readonly List<HelmRelease> _releases = [];
    private readonly List<RuleFile> _ruleFiles = [];
    private readonly List<Dashboard> _dashboards = [];
    private readonly List<NetworkEdge> _edges = [];
    private readonly List<NetworkEgress> _egresses = [];
    private readonly List<WorkloadSource> _workloads = [];
    private readonly List<IComponent> _components = [];
    private bool _finished;

    public StackContext(StackSettings settings, ChartValuesSource chartValues, EnvironmentFactsSource? environmentFacts = null, global::Infra.Components.Teams.TeamsSource? teams = null)
    {
        Settings = settings;
        ChartValues = chartValues;
        Graph = new ResourceGraph(settings.Stack, $"Observability platform, {settings.Role.ToString().ToLowerInvariant()} stack '{settings.Stack}' ({settings.Profile.Name} profile)");

        KubernetesProvider = Graph.Add(new Resource("kubernetes-provider", "pulumi:providers:kubernetes", Platform.ComponentName, ObjectValue.Of(
            ("context", settings.Get(SettingsCatalog.KubeContext)),
            ("enableServerSideApply", true),
            ("deleteUnreachable", false))));
        RandomProvider = Graph.Add(new Resource("random-provider", "pulumi:providers:random", Platform.ComponentName, ObjectValue.Empty));
        if (settings.Role == StackRole.Controlplane)
        {
            AwsProvider = Graph.Add(new Resource("aws-provider", "pulumi:providers:aws", Platform.ComponentName, ObjectValue.Of(
                ("region", settings.Get(SettingsCatalog.AwsRegion)),
                ("defaultTags", ObjectValue.Of(("tags", ObjectValue.Of(
                    ("managed-by", "pulumi"),
                    ("project", SettingsCatalog.Namespace),
                    ("stack", settings.Stack))))))));
        }

        foreach (var spec in Namespaces.All.Where(n => n.Roles.Contains(settings.Role)))
        {
            _namespaces[spec.Name] = Kubernetes(Platform.ComponentName, $"{spec.Name}-namespace", "kubernetes:core/v1:Namespace", ObjectValue.Of(
                ("metadata", ObjectValue.Of(
                    ("name", spec.Name),
                    ("labels", ObjectValue.Of(
                        ("app.kubernetes.io/part-of", "observability"),
                        ("pod-security.kubernetes.io/enforce", spec.PodSecurity),
                        ("pod-security.kubernetes.io/warn", "restricted"),
                        // The AWS Load Balancer Controller then holds a pod's readiness until its NLB or ALB target is
                        // healthy, so a rollout (or Strimzi's broker roll) never leaves the load balancer empty.
                        (LoadBalancers.ReadinessGateLabel, spec.HasLoadBalancerTargets(settings.Role) ? "enabled" : null)))))), spec.HoldsData);
        }

        Graph.AddOutput(new StackOutput(EnvironmentOutputs.Environment, settings.Environment, false, "value of the environment label"));
        Graph.AddOutput(new StackOutput(EnvironmentOutputs.Cluster, settings.Cluster, false, "value of the cluster label"));
        if (settings.Role == StackRole.Environment)
        {
            Graph.AddOutput(new StackOutput(EnvironmentOutputs.TlsCaCertificate, settings.Get(SettingsCatalog.TlsCaCertificate), false,
                "PEM of the private CA behind the Kafka listener's and federation endpoint's certificates; empty when they are publicly trusted"));
        }

        // The controlplane reads every environment stack it federates and whose logs it consumes.
        Environments = settings.Role == StackRole.Controlplane
            ? settings.Get(SettingsCatalog.Environments).Items.Order(StringComparer.Ordinal).Select(name => new EnvironmentStack(this, name)).ToList()
            : [];
        var facts = environmentFacts ?? EnvironmentFactsSource.Defaults;
        EnvironmentFacts = Environments.Select(e => facts.For(e.Stack)).ToList();
        EnvironmentLiterals = Environments.ToDictionary(e => e.Stack, e => global::Infra.Components.EnvironmentLiterals.Of(settings.Stack, facts.IdentityOf(e.Stack), Problems), StringComparer.Ordinal);
        EnvironmentLabels = EnvironmentLiterals.ToDictionary(e => e.Key, e => e.Value.Environment, StringComparer.Ordinal);
        Teams = (teams ?? new global::Infra.Components.Teams.TeamsSource(null)).For(settings, Problems);
    }

    /// <summary>The teams this stack serves (observability:teams of its on-call stack); their namespaces of this environment are theirs.</summary>
    public global::Infra.Components.Teams.TeamList Teams { get; }

    public StackSettings Settings { get; }

    /// <summary>Problems in the user's input found while building (reported together at the end).</summary>
    public List<string> Problems { get; } = [];

    public ChartValuesSource ChartValues { get; }

    public ResourceGraph Graph { get; }

    public Resource KubernetesProvider { get; }

    public Resource RandomProvider { get; }

    /// <summary>Only the controlplane uses AWS (snapshot bucket); environment stacks need no AWS credentials.</summary>
    public Resource? AwsProvider { get; }

    /// <summary>On the controlplane, the environment stacks it reads (sorted by name); empty elsewhere.</summary>
    public IReadOnlyList<EnvironmentStack> Environments { get; }

    /// <summary>
    /// What the compile knows of each environment in <see cref="Environments"/> (same order): its stack
    /// file's retention and partitions, for sizing checks only; the program reads the deployed outputs.
    /// </summary>
    public IReadOnlyList<EnvironmentFacts> EnvironmentFacts { get; }

    /// <summary>
    /// The <c>environment</c> label of each environment in <see cref="Environments"/> (by stack), from its stack file:
    /// its logs are labelled and its teams' namespaces routed by it, as its metrics and alerts are.
    /// </summary>
    public IReadOnlyDictionary<string, string> EnvironmentLabels { get; }

    /// <summary>
    /// Each environment's labels and time zone from its stack file, validated here: the controlplane writes them into
    /// Logstash's configuration and Prometheus' relabelling as literals, never from the environment's stack outputs.
    /// </summary>
    public IReadOnlyDictionary<string, EnvironmentLiterals> EnvironmentLiterals { get; }

    /// <summary>The environment label of a log source: this stack's own, or an environment's (<see cref="EnvironmentLabels"/>).</summary>
    public string EnvironmentLabelOf(string stack) => stack == Settings.Stack ? Settings.Environment : EnvironmentLabels.TryGetValue(stack, out var label) ? label : stack;

    public bool ProtectState => Settings.Get(SettingsCatalog.ProtectStatefulResources);

    /// <summary>Dashboards every component contributed (Grafana provisions them).</summary>
    public IReadOnlyList<Dashboard> Dashboards => _dashboards;

    /// <summary>The connections every component needs; <see cref="NetworkPolicies"/> allows exactly these.</summary>
    public IReadOnlyList<NetworkEdge> Edges => _edges;

    /// <summary>The connections every component's pods open to what no edge of ours covers; <see cref="NetworkPolicies"/> allows exactly these.</summary>
    public IReadOnlyList<NetworkEgress> Egresses => _egresses;

    /// <summary>The pods of every workload, as the components that declare them read them.</summary>
    public IReadOnlyList<WorkloadSource> Workloads => _workloads;

    /// <summary>What the components contributed besides resources.</summary>
    public Contributions Contributions => new(_workloads, _dashboards, _edges, EnvironmentFacts) { Egresses = _egresses };

    /// <summary>The namespace resource of a namespace this stack role has.</summary>
    public Resource Namespace(string name) => _namespaces.TryGetValue(name, out var resource)
        ? resource
        : throw new InvalidOperationException($"namespace '{name}' is not declared for the {Settings.Role} role (Namespaces.All)");

    /// <summary>
    /// Builds a component now and returns what the components wired to it need (null: nothing): what it needs of
    /// the others it received when its product's manifest in <see cref="Products.All"/> constructed it.
    /// </summary>
    public object? BuildReturning(IComponent component)
    {
        Include(component);
        return component.BuildReturning(this);
    }

    /// <summary>Completes every component built (in the order they were), then <see cref="Finish"/>.</summary>
    public ResourceGraph CompleteAll()
    {
        foreach (var component in _components)
        {
            component.Complete(this);
        }

        Finish();
        return Graph;
    }

    private void Include(IComponent component)
    {
        if (_finished || _components.Contains(component))
        {
            throw new InvalidOperationException($"component {component.Name} is built twice or after the stack was finished (Products.BuildComponents builds each once)");
        }

        _components.Add(component);
    }

    /// <summary>A Helm release of a component; any component may wire values into it until the stack is finished.</summary>
    public HelmRelease Release(string component, string release, ChartPin chart, string @namespace, bool stateful = false)
    {
        var helm = new HelmRelease(this, component, release, chart, Namespace(@namespace), @namespace, stateful);
        _releases.Add(helm);
        return helm;
    }

    /// <summary>Declares a Kubernetes resource with the stack's provider; stateful ones are protected when the stack says so.</summary>
    public Resource Kubernetes(string component, string name, string type, ObjectValue properties, bool stateful = false, params Resource[] dependsOn)
    {
        var resource = new Resource(name, type, component, properties);
        resource.Options.Provider = KubernetesProvider;
        resource.Options.Protect = stateful && ProtectState;
        resource.Options.DependsOn.AddRange(dependsOn);
        Graph.Add(resource);
        if (NativeWorkloads.KindOf(type) is { } kind)
        {
            _workloads.Add(new WorkloadSource(resource, r => [NativeWorkloads.Read(r.Component, kind, r.Properties) with
            {
                Spread = Placement.Read(ValueAccess.At(r.Properties, "spec", "template", "spec"), Placement.HasDisruptionBudget(
                    Graph, ValueAccess.Text(r.Properties, "metadata", "namespace"), ValueAccess.At(r.Properties, "spec", "template", "metadata", "labels"))),
            }]));
        }

        return resource;
    }

    /// <summary>
    /// Declares custom resources through <c>kubernetes:yaml/v2:ConfigGroup</c> (the YAML runtime rejects
    /// CustomResource). <see cref="Finish"/> orders it after the chart that installs their CRDs.
    /// </summary>
    public Resource CustomResources(string component, string name, IReadOnlyList<ObjectValue> objects, bool stateful, params Resource[] dependsOn)
    {
        var resource = Kubernetes(component, name, "kubernetes:yaml/v2:ConfigGroup", ObjectValue.Of(("objs", ListValue.Of(objects))), stateful, dependsOn);
        foreach (var obj in objects)
        {
            var apiVersion = ((StringValue)obj["apiVersion"]!).Text;
            resource.RequiresApiGroups.Add(apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)]);
        }

        return resource;
    }

    /// <summary>Contributes a component's alerting and recording rules (a PrometheusRule and a rendered rule file).</summary>
    public void AddRules(string component, string file, IReadOnlyList<RuleGroup> groups) => _ruleFiles.Add(new RuleFile(component, file, groups));

    public void AddDashboard(Dashboard dashboard) => _dashboards.Add(dashboard);

    public void AddEdge(NetworkEdge edge) => _edges.Add(edge);

    public void AddEgress(NetworkEgress egress) => _egresses.Add(egress);

    public void AddOutput(StackOutput output) => Graph.AddOutput(output);

    /// <summary>Tells the footprint how to read the pods of a resource the component declared.</summary>
    public void AddWorkloads(Resource resource, Func<Resource, IEnumerable<WorkloadFootprint>> read) => _workloads.Add(new WorkloadSource(resource, read));

    /// <summary>A generated password (random provider); reference its <c>result</c> output, which Pulumi keeps secret.</summary>
    public Resource RandomPassword(string component, string name, int length = 32)
    {
        var resource = new Resource(name, "random:index/randomPassword:RandomPassword", component, ObjectValue.Of(
            ("length", length),
            ("special", false)));
        resource.Options.Provider = RandomProvider;
        return Graph.Add(resource);
    }

    /// <summary>A resource of the AWS package, with the controlplane's AWS provider.</summary>
    public Resource Aws(string component, string name, string type, ObjectValue properties, bool stateful = false, params Resource[] dependsOn)
    {
        var resource = new Resource(name, type, component, properties);
        resource.Options.Provider = AwsProvider ?? throw new InvalidOperationException("AWS resources exist only on the controlplane");
        resource.Options.Protect = stateful && ProtectState;
        resource.Options.DependsOn.AddRange(dependsOn);
        return Graph.Add(resource);
    }

    /// <summary>
    /// Turns the contributions into resources, in one pass: chart values (wiring from every component
    /// merged with the user's files), rule files, NetworkPolicies from the edges, and each custom
    /// resource's dependency on the chart that installs its CRDs. Then reports input problems.
    /// </summary>
    private void Finish()
    {
        if (_finished)
        {
            throw new InvalidOperationException("the stack is already finished");
        }

        _finished = true;
        var customResources = CustomResourceNamespaces();
        foreach (var release in _releases)
        {
            release.Scope([.. customResources.Where(c => release.ProvidesApiGroups.Contains(c.Group)).Select(c => c.Namespace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
            release.Finish();
        }

        foreach (var file in _ruleFiles)
        {
            EmitRules(file);
        }

        NetworkPolicies.Declare(this);
        var providers = _releases.SelectMany(r => r.ProvidesApiGroups.Select(g => (Group: g, r.Resource))).ToList();
        foreach (var resource in Graph.Resources.Where(r => r.RequiresApiGroups.Count > 0))
        {
            resource.Options.DependsOn.AddRange(providers.Where(p => resource.RequiresApiGroups.Contains(p.Group) && !resource.Options.DependsOn.Contains(p.Resource)).Select(p => p.Resource));
        }

        Problems.AddRange(ChartValues.StrayFiles(Settings.Stack, Products.Charts.Select(c => c.Name)));
        Problems.AddRange(ChartValuesSource.UnknownProfileCharts(Settings.Profile, Products.Charts.Select(c => c.Name)));
        if (Problems.Count > 0)
        {
            throw new CompilationException(Problems);
        }
    }

    /// <summary>The API group and namespace of every namespaced custom resource in the graph (typed resources and ConfigGroups' objects).</summary>
    public IReadOnlyList<(string Group, string Namespace)> CustomResourceNamespaces()
    {
        var found = new List<(string, string)>();
        foreach (var resource in Graph.Resources)
        {
            if (resource.Type == "kubernetes:yaml/v2:ConfigGroup")
            {
                foreach (var obj in (resource.Properties["objs"] as ListValue)?.Items.OfType<ObjectValue>() ?? [])
                {
                    if (obj["apiVersion"] is StringValue api && api.Text.Contains('/', StringComparison.Ordinal) && obj.At("metadata.namespace") is StringValue ns)
                    {
                        found.Add((api.Text[..api.Text.IndexOf('/', StringComparison.Ordinal)], ns.Text));
                    }
                }
            }
            else if (resource.Type.Split(':') is ["kubernetes", var groupVersion, _] && groupVersion.Split('/') is [var group, _] && group.Contains('.', StringComparison.Ordinal)
                && resource.Properties.At("metadata.namespace") is StringValue ns)
            {
                found.Add((group, ns.Text));
            }
        }

        return found;
    }

    private void EmitRules(RuleFile file)
    {
        // The component's first dashboard is where its alerts' notifications link to.
        var dashboard = _dashboards.FirstOrDefault(d => d.Owner == file.Component)?.Uid;
        var spec = PrometheusRuleFile.Spec(file.Groups, file.Component, Settings, dashboard);
        var rule = ObjectValue.Of(
            ("apiVersion", "monitoring.coreos.com/v1"),
            ("kind", "PrometheusRule"),
            ("metadata", Metadata(file.File, Namespaces.Monitoring, "rules")),
            ("spec", spec));
        Graph.AddRuleGroups(file.Component, file.Groups);
        Graph.AddDocument(new RenderedDocument($"prometheus/rules/{file.File}.yaml", () => Yaml.YamlWriter.Write(spec, Yaml.YamlMode.Document), file.Component));
        CustomResources(file.Component, $"{file.File}-rules", [rule], stateful: false);
    }

    /// <summary>Standard labels for objects the program creates itself.</summary>
    public static ObjectValue Labels(string name, string component) => ObjectValue.Of(
        ("app.kubernetes.io/name", name),
        ("app.kubernetes.io/component", component),
        ("app.kubernetes.io/part-of", "observability"),
        ("app.kubernetes.io/managed-by", "pulumi"));

    /// <summary>Metadata with name, namespace and standard labels.</summary>
    public static ObjectValue Metadata(string name, string @namespace, string component, ObjectValue? extraLabels = null) => ObjectValue.Of(
        ("name", name),
        ("namespace", @namespace),
        ("labels", extraLabels is null ? Labels(name, component) : ChartValuesMerger.Merge(Labels(name, component), extraLabels)));
}
