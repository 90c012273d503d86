using Infra.Config;
using Infra.Model;

namespace Infra;

/// <summary>
/// A compiled stack: its settings, its resource graph, the program text, and the components' typed
/// contributions (workloads for the footprint and the requests/limits check, dashboards, network edges).
/// </summary>
public sealed record CompiledStack(StackSettings Settings, ResourceGraph Graph, string Program, Components.Contributions Contributions);
