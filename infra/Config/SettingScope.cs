namespace Infra.Config;

/// <summary>Which stacks may set a key.</summary>
public enum SettingScope
{
    AnyStack,
    ControlplaneOnly,
}
