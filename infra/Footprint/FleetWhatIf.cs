using Infra.Components;
using Infra.Config;
using Infra.Model;

namespace Infra.Footprint;

/// <summary>
/// "What if this controlplane had N environments": its stack file's config with N synthetic environments
/// like the default one (an environment stack with no settings of its own: production profile, 30 days of
/// logs), and the settings that must grow with the fleet (the Logstash volume and memory, the Elasticsearch nodes for
/// the shard budget) raised to the smallest value the compile accepts, when they are too small.
/// </summary>
public static class FleetWhatIf
{
    public const string NamePrefix = "what-if-";

    /// <summary>Most environments a what-if takes.</summary>
    public const int MaxEnvironments = 2000;

    private const decimal GiB = 1024m * 1024 * 1024;

    /// <summary>The config, and a note for each setting raised (key, from, to, why).</summary>
    public static (RawStackConfig Config, IReadOnlyList<string> Raised) With(RawStackConfig raw, int environments)
    {
        var names = Enumerable.Range(1, environments).Select(i => $"{NamePrefix}{i:D4}").ToList();
        var values = new SortedDictionary<string, RawConfigValue>(StringComparer.Ordinal);
        foreach (var (key, value) in raw.Values)
        {
            values[key] = value;
        }

        values[SettingsCatalog.Environments.Key] = RawConfigValue.OfList(names);
        var settings = SettingsBinder.Bind(raw with { Values = values }, secretsMustBeEncrypted: true);
        if (settings.Role != StackRole.Controlplane)
        {
            throw new CompilationException($"stack '{raw.Stack}': only a controlplane has environments; run the what-if on a stack with {SettingsCatalog.Role.Key}: controlplane.");
        }

        var raised = new List<string>();
        var queue = KubeQuantity.Parse(settings.Get(SettingsCatalog.LogstashQueueSize));
        var deadLetters = KubeQuantity.Parse(settings.Get(SettingsCatalog.LogstashDeadLetterQueueSize));
        var needed = Logstash.RequiredVolumeBytes(environments + 1, queue, deadLetters);
        var volume = settings.Get(SettingsCatalog.LogstashStorageSize);
        if (KubeQuantity.Parse(volume) < needed)
        {
            var size = $"{decimal.Ceiling(needed / GiB)}Gi";
            values[SettingsCatalog.LogstashStorageSize.Key] = RawConfigValue.OfScalar(size);
            raised.Add($"{SettingsCatalog.LogstashStorageSize.Key} {volume} -> {size} (every pipeline's queues)");
        }

        var memory = settings.Get(SettingsCatalog.LogstashMemory);
        if (KubeQuantity.Parse(memory) / 2 < Logstash.RequiredHeapBytes(environments + 1))
        {
            var raisedMemory = Logstash.RequiredMemory(environments + 1);
            values[SettingsCatalog.LogstashMemory.Key] = RawConfigValue.OfScalar(raisedMemory);
            raised.Add($"{SettingsCatalog.LogstashMemory.Key} {memory} -> {raisedMemory} (every pipeline's heap)");
        }

        var budget = ElasticsearchShardBudget.For(settings, names.Select(EnvironmentFactsSource.DefaultFor).ToList());
        if (!budget.Fits)
        {
            var nodes = settings.Get(SettingsCatalog.ElasticsearchNodes);
            values[SettingsCatalog.ElasticsearchNodes.Key] = RawConfigValue.OfScalar(budget.NodesNeeded.ToString(System.Globalization.CultureInfo.InvariantCulture));
            raised.Add($"{SettingsCatalog.ElasticsearchNodes.Key} {nodes} -> {budget.NodesNeeded} ({budget.Shards} shards)");
        }

        return (raw with { Values = values }, raised);
    }

    /// <summary>The what-if compiled: every environment gets the defaults, no stack file is read for them.</summary>
    public static (CompiledStack Compiled, IReadOnlyList<string> Raised) Compile(RawStackConfig raw, string root, int environments)
    {
        var (config, raised) = With(raw, environments);
        return (StackCompiler.Compile(config, root, fromStackFile: true, requireResources: false, EnvironmentFactsSource.Defaults), raised);
    }
}
