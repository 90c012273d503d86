using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Infra.Diff;

/// <summary>
/// Structural equality of YAML nodes (mapping key order ignored, quoting ignored where it cannot
/// change the type) and the paths where two nodes differ, for "changed" lines in the diff report.
/// </summary>
public static partial class YamlNodeComparer
{
    public static bool Same(YamlNode? a, YamlNode? b) => (a, b) switch
    {
        (null, null) => true,
        (YamlScalarNode x, YamlScalarNode y) => string.Equals(x.Value, y.Value, StringComparison.Ordinal) && ScalarKind(x) == ScalarKind(y),
        (YamlSequenceNode x, YamlSequenceNode y) => x.Children.Count == y.Children.Count && x.Children.Zip(y.Children).All(p => Same(p.First, p.Second)),
        (YamlMappingNode x, YamlMappingNode y) => x.Children.Count == y.Children.Count
            && x.Children.All(p => y.Children.TryGetValue(p.Key, out var other) && Same(p.Value, other)),
        _ => false,
    };

    /// <summary>Dotted paths (at most <paramref name="depth"/> levels deep) where the nodes differ, ordinal order.</summary>
    public static IReadOnlyList<string> DifferingPaths(YamlNode? a, YamlNode? b, int depth)
    {
        var paths = new List<string>();
        Collect(string.Empty, a, b, depth, paths);
        return paths;
    }

    private static void Collect(string path, YamlNode? a, YamlNode? b, int depth, List<string> paths)
    {
        if (Same(a, b))
        {
            return;
        }

        if (depth > 0 && a is YamlMappingNode x && b is YamlMappingNode y)
        {
            var keys = x.Children.Keys.Concat(y.Children.Keys).OfType<YamlScalarNode>()
                .Select(k => k.Value ?? string.Empty).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                var node = new YamlScalarNode(key);
                x.Children.TryGetValue(node, out var left);
                y.Children.TryGetValue(node, out var right);
                Collect(path.Length == 0 ? key : $"{path}.{key}", left, right, depth - 1, paths);
            }

            return;
        }

        // Items of a list of the same length are followed without using up depth: objs[2].spec.
        if (depth > 0 && a is YamlSequenceNode oldItems && b is YamlSequenceNode newItems && oldItems.Children.Count == newItems.Children.Count)
        {
            for (var i = 0; i < oldItems.Children.Count; i++)
            {
                Collect($"{path}[{i}]", oldItems.Children[i], newItems.Children[i], depth, paths);
            }

            return;
        }

        paths.Add(path.Length == 0 ? "(whole value)" : path);
    }

    // A plain "true" is a boolean and a quoted one a string; a plain "abc" and a quoted one are the same string.
    private static string ScalarKind(YamlScalarNode node) =>
        node.Style is ScalarStyle.Plain or ScalarStyle.Any && TypedPlain().IsMatch(node.Value ?? string.Empty) ? "typed" : "string";

    [GeneratedRegex(@"^(?:true|false|True|False|TRUE|FALSE|null|Null|NULL|~|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))?$")]
    private static partial Regex TypedPlain();
}
