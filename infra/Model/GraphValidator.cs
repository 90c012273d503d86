namespace Infra.Model;

/// <summary>
/// Structural checks on a finished graph: duplicate names, dangling references, cycles, custom
/// resources without their operator, provider versions. Returns every problem, not just the first.
/// </summary>
public static class GraphValidator
{
    public static IReadOnlyList<string> Validate(ResourceGraph graph)
    {
        var problems = new List<string>();
        var byName = new Dictionary<string, Resource>(StringComparer.Ordinal);
        foreach (var resource in graph.Resources)
        {
            if (!IsValidName(resource.Name))
            {
                problems.Add($"resource name '{resource.Name}' is not a valid logical name (letters, digits, '-' and '_' only)");
            }

            if (!byName.TryAdd(resource.Name, resource))
            {
                problems.Add($"duplicate resource name '{resource.Name}' ({byName[resource.Name].Type} and {resource.Type})");
            }
        }

        // Walked once: the cycle search below needs them again, and the walk is the costly part at many environments.
        var dependencies = new Dictionary<Resource, List<Resource>>(ReferenceEqualityComparer.Instance);
        foreach (var resource in graph.Resources)
        {
            var targets = Dependencies(resource).ToList();
            dependencies[resource] = targets;
            foreach (var target in targets)
            {
                if (!byName.TryGetValue(target.Name, out var known) || !ReferenceEquals(known, target))
                {
                    problems.Add($"resource '{resource.Name}' refers to '{target.Name}', which is not part of the stack");
                }
            }

            CheckProviderAndVersion(resource, problems);
            CheckOperatorDependency(resource, problems);
        }

        foreach (var output in graph.Outputs)
        {
            foreach (var reference in output.Value.DescendantsAndSelf().OfType<ReferenceValue>())
            {
                if (!byName.ContainsKey(reference.Target.Name))
                {
                    problems.Add($"output '{output.Name}' refers to '{reference.Target.Name}', which is not part of the stack");
                }
            }
        }

        var versions = graph.Resources.Where(r => r.Package != "pulumi")
            .GroupBy(r => r.Package)
            .Where(g => g.Select(r => r.Options.Version).Distinct().Count() > 1);
        foreach (var package in versions)
        {
            problems.Add($"package '{package.Key}' is used with several versions ({string.Join(", ", package.Select(r => r.Options.Version).Distinct())}); pin one in Pins");
        }

        var cycle = FindCycle(graph.Resources, r => dependencies.TryGetValue(r, out var known) ? known : Dependencies(r));
        if (cycle is not null)
        {
            problems.Add($"dependency cycle: {string.Join(" -> ", cycle)}");
        }

        var duplicateDocuments = graph.Documents.GroupBy(d => d.Path).Where(g => g.Count() > 1).Select(g => g.Key);
        problems.AddRange(duplicateDocuments.Select(p => $"two documents would be rendered to '{p}'"));
        return problems;
    }

    /// <summary>Every resource this one depends on: references in properties and all options.</summary>
    public static IEnumerable<Resource> Dependencies(Resource resource)
    {
        foreach (var reference in resource.Properties.DescendantsAndSelf().OfType<ReferenceValue>())
        {
            yield return reference.Target;
        }

        foreach (var dependency in resource.Options.DependsOn.Concat(resource.Options.ReplaceWith))
        {
            yield return dependency;
        }

        if (resource.Options.Provider is not null)
        {
            yield return resource.Options.Provider;
        }

        if (resource.Options.Parent is not null)
        {
            yield return resource.Options.Parent;
        }
    }

    private static bool IsValidName(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static void CheckProviderAndVersion(Resource resource, List<string> problems)
    {
        if (resource.Package == "pulumi")
        {
            return;
        }

        if (!Pins.Providers.TryGetValue(resource.Package, out var pinned))
        {
            problems.Add($"resource '{resource.Name}' uses package '{resource.Package}', which has no pinned version in Pins.Providers");
        }
        else if (resource.Options.Version != pinned)
        {
            problems.Add($"resource '{resource.Name}' has version '{resource.Options.Version}' but package '{resource.Package}' is pinned to {pinned}");
        }

        if (!resource.IsProvider && resource.Options.Provider is null)
        {
            problems.Add($"resource '{resource.Name}' has no explicit provider; every resource must name its stack's provider");
        }
        else if (resource.Options.Provider is { } provider && provider.Type != $"pulumi:providers:{resource.Package}")
        {
            problems.Add($"resource '{resource.Name}' ({resource.Package}) uses provider '{provider.Name}' of type {provider.Type}");
        }
    }

    private static void CheckOperatorDependency(Resource resource, List<string> problems)
    {
        foreach (var group in resource.RequiresApiGroups.Where(g => !ClusterPrerequisites.ApiGroups.Contains(g)))
        {
            var satisfied = resource.Options.DependsOn.Any(d => d.ProvidesApiGroups.Contains(group));
            if (!satisfied)
            {
                problems.Add($"resource '{resource.Name}' declares {group} custom resources but does not depend on the chart that installs their CRDs");
            }
        }
    }

    private static List<string>? FindCycle(IReadOnlyList<Resource> resources, Func<Resource, IEnumerable<Resource>> dependencies)
    {
        var state = new Dictionary<Resource, int>(ReferenceEqualityComparer.Instance);
        var path = new List<Resource>();

        List<string>? Visit(Resource node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in dependencies(node).Distinct())
            {
                var seen = state.GetValueOrDefault(next);
                if (seen == 1)
                {
                    var start = path.IndexOf(next);
                    return path.Skip(start).Select(r => r.Name).Append(next.Name).ToList();
                }

                if (seen == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var resource in resources)
        {
            if (state.GetValueOrDefault(resource) == 0 && Visit(resource) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }
}
