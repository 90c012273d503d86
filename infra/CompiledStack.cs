using Infra.Config;
using Infra.Emitters;
using Infra.Model;

namespace Infra;

/// <summary>
/// A compiled stack: its settings, its resource graph, the program text, and the components' typed
/// contributions (workloads for the footprint and the requests/limits check, dashboards, network edges).
/// </summary>
public sealed class CompiledStack(StackSettings settings, ResourceGraph graph, Components.Contributions contributions)
{
    private string? _program;

    public StackSettings Settings { get; } = settings;

    public ResourceGraph Graph { get; } = graph;

    public Components.Contributions Contributions { get; } = contributions;

    /// <summary>
    /// The pods of every workload, read from the final graph the way each component told the build
    /// (Components/*/*Workloads.cs), ordered by component: the footprint and the requests/limits check share it.
    /// </summary>
    public IReadOnlyList<WorkloadFootprint> ReadWorkloads() =>
        Contributions.Workloads.SelectMany(source => source.Read(source.Resource)).OrderBy(w => w.Component, StringComparer.Ordinal).ToList();

    /// <summary>The Pulumi YAML program, written on first use (the graph is complete and checked).</summary>
    public string Program => _program ??= PulumiProgramEmitter.Emit(Graph);

    /// <summary>
    /// Writes the program to <paramref name="output"/> without holding it as one string; the compile
    /// command uses this, since Pulumi reads the program from stdout.
    /// </summary>
    public void WriteProgram(TextWriter output)
    {
        if (_program is not null)
        {
            output.Write(_program);
            return;
        }

        PulumiProgramEmitter.Emit(Graph, output);
    }
}
