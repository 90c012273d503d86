using ArchUnitNET.Loader;

namespace Infra.Tests.Layering;

/// <summary>
/// The namespace-level dependencies of Infra.dll, read by ArchUnitNET from its IL (signatures, fields, method
/// bodies, attributes). Constants are inlined by the C# compiler, so a use of another layer's <c>const</c>
/// leaves no trace in IL and is not seen here (docs/architecture.md).
/// </summary>
public sealed class LayerGraph
{
    private static readonly Lazy<LayerGraph> Infra = new(() => FromAssembly(typeof(StackCompiler).Assembly));

    public LayerGraph(IEnumerable<LayerDependency> edges, IEnumerable<string> layersWithTypes)
    {
        // In type-name order, so the messages are stable.
        Pairs = edges
            .Distinct()
            .OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal)
            .ThenBy(e => e.OriginType, StringComparer.Ordinal).ThenBy(e => e.TargetType, StringComparer.Ordinal)
            .ToList();
        Edges = Pairs.GroupBy(e => (e.From, e.To)).Select(g => g.First()).ToList();
        LayersWithTypes = layersWithTypes.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The compiler's assembly, loaded once per test run.</summary>
    public static LayerGraph OfInfra => Infra.Value;

    /// <summary>Every pair of types (outermost declaring types) in different layers where one uses the other.</summary>
    public IReadOnlyList<LayerDependency> Pairs { get; }

    /// <summary>One entry per pair of different layers that depend on each other (its first pair of types), in stable order.</summary>
    public IReadOnlyList<LayerDependency> Edges { get; }

    public IReadOnlySet<string> LayersWithTypes { get; }

    /// <summary>Types whose namespace no layer declares (a new folder must be placed in the layering first).</summary>
    public IReadOnlyList<string> Unplaced { get; private init; } = [];

    public static LayerGraph FromAssembly(System.Reflection.Assembly assembly)
    {
        var architecture = new ArchLoader().LoadAssemblies(assembly).Build();
        var edges = new List<LayerDependency>();
        var layers = new HashSet<string>(StringComparer.Ordinal);
        var unplaced = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in architecture.Types)
        {
            var from = Layers.Of(type.FullName, type.Namespace?.FullName ?? string.Empty);
            if (from is null)
            {
                if (Layers.IsOwnCode(type.FullName, type.Namespace?.FullName ?? string.Empty))
                {
                    unplaced.Add(type.FullName);
                }

                continue;
            }

            layers.Add(from);
            foreach (var dependency in type.Dependencies)
            {
                var to = Layers.Of(dependency.Target.FullName, dependency.Target.Namespace?.FullName ?? string.Empty);
                if (to is not null && to != from)
                {
                    edges.Add(new LayerDependency(from, to, Outermost(type.FullName), Outermost(dependency.Target.FullName)));
                }
            }
        }

        return new LayerGraph(edges, layers) { Unplaced = unplaced.ToList() };
    }

    /// <summary>The graph without the given pairs of types.</summary>
    public LayerGraph Without(IEnumerable<LayerDependency> pairs)
    {
        var drop = pairs.ToHashSet();
        return new LayerGraph(Pairs.Where(p => !drop.Contains(p)), LayersWithTypes) { Unplaced = Unplaced };
    }

    /// <summary>A nested or compiler-generated type (a closure, an iterator) stands for the type that declares it.</summary>
    private static string Outermost(string fullName) => fullName.Split('+')[0].Split('`')[0];

    /// <summary>
    /// Every cycle among the layers, one per strongly connected component of two or more layers (Tarjan), each
    /// as the edges of one closed walk through it, so the message names the two types of every step.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<LayerDependency>> Cycles()
    {
        var next = Edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var nodes = Edges.SelectMany(e => new[] { e.From, e.To }).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var components = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var edge in next.GetValueOrDefault(node) ?? [])
            {
                if (!index.TryGetValue(edge.To, out var seen))
                {
                    Visit(edge.To);
                    low[node] = Math.Min(low[node], low[edge.To]);
                }
                else if (stack.Contains(edge.To))
                {
                    low[node] = Math.Min(low[node], seen);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }

        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }

        return components.Where(c => c.Count > 1).Select(c => ClosedWalk(c.ToHashSet(StringComparer.Ordinal), next)).ToList();
    }

    /// <summary>A shortest way back to the smallest member of the component, from it: the cycle to show.</summary>
    private static List<LayerDependency> ClosedWalk(HashSet<string> component, Dictionary<string, List<LayerDependency>> next)
    {
        var start = component.Order(StringComparer.Ordinal).First();
        var cameBy = new Dictionary<string, LayerDependency>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var edge in (next.GetValueOrDefault(node) ?? []).Where(e => component.Contains(e.To)))
            {
                if (edge.To == start)
                {
                    var walk = new List<LayerDependency> { edge };
                    for (var at = node; at != start; at = cameBy[at].From)
                    {
                        walk.Insert(0, cameBy[at]);
                    }

                    return walk;
                }

                if (cameBy.TryAdd(edge.To, edge))
                {
                    queue.Enqueue(edge.To);
                }
            }
        }

        throw new InvalidOperationException("a strongly connected component has a cycle through each member");
    }
}
