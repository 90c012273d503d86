using Infra.Config;

namespace Infra.Components;

/// <summary>What Grafana reads of the stack's settings, bound once (<see cref="Bind"/>).</summary>
/// <param name="Stack">The stack's name (its Alertmanager datasource is named after it).</param>
/// <param name="StorageSize">Grafana's volume.</param>
/// <param name="StorageClass">The volume's storage class; null: the cluster's default.</param>
/// <param name="SignIn">The sign-in settings (host, OIDC, groups: Ingress/UserAccessSettings), which <see cref="GrafanaSignIn.Ini"/> reads.</param>
public sealed record GrafanaArgs(string Stack, string StorageSize, string? StorageClass, StackSettings SignIn)
{
    public static GrafanaArgs Bind(StackSettings settings) =>
        new(settings.Stack, settings.Get(SettingsCatalog.GrafanaStorageSize), KubernetesObjects.StorageClass(settings), settings);
}
