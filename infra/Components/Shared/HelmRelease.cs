using Infra.Model;
using Infra.Yaml;

namespace Infra.Components;

/// <summary>
/// A Helm chart release: its <c>kubernetes:helm.sh/v4:Chart</c> resource exists from the start (so
/// others can depend on it), while the owning component and others add wiring values until the stack
/// is finished; then the wiring is merged with the user's values files (charts-values/).
/// </summary>
public sealed class HelmRelease
{
    private readonly SortedDictionary<string, (string Reason, Value? Harmless)> _reserved = new(StringComparer.Ordinal);
    private readonly StackContext _context;
    private readonly List<Action<ObjectValue>> _checks = [];
    private readonly List<Func<ObjectValue, ObjectValue>> _derived = [];
    private ObjectValue _wiring = ObjectValue.Empty;
    private Func<IReadOnlyList<string>, ObjectValue>? _watchScope;
    private bool _finished;

    internal HelmRelease(StackContext context, string component, string release, ChartPin chart, Resource @namespace, string namespaceName, bool stateful)
    {
        _context = context;
        Component = component;
        Release = release;
        Chart = chart;
        NamespaceName = namespaceName;
        Resource = context.Kubernetes(component, $"{release}-chart", "kubernetes:helm.sh/v4:Chart", ObjectValue.Empty, stateful);
        Resource.Options.CustomTimeout = "20m";
        _namespace = @namespace;
    }

    private readonly Resource _namespace;

    public string Component { get; }

    public string Release { get; }

    public ChartPin Chart { get; }

    public string NamespaceName { get; }

    /// <summary>The chart resource; its properties are set when the stack is finished.</summary>
    public Resource Resource { get; }

    /// <summary>CRD API groups the chart installs: custom resources of these groups are ordered after it.</summary>
    public ISet<string> ProvidesApiGroups => Resource.ProvidesApiGroups;

    /// <summary>Orders the release after another resource.</summary>
    public void DependsOn(Resource resource) => Resource.Options.DependsOn.Add(resource);

    /// <summary>
    /// Chart keys that user files may not set at all, with why: they do not clash with a wired key, but
    /// would make the chart ignore the wiring (e.g. an existing Secret instead of the generated config).
    /// </summary>
    /// <param name="harmless">A value that changes nothing (the chart's default, e.g. false), still accepted.</param>
    public void Reserve(string keyPath, string reason, Value? harmless = null) => _reserved[keyPath] = (reason, harmless);

    /// <summary>Adds values the program computes; user files may not change them.</summary>
    public void Wire(ObjectValue values)
    {
        if (_finished)
        {
            throw new InvalidOperationException($"release {Release} is already finished; wire it while components are built");
        }

        var clash = ChartValuesMerger.Conflicts(_wiring, values).ToList();
        if (clash.Count > 0)
        {
            throw new InvalidOperationException($"release {Release}: two components wire {string.Join(", ", clash)} differently");
        }

        _wiring = ChartValuesMerger.Merge(_wiring, values);
    }

    /// <summary>
    /// Adds values the program computes from the merged values (e.g. a limit sized from the resources the user's
    /// files give a container); user files may not change them either.
    /// </summary>
    public void WireFromMerged(Func<ObjectValue, ObjectValue> derive)
    {
        if (_finished)
        {
            throw new InvalidOperationException($"release {Release} is already finished; wire it while components are built");
        }

        _derived.Add(derive);
    }

    /// <summary>
    /// For an operator: the values that limit what it watches to the given namespaces, which are, once
    /// every component is built, the namespaces holding custom resources of <see cref="ProvidesApiGroups"/>
    /// (sorted, the release's own included when it holds some).
    /// </summary>
    public void ScopeWatchedNamespaces(Func<IReadOnlyList<string>, ObjectValue> values) => _watchScope = values;

    /// <summary>Wires the watch scope (see <see cref="ScopeWatchedNamespaces"/>) for these namespaces.</summary>
    internal void Scope(IReadOnlyList<string> namespaces)
    {
        if (_watchScope is not null)
        {
            Wire(_watchScope(namespaces));
        }
    }

    /// <summary>
    /// Checks the merged values (user files and wiring) once the stack is finished, for limits only the
    /// user's files set; the check reports to the context's <see cref="StackContext.Problems"/>.
    /// </summary>
    public void CheckMerged(Action<ObjectValue> check) => _checks.Add(check);

    /// <summary>Merges the user's values files under the wiring and sets the chart's properties.</summary>
    internal void Finish()
    {
        var context = _context;
        var problems = context.Problems;
        var files = context.ChartValues.FilesFor(Chart.Name, context.Settings, problems);
        var userValues = files.Aggregate(ObjectValue.Empty, (all, file) => ChartValuesMerger.Merge(all, file.Values));
        foreach (var derive in _derived)
        {
            Wire(derive(ChartValuesMerger.Merge(userValues, _wiring)));
        }

        _finished = true;
        var user = ObjectValue.Empty;
        foreach (var (path, values) in files)
        {
            problems.AddRange(ChartValuesMerger.Conflicts(values, _wiring).Select(key =>
                $"stack '{context.Settings.Stack}': {path}: key '{key}' is set by the program for wiring ({Describe(_wiring.At(key))}); remove it from the file, or change the stack setting that drives it (docs/configuration.md)."));
            problems.AddRange(_reserved.Where(r => values.At(r.Key) is { } set && !set.Equals(r.Value.Harmless)).Select(r =>
                $"stack '{context.Settings.Stack}': {path}: key '{r.Key}' would switch off the program's wiring ({r.Value.Reason}); remove it from the file."));
            user = ChartValuesMerger.Merge(user, values);
        }

        var merged = ChartValuesMerger.Merge(user, _wiring);
        Resource.Properties = ObjectValue.Of(
            ("chart", Chart.Chart),
            ("version", Chart.Version),
            ("repositoryOpts", Chart.Repository is null ? null : ObjectValue.Of(("repo", Chart.Repository))),
            ("name", Release),
            ("namespace", new ReferenceValue(_namespace, "metadata.name")),
            ("values", merged));
        context.Graph.AddDocument(new RenderedDocument($"helm/{Release}.values.yaml", () => YamlWriter.Write(merged, YamlMode.Document), Component));
        foreach (var check in _checks)
        {
            check(merged);
        }
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
