using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The components of each stack role, and nothing else: environments run metrics, alerting, log
/// collection and buffering; the controlplane runs all of that plus storage, search, dashboards and the
/// pull from every environment. Adding a product is a folder under Components/ and a line here, which
/// hands it what it needs of the others.
/// </summary>
public static class Platform
{
    /// <summary>Component name of stack-wide resources (providers, namespaces, stack references, NetworkPolicies).</summary>
    public const string ComponentName = "Platform";

    /// <summary>
    /// Constructs and builds every component of the stack's role, in the order of what each needs of the
    /// others: the wiring of who gets what is here and nowhere else (no component looks another up).
    /// </summary>
    private static void BuildComponents(StackContext context)
    {
        var settings = context.Settings;
        switch (settings.Role)
        {
            case StackRole.Environment:
            {
                var kubePrometheus = context.Build(new KubePrometheus(KubePrometheusArgs.Bind(settings)));
                context.Build(new Alertmanager(AlertmanagerArgs.Bind(settings, NotificationLinks.Grafana(settings), NotificationLinks.Kibana(settings)), kubePrometheus));
                context.Build(new NodeExporter(NodeExporterArgs.Bind(settings), kubePrometheus.Resource));
                context.Build(new FederationGateway(FederationGatewayArgs.Bind(settings)));
                var kafka = context.Build(new Kafka(KafkaArgs.Bind(settings, FluentBit.TopicMaxMessageBytes(settings)), kubePrometheus));
                context.Build(new FluentBit(kubePrometheus.Resource, kafka));
                break;
            }

            case StackRole.Controlplane:
            {
                var kubePrometheus = context.Build(new KubePrometheus(KubePrometheusArgs.Bind(settings)));
                context.Build(new Alertmanager(AlertmanagerArgs.Bind(settings, NotificationLinks.Grafana(settings), NotificationLinks.Kibana(settings)), kubePrometheus));
                context.Build(new NodeExporter(NodeExporterArgs.Bind(settings), kubePrometheus.Resource));
                var kafka = context.Build(new Kafka(KafkaArgs.Bind(settings, FluentBit.TopicMaxMessageBytes(settings)), kubePrometheus));
                context.Build(new FluentBit(kubePrometheus.Resource, kafka));
                var elasticsearch = context.Build(new Elasticsearch(kubePrometheus.Resource));
                var kibana = context.Build(new Kibana(KibanaArgs.Bind(settings), elasticsearch));
                var setupJob = context.Build(new ElasticsearchSetup(elasticsearch, kibana));
                context.Build(new Logstash(elasticsearch, kafka, setupJob));
                var grafana = context.Build(new Grafana(GrafanaArgs.Bind(settings), kubePrometheus, elasticsearch));
                context.Build(new UserInterfaces(grafana, kibana));
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(context), settings.Role, "unknown stack role");
        }
    }

    public static ResourceGraph Build(StackSettings settings, ChartValuesSource chartValues) =>
        Build(settings, chartValues, out _);

    /// <param name="contributions">The finished context: the typed contributions (workloads, edges, dashboards) the footprint and checks read.</param>
    /// <param name="environmentFacts">Where a controlplane reads its environments' sizing facts; null: the defaults for each.</param>
    /// <param name="teams">Where the stack reads the teams it serves; null: none.</param>
    public static ResourceGraph Build(StackSettings settings, ChartValuesSource chartValues, out StackContext contributions, EnvironmentFactsSource? environmentFacts = null, Teams.TeamsSource? teams = null)
    {
        contributions = new StackContext(settings, chartValues, environmentFacts, teams);
        BuildComponents(contributions);
        return contributions.CompleteAll();
    }
}
