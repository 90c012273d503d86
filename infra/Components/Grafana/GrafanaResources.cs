using Infra.Model;

namespace Infra.Components;

/// <summary>What the user interfaces need of Grafana (returned by <see cref="Grafana.Build"/>).</summary>
/// <param name="Chart">Grafana's chart: its Ingress is created after what makes its Service.</param>
/// <param name="OidcSecret">The Secret with the identity provider's client secret (Kibana's sign-in proxies mount it too).</param>
public sealed record GrafanaResources(Resource Chart, Resource OidcSecret);
