using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>Prometheus, its operator and kube-state-metrics (kube-prometheus-stack), the Kubernetes, cert-manager and federation rules; on every cluster stack.</summary>
public static class KubePrometheusProduct
{
    public static Product Manifest { get; } = new("KubePrometheus")
    {
        Components =
        [
            ProductComponent.Of(w => new KubePrometheus(KubePrometheusArgs.Bind(w.Settings)), StackRole.Environment, StackRole.Controlplane),
        ],
        Settings = SettingsCatalog.OfKubePrometheus,
        Thresholds = Thresholds.OfKubePrometheus,
        Charts = Pins.ChartsOfKubePrometheus,
        RuleTests = ["prometheus.test.yaml", "kubernetes-workloads.test.yaml", "cert-manager.test.yaml", "federation.test.yaml"],
    };
}
