using System.Globalization;
using Infra.Model;

namespace Infra.Config;

/// <summary>
/// A sizing and durability profile: one file of defaults (infra/Profiles/&lt;name&gt;.yaml, read by
/// <see cref="ProfileCatalog"/>) for the per-profile settings, the alert thresholds and the workload sizes no
/// setting exposes. Two profiles are equal when their names are.
/// </summary>
public sealed class Profile : IEquatable<Profile>
{
    private readonly ProfileFile _file;
    private Resolved? _resolved;

    internal Profile(ProfileFile file)
    {
        _file = file;
    }

    /// <summary>The value of <c>observability:profile</c> that selects it (the file's name).</summary>
    public string Name => _file.Name;

    /// <summary>One line on what the profile is for (the file's <c>description</c>).</summary>
    public string Description => _file.Description;

    /// <summary>Where the profile was read from, for messages (e.g. infra/Profiles/production.yaml).</summary>
    public string Source => _file.Source;

    /// <summary>The shipped production profile (HA, persistent, protected); tests and examples pick stacks by it.</summary>
    public static Profile Production => ProfileCatalog.BuiltIn.Get("production");

    /// <summary>The shipped development profile (single replicas, small volumes).</summary>
    public static Profile Development => ProfileCatalog.BuiltIn.Get("development");

    internal ProfileFile File => _file;

    /// <summary>
    /// The Helm values every stack of the profile gets for a chart (its file's <c>chartValues.&lt;chart&gt;</c>), on top
    /// of charts-values/&lt;chart&gt;/values.yaml and under a stack's own charts-values/&lt;chart&gt;/&lt;stack&gt;.yaml; null when it sets none.
    /// </summary>
    public ObjectValue? ChartValues(string chart) => _file.ChartValues.GetValueOrDefault(chart);

    /// <summary>The charts the profile gives Helm values for.</summary>
    public IReadOnlyCollection<string> ChartValueCharts => _file.ChartValues.Keys;

    /// <summary>The profile's default for a per-profile setting.</summary>
    public T Default<T>(Setting<T> setting)
        where T : notnull => (T)Default(setting.Name);

    internal object Default(string settingName) =>
        Resolve().Settings.TryGetValue(settingName, out var value) ? value
            : throw Invalid($"settings.{settingName}", "a per-profile setting of SettingsCatalog.All (declared in its product's folder and listed by its product in Products.All)");

    /// <summary>The profile's default for an alert threshold (a stack changes it in <c>observability:alertThresholds</c>).</summary>
    public decimal Threshold(Threshold threshold) =>
        Resolve().Thresholds.TryGetValue(threshold.Name, out var value) ? value
            : throw Invalid($"thresholds.{threshold.Name}", "a threshold of Thresholds.All (listed by its product in Products.All)");

    /// <summary>The profile's size of a workload no stack setting sizes (a CPU or memory quantity).</summary>
    public string Size(WorkloadDefault workload) =>
        Resolve().Workloads.TryGetValue(workload.Key, out var value) && value is string text ? text : throw Invalid(workload);

    /// <summary>The profile's choice for a workload behaviour no stack setting controls.</summary>
    public bool Flag(WorkloadDefault workload) =>
        Resolve().Workloads.TryGetValue(workload.Key, out var value) && value is bool flag ? flag : throw Invalid(workload);

    /// <summary>What is missing or wrong in the file, each naming the file, the key and the fix; empty when it is complete.</summary>
    public IReadOnlyList<string> Problems => Resolve().Problems;

    private CompilationException Invalid(WorkloadDefault workload) => Invalid($"workloads.{workload.Key}", "a workload default of WorkloadDefault.All (infra/Config/WorkloadDefault.cs)");

    /// <summary>
    /// The file's own problems when it has any; otherwise the key was never read from any profile file because
    /// the list the files are checked against lacks it (a file holding it would be refused as unknown).
    /// </summary>
    private CompilationException Invalid(string key, string list) => new(Problems.Count > 0 ? Problems :
        [$"{Source}: {key} has no value: the profile files are read for the keys of the catalog, and {key} is not {list}; fix: add it to that list (every profile file then needs a line for it)."]);

