using System.Text.RegularExpressions;

namespace Infra.Config;

/// <summary>
/// Reads <see cref="EnvironmentFacts"/> for the environments a controlplane lists: from
/// <c>stacks/Pulumi.&lt;stack&gt;.yaml</c> under the project root when the file exists, else the defaults
/// of an environment stack of the default profile.
/// </summary>
public sealed partial class EnvironmentFactsSource
{
    private readonly string? _root;

    /// <param name="root">Project root holding stacks/; null reads no files (every environment gets the defaults).</param>
    public EnvironmentFactsSource(string? root) => _root = root;

    /// <summary>Every environment gets the defaults: the "what if" of N environments like the default one.</summary>
    public static EnvironmentFactsSource Defaults { get; } = new(null);

    /// <summary>The keys the facts come from (the profile decides the others' defaults).</summary>
    private static readonly SettingDefinition[] Keys = [SettingsCatalog.ProfileName, SettingsCatalog.LogRetentionDays, SettingsCatalog.KafkaLogPartitions, SettingsCatalog.LogVolumePerDay, SettingsCatalog.PagerDutyEnabled, SettingsCatalog.FluentBitMaxLineSize];

    public EnvironmentFacts For(string stack)
    {
        if (_root is null)
        {
            return DefaultFor(stack);
        }

        var path = StackFileReader.PathFor(_root, stack);
        if (!File.Exists(path))
        {
            return DefaultFor(stack);
        }

        // A controlplane of 500 environments reads 500 stack files on every compile: the YAML parser costs
        // about 10 times a scan of the lines. The scan only accepts the block form `pulumi config set`
        // writes; anything else (and any value the setting refuses) goes through the full reader and binder.
        var relative = Path.GetRelativePath(_root, path).Replace('\\', '/');
        return Scan(stack, relative, File.ReadAllLines(path)) ?? Bind(StackFileReader.Read(_root, stack));
    }

    /// <summary>
    /// The environment's <c>environment</c> label, which its metrics, alerts and logs carry and teams name their
    /// namespaces by: from its stack file, else its stack name (the setting's default).
    /// </summary>
    public string EnvironmentLabelOf(string stack) => IdentityOf(stack).Environment;

    /// <summary>The environment's identity from its stack file (labels, time zone), else the defaults.</summary>
    public StackIdentity IdentityOf(string stack) => _root is null ? StackIdentity.Defaults(stack) : StackIdentity.Read(_root, stack);

    /// <summary>The facts of a stack file's config, bound like the environment's own compile.</summary>
    public static EnvironmentFacts Bind(RawStackConfig raw)
    {
        var settings = SettingsBinder.Bind(raw, secretsMustBeEncrypted: true);
        return new EnvironmentFacts(raw.Stack, settings.Get(SettingsCatalog.LogRetentionDays), settings.Get(SettingsCatalog.KafkaLogPartitions), Model.KubeQuantity.Parse(settings.Get(SettingsCatalog.LogVolumePerDay)), settings.Get(SettingsCatalog.PagerDutyEnabled), raw.Source,
            FluentBitSize.Bytes(settings.Get(SettingsCatalog.FluentBitMaxLineSize)) ?? EnvironmentFacts.DefaultMaxLineBytes);
    }

