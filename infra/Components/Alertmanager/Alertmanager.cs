using Infra.Config;
using Infra.Model;
using Infra.Yaml;

namespace Infra.Components;

/// <summary>
/// Alertmanager of the stack (kube-prometheus-stack's, so alerts keep flowing when the controlplane
/// is down). Receiver secrets live in a Secret mounted into Alertmanager and are read with
/// <c>*_file</c> fields, so the generated configuration holds no secret.
/// </summary>
public sealed class Alertmanager : IComponent
{
    public const string ComponentName = "Alertmanager";
    public const string ReceiversSecretName = "alertmanager-receivers";
    public const string SlackKey = "slack-webhook-url";
    public const string PagerDutyKey = "pagerduty-routing-key";
    public const string DeadMansSwitchKey = "deadmansswitch-url";

    /// <summary>Alertmanager's port (the operator's Service and pods).</summary>
    public const int Port = 9093;

    /// <summary>The replicas' cluster gossip (memberlist: TCP and UDP).</summary>
    public const int MeshPort = 9094;

    /// <summary>The Alertmanager pods' label, as policy selectors use it.</summary>
    public static readonly (string Key, string Value)[] PodLabels = [("app.kubernetes.io/name", "alertmanager")];

    /// <summary>The stack's Alertmanager inside its cluster (kube-prometheus-stack's Service).</summary>
    public static string Url => $"http://{KubePrometheus.ReleaseName}-alertmanager.{Namespaces.Monitoring}.svc:{Port}";

    public string Name => ComponentName;

    /// <summary>Labels the operator puts on this stack's Alertmanager pods.</summary>
    public static ObjectValue Pods { get; } = ObjectValue.Of(("app.kubernetes.io/name", "alertmanager"), ("app.kubernetes.io/instance", $"{KubePrometheus.ReleaseName}-alertmanager"));

    private readonly AlertmanagerArgs _args;
    private readonly HelmRelease _kubePrometheus;

    /// <param name="args">Its settings.</param>
    /// <param name="kubePrometheus">kube-prometheus-stack's release: Alertmanager is part of it, wired here.</param>
    public Alertmanager(AlertmanagerArgs args, HelmRelease kubePrometheus)
    {
        _args = args;
        _kubePrometheus = kubePrometheus;
    }

