using Infra.Config;
using Infra.Model;
using Infra.Yaml;

namespace Infra.Components;

/// <summary>
/// Alertmanager of the stack (kube-prometheus-stack's, so alerts keep flowing when the controlplane
/// is down). Receiver secrets live in a Secret mounted into Alertmanager and are read with
/// <c>*_file</c> fields, so the generated configuration holds no secret.
/// </summary>
public sealed class Alertmanager
{
    public const string ComponentName = "Alertmanager";
    public const string ReceiversSecretName = "alertmanager-receivers";
    public const string SlackKey = "slack-webhook-url";
    public const string PagerDutyKey = "pagerduty-routing-key";

    public Alertmanager(StackContext context, KubePrometheus kubePrometheus)
    {
        var settings = context.Settings;
        var graph = context.Graph;
        var pagerDuty = settings.Get(SettingsCatalog.PagerDutyEnabled);

        var secretData = new List<(string, Value?)>
        {
            (SlackKey, graph.SecretConfigReference(SettingsCatalog.SlackWebhookUrl.Key, SettingsCatalog.SlackWebhookUrl.Description)),
        };
        if (pagerDuty)
        {
            secretData.Add((PagerDutyKey, graph.SecretConfigReference(SettingsCatalog.PagerDutyRoutingKey.Key, SettingsCatalog.PagerDutyRoutingKey.Description)));
        }

        foreach (var secret in SettingsCatalog.All.OfType<SecretSetting>().Where(s => s.RequiredWhen(settings) && !settings.HasSecret(s)))
        {
            graph.AddWarning($"{secret.Key} is not set; 'pulumi up' will stop until you run: pulumi config set --secret {secret.Key} <value> --stack {settings.Stack}");
        }

        var ns = context.Namespace(Namespaces.Monitoring, ComponentName, "privileged", holdsData: true);
        ReceiversSecret = context.Kubernetes(ComponentName, "alertmanager-receivers-secret", "kubernetes:core/v1:Secret", ObjectValue.Of(
            ("metadata", StackContext.Metadata(ReceiversSecretName, Namespaces.Monitoring, "alertmanager")),
            ("type", "Opaque"),
            ("stringData", ObjectValue.Of(secretData.ToArray()))), false, ns);

        Routing = RoutingTable.For(settings, context.Problems);
        Config = AlertmanagerConfig.Build(settings, Routing, $"/etc/alertmanager/secrets/{ReceiversSecretName}");
        graph.AddDocument(new RenderedDocument("alertmanager/alertmanager.yaml", YamlWriter.Write(Config, YamlMode.Document), ComponentName));

        var replicas = settings.Get(SettingsCatalog.AlertmanagerReplicas);
        kubePrometheus.Release.DependsOn.Add(ReceiversSecret);
        kubePrometheus.Release.Wire(ObjectValue.Of(("alertmanager", ObjectValue.Of(
            ("enabled", true),
            ("podDisruptionBudget", ObjectValue.Of(("enabled", replicas > 1))),
            // The whole configuration is ours (every top-level key set), so the rendered file is exactly what runs.
            ("config", Config),
            ("alertmanagerSpec", ObjectValue.Of(
                ("replicas", replicas),
                ("secrets", ListValue.Of(ReceiversSecretName)),
                ("storage", KubePrometheus.VolumeClaimTemplate(settings, "1Gi"))))))));
    }

    public Resource ReceiversSecret { get; }

    /// <summary>Alertmanager's own rules and the Watchdog; called once the monitoring CRDs exist.</summary>
    public void DeclareRules(StackContext context, KubePrometheus kubePrometheus) =>
        context.AddRules(ComponentName, "alertmanager", [Rules.AlertmanagerRules.Group(), Rules.AlertmanagerRules.Watchdog()], kubePrometheus.Chart);

    /// <summary>Severity and override routing of this stack.</summary>
    public RoutingTable Routing { get; }

    /// <summary>The generated alertmanager.yaml.</summary>
    public ObjectValue Config { get; }
}
