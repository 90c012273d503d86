using Infra.Model;
using Infra.Yaml;

namespace Infra.Components;

/// <summary>
/// A Helm chart release being assembled: the owning component and others add wiring values and
/// dependencies, then <see cref="Build"/> merges them with the user's values files and declares a
/// <c>kubernetes:helm.sh/v4:Chart</c>.
/// </summary>
public sealed class HelmRelease
{
    private readonly SortedDictionary<string, (string Reason, Value? Harmless)> _reserved = new(StringComparer.Ordinal);
    private ObjectValue _wiring = ObjectValue.Empty;
    private Resource? _built;

    public HelmRelease(string component, string release, ChartPin chart, Resource @namespace, string namespaceName)
    {
        Component = component;
        Release = release;
        Chart = chart;
        Namespace = @namespace;
        NamespaceName = namespaceName;
    }

    public string Component { get; }

    public string Release { get; }

    public ChartPin Chart { get; }

    public Resource Namespace { get; }

    public string NamespaceName { get; }

    public List<Resource> DependsOn { get; } = [];

    /// <summary>CRD API groups the chart installs (so custom resources can be ordered after it).</summary>
    public ISet<string> ProvidesApiGroups { get; } = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>True for charts whose volumes hold data: the release is protected when the stack protects state.</summary>
    public bool Stateful { get; set; }

    /// <summary>The chart resource, once built.</summary>
    public Resource Resource => _built ?? throw new InvalidOperationException($"release {Release} is not built yet");

    /// <summary>
    /// Chart keys that user files may not set at all, with why: they do not clash with a wired key, but
    /// would make the chart ignore the wiring (e.g. an existing Secret instead of the generated config).
    /// </summary>
    /// <param name="harmless">A value that changes nothing (the chart's default, e.g. false), still accepted.</param>
    public void Reserve(string keyPath, string reason, Value? harmless = null) => _reserved[keyPath] = (reason, harmless);

    /// <summary>Adds values the program computes; user files may not change them.</summary>
    public void Wire(ObjectValue values)
    {
        if (_built is not null)
        {
            throw new InvalidOperationException($"release {Release} is already built; wire it before Build()");
        }

        var clash = ChartValuesMerger.Conflicts(_wiring, values).ToList();
        if (clash.Count > 0)
        {
            throw new InvalidOperationException($"release {Release}: two components wire {string.Join(", ", clash)} differently");
        }

        _wiring = ChartValuesMerger.Merge(_wiring, values);
    }

    public Resource Build(StackContext context)
    {
        if (_built is not null)
        {
            return _built;
        }

        var problems = context.Problems;
        var user = ObjectValue.Empty;
        foreach (var (path, values) in context.ChartValues.FilesFor(Chart.Name, context.Settings.Stack, problems))
        {
            problems.AddRange(ChartValuesMerger.Conflicts(values, _wiring).Select(key =>
                $"stack '{context.Settings.Stack}': {path}: key '{key}' is set by the program for wiring ({Describe(_wiring.At(key))}); remove it from the file, or change the stack setting that drives it (docs/configuration.md)."));
            problems.AddRange(_reserved.Where(r => values.At(r.Key) is { } set && !set.Equals(r.Value.Harmless)).Select(r =>
                $"stack '{context.Settings.Stack}': {path}: key '{r.Key}' would switch off the program's wiring ({r.Value.Reason}); remove it from the file."));
            user = ChartValuesMerger.Merge(user, values);
        }

        var merged = ChartValuesMerger.Merge(user, _wiring);
        var properties = ObjectValue.Of(
            ("chart", Chart.Chart),
            ("version", Chart.Version),
            ("repositoryOpts", Chart.Repository is null ? null : ObjectValue.Of(("repo", Chart.Repository))),
            ("name", Release),
            ("namespace", new ReferenceValue(Namespace, "metadata.name")),
            ("values", merged));

        var resource = context.Kubernetes(Component, $"{Release}-chart", "kubernetes:helm.sh/v4:Chart", properties, Stateful, DependsOn.ToArray());
        resource.Options.CustomTimeout = "20m";
        foreach (var group in ProvidesApiGroups)
        {
            resource.ProvidesApiGroups.Add(group);
        }

        context.Graph.AddDocument(new RenderedDocument($"helm/{Release}.values.yaml", YamlWriter.Write(merged, YamlMode.Document), Component));
        _built = resource;
        return resource;
    }

    private static string Describe(Value? value) => value switch
    {
        null => "a mapping",
        StringValue s => $"'{s.Text}'",
        NumberValue n => n.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BoolValue b => b.Flag ? "true" : "false",
        _ => "a computed value",
    };
}
