using Infra.Model;

namespace Infra.Config;

/// <summary>
/// Turns raw stack config into <see cref="StackSettings"/>, collecting every problem (unknown and
/// misspelled keys, wrong types, keys outside their scope) instead of stopping at the first.
/// </summary>
public static class SettingsBinder
{
    /// <param name="raw">The stack's config.</param>
    /// <param name="secretsMustBeEncrypted">True when reading a stack file, where a plain-text secret is visible and refused.</param>
    /// <param name="profiles">The profiles a stack may name; the compiler's own (infra/Profiles) unless a test brings others.</param>
    public static StackSettings Bind(RawStackConfig raw, bool secretsMustBeEncrypted, ProfileCatalog? profiles = null)
    {
        profiles ??= ProfileCatalog.BuiltIn;
        if (profiles.Problems is { Count: > 0 } broken)
        {
            throw new CompilationException(broken);
        }

        var problems = new List<string>();
        var prefix = $"stack '{raw.Stack}' ({raw.Source})";
        if (!SettingsCatalog.StackNamePattern().IsMatch(raw.Stack))
        {
            throw new CompilationException($"stack '{raw.Stack}': stack names must be lower-case letters, digits and '-'; rename the stack (pulumi stack rename).");
        }

        var known = SettingsCatalog.All.ToDictionary(s => s.Key, StringComparer.Ordinal);
        foreach (var key in raw.Values.Keys.Order(StringComparer.Ordinal))
        {
            if (known.ContainsKey(key) || key.StartsWith("pulumi:", StringComparison.Ordinal))
            {
                continue;
            }

            problems.Add(DescribeUnknown(prefix, key, known.Keys));
        }

        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var presentSecrets = new HashSet<string>(StringComparer.Ordinal);
        var secretShapes = new Dictionary<string, object>(StringComparer.Ordinal);

        // Role and profile first: every other default depends on them.
        var first = new DefaultContext(raw.Stack, StackRole.Environment, profiles.Default);
        var role = BindOne(SettingsCatalog.Role, raw, first, prefix, problems) as string;
        var profileName = BindOne(SettingsCatalog.ProfileName, raw, first, prefix, problems) as string;
        var profile = profileName is null ? profiles.Default : profiles.Find(profileName);
        if (profile is null)
        {
            problems.Add($"{prefix}: {SettingsCatalog.ProfileName.Key} must be one of {string.Join(", ", profiles.Names)}, got '{profileName}': {profiles.Known()}; fix: pulumi config set {SettingsCatalog.ProfileName.Key} {profiles.Default.Name} --stack {raw.Stack}, or add the file {ProfileCatalog.Folder}/{profileName}.yaml.");
        }

        // An unknown profile is reported above; the others' problems are found with the default one.
        profile ??= profiles.Default;
        var context = new DefaultContext(raw.Stack, SettingsCatalog.RoleOf(role), profile);

        values[SettingsCatalog.Role.Key] = role ?? "environment";
        values[SettingsCatalog.ProfileName.Key] = profile.Name;
        foreach (var setting in SettingsCatalog.All.Where(s => s != SettingsCatalog.Role && s != SettingsCatalog.ProfileName))
        {
            if (!SettingsCatalog.AppliesTo(setting, context.Role))
            {
                // The on-call stack deploys no cluster, and cluster stacks hold no PagerDuty account.
                if (raw.Values.ContainsKey(setting.Key))
                {
                    problems.Add(context.Role == StackRole.OnCall
                        ? $"{prefix}: {setting.Key} applies only to cluster stacks ({SettingsCatalog.Role.Key}: environment or controlplane), not to this on-call stack; remove it (pulumi config rm {setting.Key} --stack {raw.Stack})."
                        : $"{prefix}: {setting.Key} applies only to the on-call stack ({SettingsCatalog.Role.Key}: oncall); remove it from this stack (pulumi config rm {setting.Key} --stack {raw.Stack}).");
                }

                continue;
            }

            if (setting is SecretSetting)
            {
                if (raw.Values.TryGetValue(setting.Key, out var secret))
                {
                    if (secretsMustBeEncrypted && !secret.IsSecret)
                    {
                        problems.Add($"{prefix}: {setting.Key} is stored in plain text; remove it and run: pulumi config set --secret {setting.Key} <value> --stack {raw.Stack}");
                    }

                    presentSecrets.Add(setting.Key);
                    if (secret.SecretShape is { } shape)
                    {
                        secretShapes[setting.Key] = shape;
                    }
                }

                continue;
            }

            if (setting.Scope == SettingScope.ControlplaneOnly && context.Role != StackRole.Controlplane && raw.Values.ContainsKey(setting.Key))
            {
                problems.Add($"{prefix}: {setting.Key} applies only to stacks with {SettingsCatalog.Role.Key}: controlplane; remove it from this stack.");
                continue;
            }

            var value = BindOne(setting, raw, context, prefix, problems);
            if (value is not null)
            {
                values[setting.Key] = value;
            }
        }

        if (problems.Count > 0)
        {
            throw new CompilationException(problems);
        }

        var settings = new StackSettings(raw.Stack, raw.Source, profile, values, presentSecrets, secretShapes);
        if (!secretsMustBeEncrypted)
        {
            // The config comes from Pulumi: a preview or an update is about to use the secrets. (The
            // offline preview of a stack file only warns: secrets never live in the file.)
            var missing = SettingsCatalog.RequiredSecrets(settings)
                .Where(s => !settings.HasSecret(s))
                .Select(s => $"{prefix}: the secret {s.Key} is required {s.RequiredText} and not set ({s.Description}); fix: pulumi config set --secret {s.Key} {Quote(s.Example)} --stack {raw.Stack}")
                .ToList();
            if (missing.Count > 0)
            {
                throw new CompilationException(missing);
            }
        }

        return settings;
    }

