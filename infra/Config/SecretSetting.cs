namespace Infra.Config;

/// <summary>
/// A secret the stack must hold (set with <c>pulumi config set --secret</c>). The compiler only
/// records whether it is present and references it as <c>${namespace:key}</c>; the value is never read.
/// </summary>
public sealed class SecretSetting : SettingDefinition
{
    internal SecretSetting(string name, string description, string example, Func<StackSettings, bool> requiredWhen, string requiredText,
        SettingScope scope = SettingScope.AnyStack, Func<string, object>? shape = null)
        : base(name, description, scope)
    {
        Example = example;
        RequiredWhen = requiredWhen;
        RequiredText = requiredText;
        Shape = shape;
    }

    /// <summary>
    /// For a secret whose form can be checked: what may be known of the decrypted value (never the value), taken
    /// when Pulumi passes it (PULUMI_CONFIG) and dropped with it.
    /// </summary>
    public Func<string, object>? Shape { get; }

    public override string TypeName => "secret string";

    public override bool IsSecret => true;

    public override string Example { get; }

    /// <summary>Whether a stack with these settings needs the secret.</summary>
    public Func<StackSettings, bool> RequiredWhen { get; }

    public string RequiredText { get; }

    public override string DescribeDefault() => $"none (secret; required {RequiredText})";

    internal override bool TryParse(RawConfigValue raw, out object? value, out string error)
    {
        value = true;
        error = string.Empty;
        return true;
    }

    internal override object? DefaultFor(DefaultContext context) => false;
}
