namespace Infra.Config;

/// <summary>
/// Reads <see cref="EnvironmentFacts"/> for the environments a controlplane lists: from
/// <c>stacks/Pulumi.&lt;stack&gt;.yaml</c> under the project root when the file exists (bound like the
/// environment's own compile, so a bad value there is reported the same way), else the defaults of a
/// production-profile environment stack.
/// </summary>
public sealed class EnvironmentFactsSource
{
    private readonly string? _root;

    /// <param name="root">Project root holding stacks/; null reads no files (every environment gets the defaults).</param>
    public EnvironmentFactsSource(string? root) => _root = root;

    /// <summary>Every environment gets the defaults: the "what if" of N environments like the default one.</summary>
    public static EnvironmentFactsSource Defaults { get; } = new(null);

    public EnvironmentFacts For(string stack)
    {
        if (_root is not null && File.Exists(StackFileReader.PathFor(_root, stack)))
        {
            var raw = StackFileReader.Read(_root, stack);
            var settings = SettingsBinder.Bind(raw, secretsMustBeEncrypted: true);
            return new EnvironmentFacts(stack, settings.Get(SettingsCatalog.LogRetentionDays), settings.Get(SettingsCatalog.KafkaLogPartitions), raw.Source);
        }

        return DefaultFor(stack);
    }

    /// <summary>An environment stack with no settings of its own (production profile).</summary>
    public static EnvironmentFacts DefaultFor(string stack)
    {
        var context = new DefaultContext(stack, StackRole.Environment, Profile.Production);
        return new EnvironmentFacts(stack, (int)SettingsCatalog.LogRetentionDays.DefaultFor(context)!, (int)SettingsCatalog.KafkaLogPartitions.DefaultFor(context)!, "defaults");
    }
}