    /// <summary>
    /// The facts from the lines of a stack file in Pulumi's block form (<c>config:</c> at the top, keys
    /// indented under it, plain or quoted scalars, comments); null when the file is in any other form, a
    /// key appears twice, or a value is invalid, so that <see cref="Bind"/> decides (and reports).
    /// </summary>
    public static EnvironmentFacts? Scan(string stack, string source, IReadOnlyList<string> lines)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var inConfig = false;
        foreach (var line in lines)
        {
            if (line.Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]))
            {
                // config: opens the block mapping; "config: {...}" (flow form) is the parser's.
                var top = line.Split('#')[0].TrimEnd();
                if (top.StartsWith("config:", StringComparison.Ordinal) && top != "config:")
                {
                    return null;
                }

                inConfig = top == "config:";
                continue;
            }

            var key = Keys.FirstOrDefault(k => line.TrimStart().StartsWith(k.Key + ":", StringComparison.Ordinal));
            if (key is null)
            {
                continue;
            }

            var match = inConfig ? ScalarLine().Match(line) : Match.Empty;
            if (!match.Success || match.Groups["key"].Value != key.Key || !values.TryAdd(key.Key, match.Groups["value"].Value))
            {
                return null;
            }
        }

        // A profile that is no file goes through the binder, which names the files there are.
        if (ProfileCatalog.BuiltIn.Find(values.GetValueOrDefault(SettingsCatalog.ProfileName.Key, ProfileCatalog.DefaultName)) is not { } profile)
        {
            return null;
        }

        var context = new DefaultContext(stack, StackRole.Environment, profile);
        var retention = Count(SettingsCatalog.LogRetentionDays, values, context);
        var partitions = Count(SettingsCatalog.KafkaLogPartitions, values, context);
        var volume = Size(SettingsCatalog.LogVolumePerDay, values, context);
        var pages = Flag(SettingsCatalog.PagerDutyEnabled, values, context);
        var lineBytes = LineBytes(values, context);
        return retention is null || partitions is null || volume is null || pages is null || lineBytes is null ? null : new EnvironmentFacts(stack, retention.Value, partitions.Value, volume.Value, pages.Value, source, lineBytes.Value);
    }

    /// <summary>An environment stack with no settings of its own (the default profile).</summary>
    public static EnvironmentFacts DefaultFor(string stack)
    {
        var context = new DefaultContext(stack, StackRole.Environment, ProfileCatalog.BuiltIn.Default);
        return new EnvironmentFacts(stack, (int)SettingsCatalog.LogRetentionDays.DefaultFor(context)!, (int)SettingsCatalog.KafkaLogPartitions.DefaultFor(context)!,
            Model.KubeQuantity.Parse((string)SettingsCatalog.LogVolumePerDay.DefaultFor(context)!), (bool)SettingsCatalog.PagerDutyEnabled.DefaultFor(context)!, "defaults");
    }

    private static int? Count(Setting<int> setting, Dictionary<string, string> values, DefaultContext context)
    {
        if (!values.TryGetValue(setting.Key, out var text))
        {
            return (int)setting.DefaultFor(context)!;
        }

        return setting.TryParse(RawConfigValue.OfScalar(text), out var value, out _) && value is int number ? number : null;
    }

    private static bool? Flag(Setting<bool> setting, Dictionary<string, string> values, DefaultContext context)
    {
        if (!values.TryGetValue(setting.Key, out var text))
        {
            return (bool)setting.DefaultFor(context)!;
        }

        return setting.TryParse(RawConfigValue.OfScalar(text), out var value, out _) && value is bool flag ? flag : null;
    }

    private static long? LineBytes(Dictionary<string, string> values, DefaultContext context)
    {
        var setting = SettingsCatalog.FluentBitMaxLineSize;
        var text = values.TryGetValue(setting.Key, out var given) ? given : (string)setting.DefaultFor(context)!;
        return setting.TryParse(RawConfigValue.OfScalar(text), out var value, out _) && value is string size ? FluentBitSize.Bytes(size) : null;
    }

    private static decimal? Size(Setting<string> setting, Dictionary<string, string> values, DefaultContext context)
    {
        if (!values.TryGetValue(setting.Key, out var text))
        {
            return Model.KubeQuantity.Parse((string)setting.DefaultFor(context)!);
        }

        return setting.TryParse(RawConfigValue.OfScalar(text), out var value, out _) && value is string size ? Model.KubeQuantity.Parse(size) : null;
    }

    /// <summary>`  namespace:key: value` with a plain, single- or double-quoted word value and an optional comment.</summary>
    [GeneratedRegex("""^\s+(?<key>[a-z]+:[A-Za-z]+):[ ]+(?<q>["']?)(?<value>[A-Za-z0-9]+)\k<q>[ ]*(#.*)?$""")]
    private static partial Regex ScalarLine();
}
