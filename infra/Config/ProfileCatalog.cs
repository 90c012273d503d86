using Infra.Model;

namespace Infra.Config;

/// <summary>
/// The profiles a stack may name in <c>observability:profile</c>: one file each. The compiler's own are
/// infra/Profiles/*.yaml, embedded in the binary (docs/profiles.md says why); tests build others from text.
/// </summary>
public sealed class ProfileCatalog
{
    /// <summary>The profile of a stack that names none (the default of <c>observability:profile</c>).</summary>
    public const string DefaultName = "production";

    /// <summary>Where the compiler's profiles live in the repository.</summary>
    public const string Folder = "infra/Profiles";

    private const string ResourcePrefix = "Infra.Profiles.";

    private static readonly Lazy<ProfileCatalog> Embedded = new(LoadEmbedded);

    private readonly Dictionary<string, Profile> _byName;
    private readonly List<string> _problems = [];

    private ProfileCatalog(IEnumerable<(string Path, string Text)> files)
    {
        var byName = new Dictionary<string, Profile>(StringComparer.Ordinal);
        foreach (var (path, text) in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(path);
            // Not SettingsCatalog's pattern: the catalog builds the profile setting from this one, so it must not start it.
            if (name.Length is 0 or > 63 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || name[0] == '-' || name[^1] == '-')
            {
                _problems.Add($"{path}: a profile's file name is its name, which must be lower-case letters, digits and '-'; rename the file.");
                continue;
            }

            byName[name] = new Profile(ProfileFile.Parse(name, path, text));
        }

        _byName = byName;
        if (!byName.ContainsKey(DefaultName))
        {
            _problems.Add($"{Folder}/{DefaultName}.yaml is missing: it is the profile of every stack that names none; restore it.");
        }

        // The default first (it is the one stacks get), then by name: the order of the docs' columns.
        Profiles = byName.Values.OrderBy(p => p.Name == DefaultName ? 0 : 1).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The compiler's profiles (infra/Profiles/*.yaml).</summary>
    public static ProfileCatalog BuiltIn => Embedded.Value;

    /// <summary>A catalog of the given files (path and YAML text); the file name without .yaml is the profile's name.</summary>
    public static ProfileCatalog From(IEnumerable<(string Path, string Text)> files) => new(files);

    /// <summary>Every profile, the default first.</summary>
    public IReadOnlyList<Profile> Profiles { get; }

    public IEnumerable<string> Names => Profiles.Select(p => p.Name);

    /// <summary>The profile of a stack that names none.</summary>
    public Profile Default => Get(DefaultName);

    public Profile Get(string name) => _byName.TryGetValue(name, out var profile) ? profile
        : throw new CompilationException($"profile '{name}' does not exist; {Known()}.");

    public Profile? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The files there are, for a message about a name that is none of them.</summary>
    public string Known() =>
        $"the profiles are the files {string.Join(", ", Profiles.Select(p => p.Source))} (one file each; to add one, copy a file: README, 'Adding a profile')";

    /// <summary>Every problem of every profile file: a broken file stops every compile, not only its stacks'.</summary>
    public IReadOnlyList<string> Problems => [.. _problems, .. Profiles.SelectMany(p => p.Problems)];

    /// <summary>"production: 2, development: 1": a per-profile setting's defaults as the files write them.</summary>
    internal string DescribeSetting(string name) =>
        string.Join(", ", Profiles.Select(p => $"{p.Name}: {(p.File.Settings.TryGetValue(name, out var raw) ? raw.Text : "(missing)")}"));

    /// <summary>The default profile's text of a per-profile setting, for examples in messages.</summary>
    internal string ExampleOf(string name, string fallback) =>
        _byName.GetValueOrDefault(DefaultName)?.File.Settings.GetValueOrDefault(name)?.Text ?? fallback;

    /// <summary>A threshold's default in a profile as its file writes it.</summary>
    internal static string ThresholdText(Profile profile, Threshold threshold) =>
        profile.File.Thresholds.TryGetValue(threshold.Name, out var raw) ? raw.Text : "(missing)";

    private static ProfileCatalog LoadEmbedded()
    {
        var assembly = typeof(ProfileCatalog).Assembly;
        var files = new List<(string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal) && r.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            files.Add(($"{Folder}/{resource[ResourcePrefix.Length..]}", reader.ReadToEnd()));
        }

        return new ProfileCatalog(files);
    }

    /// <summary>Whether a Kubernetes quantity text parses (for the workload sizes).</summary>
    internal static bool IsQuantity(string text) => KubeQuantity.TryParse(text) is > 0;
}
