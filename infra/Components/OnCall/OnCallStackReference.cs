using Infra.Config;
using Infra.Model;

namespace Infra.Components.OnCall;

/// <summary>
/// Where a cluster stack's PagerDuty routing key comes from: with <c>pagerDutyOnCallStack</c> set, the
/// on-call stack's secret output for this stack's environment, read through a StackReference (the key is
/// never copied into config); otherwise the <c>pagerDutyRoutingKey</c> secret.
/// </summary>
public static class OnCallStackReference
{
    public const string ResourceName = "oncall-stack";

    /// <summary>The routing key as a value for the receivers' Secret; declares the StackReference when one is configured.</summary>
    public static Value RoutingKey(StackContext context)
    {
        var settings = context.Settings;
        var onCallStack = settings.Get(SettingsCatalog.PagerDutyOnCallStack);
        if (onCallStack.Length == 0)
        {
            return context.Graph.SecretConfigReference(SettingsCatalog.PagerDutyRoutingKey.Key, SettingsCatalog.PagerDutyRoutingKey.Description);
        }

        if (settings.HasSecret(SettingsCatalog.PagerDutyRoutingKey))
        {
            context.Graph.AddWarning($"{SettingsCatalog.PagerDutyRoutingKey.Key} is set but unused: the routing key comes from the on-call stack ({SettingsCatalog.PagerDutyOnCallStack.Key}); remove it with: pulumi config rm {SettingsCatalog.PagerDutyRoutingKey.Key} --stack {settings.Stack}");
        }

        // A bare stack name is a stack of this project and organization, like the controlplane's environments.
        Value name = onCallStack.Contains('/', StringComparison.Ordinal)
            ? new StringValue(onCallStack)
            : InterpolatedValue.Of(new PulumiVariableValue("organization"), new StringValue("/"), new PulumiVariableValue("project"), new StringValue($"/{onCallStack}"));
        var reference = context.Graph.Add(new Resource(ResourceName, "pulumi:pulumi:StackReference", Platform.ComponentName, ObjectValue.Of(("name", name))));
        // Secret already (the on-call stack exports it so); wrapped again so that no later change can leak it.
        return FunctionValue.Secret(new ReferenceValue(reference, $"outputs[\"{OnCallStack.RoutingKeyOutput(settings.Environment)}\"]"));
    }
}
