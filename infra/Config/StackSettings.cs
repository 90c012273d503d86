namespace Infra.Config;

/// <summary>
/// The typed, validated settings of one stack: each key's value or default. Secrets are known
/// only by presence.
/// </summary>
public sealed class StackSettings
{
    private readonly IReadOnlyDictionary<string, object> _values;
    private readonly IReadOnlySet<string> _presentSecrets;

    private readonly IReadOnlyDictionary<string, object> _secretShapes;

    internal StackSettings(string stack, string source, Profile profile, IReadOnlyDictionary<string, object> values, IReadOnlySet<string> presentSecrets,
        IReadOnlyDictionary<string, object>? secretShapes = null)
    {
        Profile = profile;
        _secretShapes = secretShapes ?? new Dictionary<string, object>();
        Stack = stack;
        Source = source;
        _values = values;
        _presentSecrets = presentSecrets;
    }

    public string Stack { get; }

    /// <summary>Where the config came from (a stack file path or PULUMI_CONFIG), for messages.</summary>
    public string Source { get; }

    public StackRole Role => SettingsCatalog.RoleOf(Get(SettingsCatalog.Role));

    /// <summary>The profile the stack names (<c>observability:profile</c>): its file's defaults are the stack's.</summary>
    public Profile Profile { get; }

    public string Environment => Get(SettingsCatalog.EnvironmentLabel);

    public string Cluster => Get(SettingsCatalog.ClusterLabel);

    public T Get<T>(Setting<T> setting)
        where T : notnull =>
        _values.TryGetValue(setting.Key, out var value) ? (T)value
            : throw new InvalidOperationException($"setting {setting.Key} was not bound");

    public bool HasSecret(SecretSetting setting) => _presentSecrets.Contains(setting.Key);

    /// <summary>The shape of a present secret (<see cref="SecretSetting.Shape"/>), when Pulumi passed its value; never the value.</summary>
    public object? SecretShape(SecretSetting setting) => _secretShapes.GetValueOrDefault(setting.Key);
}
