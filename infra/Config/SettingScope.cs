namespace Infra.Config;

/// <summary>Which stacks may set a key.</summary>
public enum SettingScope
{
    /// <summary>Any stack that deploys to a cluster (environment or controlplane); not the on-call stack.</summary>
    AnyStack,
    ControlplaneOnly,

    /// <summary>Only the on-call stack (role oncall), which sets nothing else.</summary>
    OnCallOnly,
}