    /// <summary>Parses every value with the rules of its setting, threshold or workload, once.</summary>
    private Resolved Resolve()
    {
        if (_resolved is { } done)
        {
            return done;
        }

        var problems = new List<string>(_file.Problems);
        var settings = new Dictionary<string, object>(StringComparer.Ordinal);
        var perProfile = SettingsCatalog.All.Where(s => s.FromProfile).ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var setting in perProfile.Values)
        {
            if (!_file.Settings.TryGetValue(setting.Name, out var raw))
            {
                problems.Add($"{Source}: settings.{setting.Name} is missing (every profile sets the default of each per-profile setting); fix: add '{setting.Name}: {setting.Example}' under settings: with this profile's value ({setting.TypeName}).");
                continue;
            }

            if (setting.TryParse(RawConfigValue.OfScalar(raw.Text), out var value, out var error) && value is not null)
            {
                settings[setting.Name] = value;
            }
            else
            {
                problems.Add($"{Source}: settings.{setting.Name} (line {raw.Line}) {error}, got '{raw.Text}'; fix: set it to {setting.TypeName}, e.g. {setting.Example}.");
            }
        }

        foreach (var (key, raw) in _file.Settings.Where(s => !perProfile.ContainsKey(s.Key)))
        {
            var known = SettingsCatalog.All.Any(s => s.Name == key);
            problems.Add(known
                ? $"{Source}: settings.{key} (line {raw.Line}) has one default for every profile, which no profile changes; fix: remove the line (set it per stack: pulumi config set {SettingsCatalog.Namespace}:{key} ...)."
                : $"{Source}: settings.{key} (line {raw.Line}) is not a per-profile setting; fix: {Suggest(key, perProfile.Keys)}.");
        }

        var thresholds = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var knownThresholds = Config.Thresholds.All.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var threshold in knownThresholds.Values)
        {
            if (!_file.Thresholds.TryGetValue(threshold.Name, out var raw))
            {
                problems.Add($"{Source}: thresholds.{threshold.Name} is missing (every profile sets each alert threshold's default); fix: add '{threshold.Name}: <number from {threshold.Min} to {threshold.Max}>' under thresholds: ({threshold.Unit}: {threshold.Description}).");
                continue;
            }

            if (!decimal.TryParse(raw.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                || number < threshold.Min || number > threshold.Max)
            {
                problems.Add($"{Source}: thresholds.{threshold.Name} (line {raw.Line}) must be a number from {threshold.Min} to {threshold.Max} ({threshold.Unit}), got '{raw.Text}'; fix: set it to a number in that range.");
                continue;
            }

            thresholds[threshold.Name] = number;
        }

        foreach (var (key, raw) in _file.Thresholds.Where(t => !knownThresholds.ContainsKey(t.Key)))
        {
            problems.Add($"{Source}: thresholds.{key} (line {raw.Line}) is not an alert threshold; fix: {Suggest(key, knownThresholds.Keys)}.");
        }

        var workloads = new Dictionary<string, object>(StringComparer.Ordinal);
        var knownWorkloads = WorkloadDefault.All.ToDictionary(w => w.Key, StringComparer.Ordinal);
        foreach (var workload in knownWorkloads.Values)
        {
            if (!_file.Workloads.TryGetValue(workload.Key, out var raw))
            {
                problems.Add($"{Source}: workloads.{workload.Key} is missing (every profile sizes the workloads no setting sizes); fix: add '{workload.Key}: {workload.Example}' under workloads: ({workload.Description}).");
                continue;
            }

            if (workload.Parse(raw.Text) is { } value)
            {
                workloads[workload.Key] = value;
            }
            else
            {
                problems.Add($"{Source}: workloads.{workload.Key} (line {raw.Line}) must be {workload.TypeName}, got '{raw.Text}'; fix: set it to a value such as {workload.Example}.");
            }
        }

        foreach (var (key, raw) in _file.Workloads.Where(w => !knownWorkloads.ContainsKey(w.Key)))
        {
            problems.Add($"{Source}: workloads.{key} (line {raw.Line}) is not a workload default; fix: {Suggest(key, knownWorkloads.Keys)}.");
        }

        return _resolved = new Resolved(settings, thresholds, workloads, problems);
    }

    private static string Suggest(string key, IEnumerable<string> known)
    {
        var closest = known.OrderBy(k => SettingsBinder.EditDistance(k.ToLowerInvariant(), key.ToLowerInvariant())).ThenBy(k => k, StringComparer.Ordinal).FirstOrDefault();
        return closest is not null && SettingsBinder.EditDistance(closest.ToLowerInvariant(), key.ToLowerInvariant()) <= Math.Max(3, key.Length / 4)
            ? $"did you mean '{closest}'? Rename it"
            : "remove the line";
    }

    public bool Equals(Profile? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is Profile other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    public override string ToString() => Name;

    public static bool operator ==(Profile? left, Profile? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Profile? left, Profile? right) => !(left == right);

    private sealed record Resolved(IReadOnlyDictionary<string, object> Settings, IReadOnlyDictionary<string, decimal> Thresholds, IReadOnlyDictionary<string, object> Workloads, IReadOnlyList<string> Problems);
}