    public void Build(StackContext context)
    {
        var args = _args;
        var graph = context.Graph;
        var pagerDuty = args.PagerDuty;
        // The heartbeat URL is a secret the program never sees, so its port cannot be read from it: https (443), as documented.
        context.AddEgress(new NetworkEgress(Namespaces.Monitoring, "egress-alertmanager", [("app.kubernetes.io/name", "alertmanager")], NetworkPeer.Internet, [443],
            "notifies Slack and PagerDuty and calls the dead man's switch: names on the internet, which a NetworkPolicy cannot name, so public addresses on their ports only"));

        var secretData = new List<(string, Value?)>
        {
            (SlackKey, graph.SecretConfigReference(SettingsCatalog.SlackWebhookUrl.Key, SettingsCatalog.SlackWebhookUrl.Description)),
            (DeadMansSwitchKey, graph.SecretConfigReference(SettingsCatalog.DeadMansSwitchUrl.Key, SettingsCatalog.DeadMansSwitchUrl.Description)),
        };
        if (pagerDuty)
        {
            secretData.Add((PagerDutyKey, OnCall.OnCallStackReference.RoutingKey(context)));
        }

        // Teams' receivers: their webhooks and routing keys from the on-call stack (Components/Teams).
        var teams = Teams.TeamRoute.For(args.Routing, context.Teams);
        secretData.AddRange(Teams.TeamSecrets.Entries(context, teams));

        foreach (var secret in args.MissingSecrets)
        {
            graph.AddWarning($"{secret} is not set; 'pulumi up' will stop until you run: pulumi config set --secret {secret} <value> --stack {args.Stack}");
        }

        var receiversSecret = KubernetesObjects.Secret(context, ComponentName, "alertmanager-receivers-secret", ReceiversSecretName, Namespaces.Monitoring, "alertmanager",
            ObjectValue.Of(secretData.ToArray()));

        foreach (var (url, setting) in new[] { (args.GrafanaUrl, SettingsCatalog.GrafanaUrl), (args.KibanaUrl, SettingsCatalog.KibanaUrl) })
        {
            if (url.Length == 0)
            {
                graph.AddWarning($"{setting.Key} is not set: this stack's notifications carry no {(setting == SettingsCatalog.GrafanaUrl ? "dashboard or silence" : "logs")} links; set it to the controlplane's public URL: pulumi config set {setting.Key} https://... --stack {args.Stack}");
            }
        }

        var routing = RoutingTable.For(args.Routing, context.Problems, context.Teams);
        var config = AlertmanagerConfig.Build(args.PerAlert, args.PerGroup, args.SlackChannel, routing, $"/etc/alertmanager/secrets/{ReceiversSecretName}");
        graph.AddDocument(new RenderedDocument("alertmanager/alertmanager.yaml", () => YamlWriter.Write(config, YamlMode.Document), ComponentName));

        // Alertmanager is kube-prometheus-stack's: its part of the release is wired here.
        var replicas = args.Replicas;
        var release = _kubePrometheus;
        release.DependsOn(receiversSecret);
        release.Wire(ObjectValue.Of(("alertmanager", ObjectValue.Of(
            ("enabled", true),
            ("podDisruptionBudget", ObjectValue.Of(("enabled", replicas > 1))),
            // The whole configuration is ours (every top-level key set), so the rendered file is exactly what runs.
            ("config", config),
            ("alertmanagerSpec", ObjectValue.Of(
                ("replicas", replicas),
                // One replica per node, spread over zones: the gossip cluster survives a node or a zone.
                ("podAntiAffinity", replicas > 1 ? "hard" : "soft"),
                ("topologySpreadConstraints", replicas > 1 ? Placement.AcrossZones(Pods) : null),
                ("secrets", ListValue.Of(ReceiversSecretName)),
                // The whole configuration is the generated one: no AlertmanagerConfig of another namespace (a team's) is
                // merged into it. The chart's default {} would select every namespace; null, only this one.
                ("alertmanagerConfigNamespaceSelector", ObjectValue.Of(("matchLabels", ObjectValue.Of((Teams.TeamMetrics.NamespaceNameLabel, Namespaces.Monitoring))))),
                ("storage", args.Storage)))))));
        // Not an API client (its config reloader watches mounted files): no service account token in the pod that
        // reaches Slack and PagerDuty (ServiceAccountTokenPolicyTests).
        release.Wire(ObjectValue.Of(("alertmanager", ObjectValue.Of(("alertmanagerSpec", ObjectValue.Of(("automountServiceAccountToken", false)))))));
        context.AddWorkloads(release.Resource, ReadWorkloads);
        context.AddRules(ComponentName, "alertmanager", [AlertmanagerRules.Group(), AlertmanagerRules.Watchdog()]);
        context.AddOutput(new StackOutput("alertmanagerReceiversSecret", $"{Namespaces.Monitoring}/{ReceiversSecretName}", false,
            $"Secret holding the receiver credentials ({receiversSecret.Name})"));
    }

    /// <summary>Alertmanager's pods, from its part of the kube-prometheus-stack values.</summary>
    private static IEnumerable<WorkloadFootprint> ReadWorkloads(Resource chart)
    {
        var values = ChartWorkloads.Values(chart);
        if (!ValueAccess.Flag(values, ChartDefaults.KubePrometheusPartEnabled, "alertmanager", "enabled"))
        {
            yield break;
        }

        var spec = ValueAccess.At(values, "alertmanager", "alertmanagerSpec");
        yield return new(ComponentName, "alertmanager", ChartWorkloads.StatefulSet, ValueAccess.Count(spec, ChartDefaults.KubePrometheusSpecReplicas, "replicas"),
            [ContainerFootprint.FromResources("alertmanager", ValueAccess.At(spec, "resources")), KubePrometheusWorkloads.ConfigReloader(values)],
            ChartWorkloads.ClaimTemplate("alertmanager-db", ValueAccess.At(spec, "storage")))
        {
            Spread = KubePrometheusWorkloads.OperatorSpread(spec, ValueAccess.Flag(values, false, "alertmanager", "podDisruptionBudget", "enabled")),
        };
    }
}
