using Infra.Config;
using Infra.Model;

namespace Infra;

/// <summary>A compiled stack: its settings, its resource graph and the program text.</summary>
public sealed record CompiledStack(StackSettings Settings, ResourceGraph Graph, string Program);
