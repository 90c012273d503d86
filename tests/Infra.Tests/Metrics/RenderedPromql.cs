namespace Infra.Tests.Metrics;

/// <summary>
/// Every PromQL expression in a stack's rendered output (the files of <c>render</c>: Main.yaml, the rule
/// files, dashboards, federation and Helm values), found by walking every file rather than by knowing where
/// each component puts its queries: an <c>expr</c> anywhere (rules, PrometheusRules, panel targets, Grafana
/// alert queries), every <c>match[]</c> selector (federation), every query of a Grafana templating
/// variable; JSON documents embedded in strings (dashboards in ConfigMaps) are searched too. Also the
/// names recorded (<c>record:</c>) and the names a relabelling writes (<c>target_label: __name__</c>).
/// </summary>
public sealed class RenderedPromql
{
    private readonly Dictionary<(string Expr, string Kind), List<string>> _found = [];
    private readonly List<(string Expr, string Kind)> _order = [];

    private RenderedPromql(string stack) => Stack = stack;

    public string Stack { get; }

    /// <summary>The expressions, each once, in the order first found.</summary>
    public IReadOnlyList<PromqlSource> Expressions => _order.Select(k => new PromqlSource(Stack, k.Expr, k.Kind, _found[k])).ToList();

    /// <summary>Recording-rule name → where it is recorded.</summary>
    public SortedDictionary<string, string> Records { get; } = new(StringComparer.Ordinal);

    /// <summary>Metric names a relabelling writes (<c>target_label: __name__</c>) → where.</summary>
    public SortedDictionary<string, string> Renamed { get; } = new(StringComparer.Ordinal);

    /// <summary>The parsed files, by rendered path.</summary>
    public IReadOnlyDictionary<string, object?> Trees { get; private set; } = new Dictionary<string, object?>();

    public static RenderedPromql Of(string stack, IReadOnlyDictionary<string, string> files)
    {
        var found = new RenderedPromql(stack);
        var trees = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        // Main.yaml last: what it repeats of the other files (rules, dashboards) is then named by its own file.
        foreach (var (path, text) in files.OrderBy(f => f.Key == "Main.yaml").ThenBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!path.EndsWith(".yaml", StringComparison.Ordinal) && !path.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            trees[path] = RenderedTree.Parse(path, text);
            found.Walk(trees[path], path, [], inTemplating: false, ownKey: null);
        }

        found.Trees = trees;
        return found;
    }

    private void Walk(object? node, string file, List<string> context, bool inTemplating, string? ownKey)
    {
        switch (node)
        {
            case EmbeddedDocument embedded:
                Walk(embedded.Document, file, context, inTemplating, ownKey);
                break;
            case List<object?> list:
                foreach (var item in list)
                {
                    Walk(item, file, context, inTemplating, ownKey);
                }

                break;
            case List<KeyValuePair<string, object?>> map:
                var label = Label(map, inTemplating);
                var inner = label is null ? context : [.. context, label];
                var where = inner.Count == 0 ? file : $"{file}: {string.Join(" / ", inner)}";
                foreach (var (key, value) in map)
                {
                    switch (key)
                    {
                        case "expr" when value is string expr:
                            Add(expr, "promql", where);
                            break;
                        case "match[]":
                            foreach (var selector in RenderedTree.Strings(value))
                            {
                                Add(selector, "promql", where);
                            }

                            break;
                        case "record" when value is string name:
                            Records.TryAdd(name, $"{Stack}: {where}");
                            break;
                        case "query" when inTemplating && RenderedTree.Get(map, "type") as string == "query":
                            var query = value as string ?? RenderedTree.Get(value, "query") as string;
                            if (query is not null)
                            {
                                Add(query, "grafana-variable", where);
                            }

                            break;
                        case "target_label" when value is "__name__" && RenderedTree.Get(map, "replacement") is string replacement:
                            Renamed.TryAdd(replacement, $"{Stack}: {where}");
                            break;
                    }

                    // The program's resources are named by their key.
                    List<string> next = ownKey == "resources" && context.Count == 0 ? [.. inner, $"resource {key}"] : inner;
                    Walk(value, file, next, inTemplating || key == "templating", key);
                }

                break;
        }
    }

    private static string? Label(List<KeyValuePair<string, object?>> map, bool inTemplating)
    {
        foreach (var key in new[] { "alert", "record", "job_name", "title" })
        {
            if (RenderedTree.Get(map, key) is string value)
            {
                return key == "title" ? $"\"{value}\"" : $"{key} {value}";
            }
        }

        return inTemplating && RenderedTree.Get(map, "name") is string name ? $"variable {name}" : null;
    }

    private void Add(string expr, string kind, string where)
    {
        var key = (expr, kind);
        if (!_found.TryGetValue(key, out var locations))
        {
            _found[key] = locations = [];
            _order.Add(key);
        }

        if (!locations.Contains(where))
        {
            locations.Add(where);
        }
    }
}
