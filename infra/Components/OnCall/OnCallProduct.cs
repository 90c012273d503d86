using Infra.Config;

namespace Infra.Components;

/// <summary>PagerDuty on-call as code: the on-call stack, which builds its own graph (OnCallStack), and the cluster stacks' link to it.</summary>
public static class OnCallProduct
{
    public static Product Manifest { get; } = new("OnCall")
    {
        Settings = SettingsCatalog.OfOnCall,
    };
}
