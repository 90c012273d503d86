using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Composes the components for a stack's role, in the order their wiring needs, and returns the
/// finished resource graph. Environments: metrics, alerting, log collection and buffering.
/// Controlplane: all of that, plus storage, search, dashboards and the pull from every environment.
/// </summary>
public static class Platform
{
    /// <summary>Component name of stack-wide resources (providers, stack references).</summary>
    public const string ComponentName = "Platform";

    public static ResourceGraph Build(StackSettings settings, ChartValuesSource chartValues)
    {
        var context = new StackContext(settings, chartValues);

        // The controlplane reads every environment stack it federates and whose logs it consumes.
        var environments = settings.Role == StackRole.Controlplane
            ? settings.Get(SettingsCatalog.Environments).Items.Order(StringComparer.Ordinal).Select(name => new EnvironmentStack(context, name)).ToList()
            : [];

        // Metrics and alerting: Alertmanager wires into the kube-prometheus-stack release before it is built.
        var kubePrometheus = new KubePrometheus(context, environments);
        var alertmanager = new Alertmanager(context, kubePrometheus);
        kubePrometheus.Build();
        alertmanager.DeclareRules(context, kubePrometheus);
        _ = new NodeExporter(context, kubePrometheus);

        // Logs, collection side: every cluster buffers its own logs in its own Kafka.
        var kafka = new Kafka(context, kubePrometheus);
        _ = new FluentBit(context, kafka, kubePrometheus);

        if (settings.Role == StackRole.Controlplane)
        {
            var elasticsearch = new Elasticsearch(context, kubePrometheus);
            var kibana = new Kibana(context, elasticsearch);
            _ = new ElasticsearchSetup(context, elasticsearch, kibana, elasticsearch.Snapshots, environments);
            _ = new Logstash(context, elasticsearch, kafka, environments, kubePrometheus);
            _ = new Grafana(context, kubePrometheus, elasticsearch);
        }

        NetworkPolicies.Declare(context);
        EnvironmentOutputs.Export(context, kafka, alertmanager);
        context.Problems.AddRange(context.ChartValues.StrayFiles(settings.Stack, Pins.Charts.Select(c => c.Name)));
        if (context.Problems.Count > 0)
        {
            throw new CompilationException(context.Problems);
        }

        return context.Graph;
    }
}