    private static object? BindOne(SettingDefinition setting, RawStackConfig raw, DefaultContext context, string prefix, List<string> problems)
    {
        if (raw.Values.TryGetValue(setting.Key, out var supplied))
        {
            if (setting.TryParse(supplied, out var value, out var error))
            {
                return value;
            }

            // A structured value may have several problems, each naming its own path and fix (one per line after the lead).
            if (error.Split('\n') is { Length: > 1 } lines)
            {
                problems.AddRange(lines.Skip(1).Select(line => $"{prefix}: {setting.Key} {lines[0]} {line}"));
                return null;
            }

            problems.Add($"{prefix}: {setting.Key} {error}{Shown(setting, supplied)} ({setting.Description}); fix: {FixCommand(setting, context)}");
            return null;
        }

        var fallback = setting.DefaultFor(context);
        if (fallback is null)
        {
            problems.Add($"{prefix}: {setting.Key} is required ({setting.Description}); fix: {FixCommand(setting, context)}");
        }

        return fallback;
    }

    private static string FixCommand(SettingDefinition setting, DefaultContext context) =>
        $"pulumi config set {setting.Key} {Quote(setting.FixExample(context).Replace("{stack}", context.Stack, StringComparison.Ordinal))} --stack {context.Stack}";

    /// <summary>The rejected value, so the user sees what was read; never for a secret or an encrypted value.</summary>
    private static string Shown(SettingDefinition setting, RawConfigValue raw)
    {
        var text = raw.Scalar ?? raw.Json ?? (raw.List is { } list ? $"[{string.Join(", ", list)}]" : null);
        if (setting.IsSecret || raw.IsSecret || raw.IsConfidential || text is null)
        {
            return string.Empty;
        }

        const int Longest = 60;
        text = text.ReplaceLineEndings("\\n");
        return $", got '{(text.Length > Longest ? $"{text[..Longest]}..." : text)}'";
    }

    private static string DescribeUnknown(string prefix, string key, IEnumerable<string> knownKeys)
    {
        var closest = knownKeys
            .Select(k => (Key: k, Distance: EditDistance(k.ToLowerInvariant(), key.ToLowerInvariant())))
            .OrderBy(p => p.Distance).ThenBy(p => p.Key, StringComparer.Ordinal)
            .First();
        var hint = closest.Distance <= Math.Max(3, key.Length / 4)
            ? $"did you mean '{closest.Key}'? Rename it"
            : $"remove it (pulumi config rm {key}); the known keys are listed in docs/configuration.md";
        return $"{prefix}: unknown config key '{key}'; {hint}.";
    }

    private static string Quote(string example) => example.IndexOfAny([' ', '"', '#', '<', '>', '$', '|', '&', ';']) >= 0
        ? $"'{example}'"
        : example;

    /// <summary>Levenshtein distance, for "did you mean" suggestions.</summary>
    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
