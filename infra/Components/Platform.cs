using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The components of each stack role, and nothing else: environments run metrics, alerting, log
/// collection and buffering; the controlplane runs all of that plus storage, search, dashboards and the
/// pull from every environment. Adding a product is a folder under Components/ and a line here.
/// </summary>
public static class Platform
{
    /// <summary>Component name of stack-wide resources (providers, namespaces, stack references, NetworkPolicies).</summary>
    public const string ComponentName = "Platform";

    /// <summary>A new instance of every component of a role (components hold what they built).</summary>
    public static IReadOnlyList<IComponent> Components(StackRole role) => role switch
    {
        StackRole.Environment =>
        [
            new KubePrometheus(), new Alertmanager(), new NodeExporter(), new FederationGateway(),
            new Kafka(), new FluentBit(),
        ],
        StackRole.Controlplane =>
        [
            new KubePrometheus(), new Alertmanager(), new NodeExporter(),
            new Kafka(), new FluentBit(),
            new Elasticsearch(), new ElasticsearchSetup(), new Kibana(), new Logstash(), new Grafana(), new UserInterfaces(),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown stack role"),
    };

    public static ResourceGraph Build(StackSettings settings, ChartValuesSource chartValues) =>
        Build(settings, chartValues, out _);

    /// <param name="contributions">The finished context: the typed contributions (workloads, edges, dashboards) the footprint and checks read.</param>
    /// <param name="environmentFacts">Where a controlplane reads its environments' sizing facts; null: the defaults for each.</param>
    /// <param name="teams">Where the stack reads the teams it serves; null: none.</param>
    public static ResourceGraph Build(StackSettings settings, ChartValuesSource chartValues, out StackContext contributions, EnvironmentFactsSource? environmentFacts = null, Teams.TeamsSource? teams = null)
    {
        contributions = new StackContext(settings, chartValues, Components(settings.Role), environmentFacts, teams);
        return contributions.BuildAll();
    }
}
