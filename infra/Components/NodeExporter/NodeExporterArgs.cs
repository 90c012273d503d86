using Infra.Config;

namespace Infra.Components;

/// <summary>What node-exporter reads of the stack's settings, bound once (<see cref="Bind"/>).</summary>
/// <param name="Rules">The thresholds and scope of its node rules.</param>
public sealed record NodeExporterArgs(RuleContext Rules)
{
    public static NodeExporterArgs Bind(StackSettings settings) => new(new RuleContext(settings));
}
