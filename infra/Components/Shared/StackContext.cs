using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// What every component builds with: the stack's settings, its graph, its explicit providers, the
/// user's chart values, and helpers that apply the stack-wide rules (provider, version, protect).
/// </summary>
public sealed class StackContext
{
    private readonly Dictionary<string, Resource> _namespaces = new(StringComparer.Ordinal);

    public StackContext(StackSettings settings, ChartValuesSource chartValues)
    {
        Settings = settings;
        ChartValues = chartValues;
        Graph = new ResourceGraph(settings.Stack, $"Observability platform, {settings.Role.ToString().ToLowerInvariant()} stack '{settings.Stack}' ({settings.Profile.ToString().ToLowerInvariant()} profile)");

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
    }

    public StackSettings Settings { get; }

    /// <summary>Problems in the user's input found while building (reported together at the end).</summary>
    public List<string> Problems { get; } = [];

    public ChartValuesSource ChartValues { get; }

    public ResourceGraph Graph { get; }

    public Resource KubernetesProvider { get; }

    public Resource RandomProvider { get; }

    /// <summary>Only the controlplane uses AWS (snapshot bucket); environment stacks need no AWS credentials.</summary>
    public Resource? AwsProvider { get; }

    public bool ProtectState => Settings.Get(SettingsCatalog.ProtectStatefulResources);

    /// <summary>The namespace of that name, declared once per stack by the first component that asks.</summary>
    public Resource Namespace(string name, string component, string podSecurity, bool holdsData)
    {
        if (_namespaces.TryGetValue(name, out var existing))
        {
            return existing;
        }

        var resource = Kubernetes(component, $"{name}-namespace", "kubernetes:core/v1:Namespace", ObjectValue.Of(
            ("metadata", ObjectValue.Of(
                ("name", name),
                ("labels", ObjectValue.Of(
                    ("app.kubernetes.io/part-of", "observability"),
                    ("pod-security.kubernetes.io/enforce", podSecurity),
                    ("pod-security.kubernetes.io/warn", "restricted")))))), holdsData);
        _namespaces[name] = resource;
        return resource;
    }

    /// <summary>Declares a Kubernetes resource with the stack's provider; stateful ones are protected when the stack says so.</summary>
    public Resource Kubernetes(string component, string name, string type, ObjectValue properties, bool stateful = false, params Resource[] dependsOn)
    {
        var resource = new Resource(name, type, component, properties);
        resource.Options.Provider = KubernetesProvider;
        resource.Options.Protect = stateful && ProtectState;
        resource.Options.DependsOn.AddRange(dependsOn);
        return Graph.Add(resource);
    }

    /// <summary>
    /// Declares custom resources through <c>kubernetes:yaml/v2:ConfigGroup</c> (the YAML runtime rejects
    /// CustomResource), ordered after the chart that installs their CRDs.
    /// </summary>
    public Resource CustomResources(string component, string name, IReadOnlyList<ObjectValue> objects, Resource operatorChart, bool stateful, params Resource[] dependsOn)
    {
        var resource = Kubernetes(component, name, "kubernetes:yaml/v2:ConfigGroup", ObjectValue.Of(("objs", ListValue.Of(objects))), stateful,
            [operatorChart, .. dependsOn]);
        foreach (var obj in objects)
        {
            var apiVersion = ((StringValue)obj["apiVersion"]!).Text;
            resource.RequiresApiGroups.Add(apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)]);
        }

        return resource;
    }

    /// <summary>
    /// Declares a component's alerting and recording rules: a <c>PrometheusRule</c> picked up by this
    /// cluster's Prometheus, and the same groups as <c>prometheus/rules/&lt;file&gt;.yaml</c> for render.
    /// </summary>
    public Resource AddRules(string component, string file, IReadOnlyList<RuleGroup> groups, Resource monitoringChart)
    {
        var spec = Rules.PrometheusRuleFile.Spec(groups, component, Settings);
        var rule = ObjectValue.Of(
            ("apiVersion", "monitoring.coreos.com/v1"),
            ("kind", "PrometheusRule"),
            ("metadata", Metadata(file, Namespaces.Monitoring, "rules")),
            ("spec", spec));
        Graph.AddRuleGroups(component, groups);
        Graph.AddDocument(new RenderedDocument($"prometheus/rules/{file}.yaml", Yaml.YamlWriter.Write(spec, Yaml.YamlMode.Document), component));
        return CustomResources(component, $"{file}-rules", [rule], monitoringChart, stateful: false);
    }

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
