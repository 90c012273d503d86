using Infra.Config;

namespace Infra.Components;

/// <summary>What Kibana reads of the stack's settings, bound once (<see cref="Bind"/>).</summary>
/// <param name="Replicas">Kibana instances (spread over nodes and zones above one).</param>
/// <param name="Host">The public host people use (behind the Ingress): Kibana's own links and redirects point there.</param>
public sealed record KibanaArgs(int Replicas, string Host)
{
    public static KibanaArgs Bind(StackSettings settings) => new(settings.Get(SettingsCatalog.KibanaReplicas), settings.Get(SettingsCatalog.KibanaHost));
}
