using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>What kube-prometheus-stack reads of the stack's settings, bound once (<see cref="Bind"/>).</summary>
/// <param name="Role">The stack's role (which namespaces the operator watches; the controlplane federates).</param>
/// <param name="Stack">The stack's name (in the problems it reports).</param>
/// <param name="Cluster">Prometheus' external cluster label.</param>
/// <param name="Environment">Prometheus' external environment label; the teams of this environment are scraped.</param>
/// <param name="Replicas">Prometheus replicas (an HA pair above one).</param>
/// <param name="Retention">How long Prometheus keeps samples.</param>
/// <param name="StorageSize">Prometheus' volume (its retention size is a share of it).</param>
/// <param name="Storage">Prometheus' volume claim template (size and storage class).</param>
/// <param name="ControlPlane">The Kubernetes control plane's kind (which upstream rule groups it can serve).</param>
/// <param name="FederationSampleLimit">Samples one environment's federation scrape may return.</param>
/// <param name="Rules">The thresholds and scope of its rules.</param>
/// <param name="TeamLimits">The settings the teams' Prometheus limits read (<see cref="Teams.TeamMetrics.PrometheusSpec"/>).</param>
public sealed record KubePrometheusArgs(
    StackRole Role,
    string Stack,
    string Cluster,
    string Environment,
    int Replicas,
    string Retention,
    string StorageSize,
    ObjectValue Storage,
    string ControlPlane,
    int FederationSampleLimit,
    RuleContext Rules,
    StackSettings TeamLimits)
{
    public static KubePrometheusArgs Bind(StackSettings settings)
    {
        var storage = settings.Get(SettingsCatalog.PrometheusStorageSize);
        return new(settings.Role, settings.Stack, settings.Cluster, settings.Environment, settings.Get(SettingsCatalog.PrometheusReplicas),
            settings.Get(SettingsCatalog.PrometheusRetention), storage, KubePrometheus.VolumeClaimTemplate(settings, storage),
            settings.Get(SettingsCatalog.ControlPlane), settings.Get(SettingsCatalog.FederationSampleLimit), new RuleContext(settings), settings);
    }
}
