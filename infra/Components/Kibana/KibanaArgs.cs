using Infra.Config;

namespace Infra.Components;

/// <summary>What Kibana reads of the stack's settings, bound once (<see cref="Bind"/>).</summary>
/// <param name="Replicas">Kibana instances (spread over nodes and zones above one).</param>
/// <param name="Host">The public host people use (behind the Ingress): Kibana's own links and redirects point there.</param>
/// <param name="Cpu">Kibana's CPU request (the profile's <c>workloads.kibanaCpu</c>).</param>
/// <param name="Memory">Kibana's memory request and limit (the profile's <c>workloads.kibanaMemory</c>).</param>
public sealed record KibanaArgs(int Replicas, string Host, string Cpu, string Memory)
{
    public static KibanaArgs Bind(StackSettings settings) => new(
        settings.Get(SettingsCatalog.KibanaReplicas), settings.Get(SettingsCatalog.KibanaHost),
        settings.Profile.Size(WorkloadDefault.KibanaCpu), settings.Profile.Size(WorkloadDefault.KibanaMemory));
}
