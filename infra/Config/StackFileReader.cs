using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using Infra.Model;

namespace Infra.Config;

/// <summary>
/// Reads <c>stacks/Pulumi.&lt;stack&gt;.yaml</c> for offline commands (preview, render). Encrypted
/// values (<c>secure:</c>) are recorded as present; plain values of unknown keys are not kept.
/// </summary>
public static class StackFileReader
{
    /// <summary>The top-level keys of a Pulumi stack file.</summary>
    private static readonly string[] PulumiKeys = ["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"];

    public static string PathFor(string root, string stack) => Path.Combine(root, "stacks", $"Pulumi.{stack}.yaml");

    public static RawStackConfig Read(string root, string stack)
    {
        if (!SettingsCatalog.StackNamePattern().IsMatch(stack))
        {
            throw new CompilationException($"stack '{stack}': not a valid stack name (lower-case letters, digits and '-').");
        }

        var path = PathFor(root, stack);
        var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
        if (!File.Exists(path))
        {
            var available = Directory.Exists(Path.GetDirectoryName(path))
                ? Directory.GetFiles(Path.GetDirectoryName(path)!, "Pulumi.*.yaml").Select(f => Path.GetFileName(f)[7..^5]).Order(StringComparer.Ordinal).ToList()
                : [];
            throw new CompilationException($"stack '{stack}': unknown stack, {relative} does not exist; known stacks: {(available.Count == 0 ? "none" : string.Join(", ", available))}. To add one, create that file (see README, 'Adding an environment').");
        }

        YamlMappingNode? config;
        try
        {
            using var reader = new StreamReader(path);
            var stream = new YamlStream();
            stream.Load(reader);
            config = ConfigSection(stack, relative, stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode);
        }
        catch (YamlException e) when (e.Message.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase))
        {
            // YamlDotNet names no key: the line it points at does.
            var line = File.ReadLines(path).Skip((int)Math.Max(0, e.Start.Line - 1)).FirstOrDefault() ?? string.Empty;
            var entry = line.Trim().TrimStart('-').Trim();
            var end = entry.IndexOf(": ", StringComparison.Ordinal);
            var name = (end >= 0 ? entry[..end] : entry.TrimEnd(':')) is { Length: > 0 } key ? $"'{key}'" : "a key";
            throw new CompilationException($"stack '{stack}': {relative} sets {name} twice in the same mapping (line {e.Start.Line}); keep one of the two lines.");
        }
        catch (YamlException e)
        {
            throw new CompilationException($"stack '{stack}': {relative} is not valid YAML (line {e.Start.Line}, column {e.Start.Column}); fix the syntax.");
        }

        var values = new SortedDictionary<string, RawConfigValue>(StringComparer.Ordinal);
        var catalog = SettingsCatalog.All.ToDictionary(s => s.Key, StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in config?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var key = (keyNode as YamlScalarNode)?.Value
                ?? throw new CompilationException($"stack '{stack}': {relative} has a config key that is not a plain name (line {keyNode.Start.Line}); keys are namespace:name.");
            var isKnownPlain = catalog.TryGetValue(key, out var setting) && !setting.IsSecret;
            values[key] = valueNode switch
            {
                YamlMappingNode m when m.Children.Count == 1 && m.Children.ContainsKey(new YamlScalarNode("secure")) => RawConfigValue.SecretPresent,
                _ when !isKnownPlain && setting is { IsSecret: true } => new RawConfigValue("(plain text)", null, false),
                _ when !isKnownPlain => RawConfigValue.Unsupported,
                // YAML's null (null, ~ or nothing) is no value: taking it as the text "null" would hide the slip.
                YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" } =>
                    throw new CompilationException($"stack '{stack}': {relative} sets {key} to null (line {valueNode.Start.Line}); give it a value (pulumi config set {key} '{setting!.Example.Replace("{stack}", stack, StringComparison.Ordinal)}' --stack {stack}, with your value), or remove the line where the setting has a default."),
                YamlScalarNode s => RawConfigValue.OfScalar(s.Value ?? string.Empty),
                YamlSequenceNode seq when seq.Children.All(c => c is YamlScalarNode) =>
                    RawConfigValue.OfList(seq.Children.Select(c => ((YamlScalarNode)c).Value ?? string.Empty).ToList()),
                YamlMappingNode or YamlSequenceNode => RawConfigValue.OfJson(Yaml.JsonText.Of(Yaml.YamlValueReader.Convert(valueNode))),
                _ => RawConfigValue.Unsupported,
            };
        }

        return new RawStackConfig(stack, relative, values);
    }

    /// <summary>
    /// The <c>config:</c> mapping of a stack file, after checking its top-level keys: Pulumi's own
    /// (<see cref="PulumiKeys"/>) are accepted, anything else (a misspelled <c>confg:</c>) would silently drop the config.
    /// </summary>
    private static YamlMappingNode? ConfigSection(string stack, string relative, YamlNode? document)
    {
        if (document is null || document is YamlScalarNode { Value: null or "" })
        {
            return null;
        }

        if (document is not YamlMappingNode top)
        {
            throw new CompilationException($"stack '{stack}': {relative} must be a mapping with a config: section (see README, 'Adding an environment').");
        }

        var problems = new List<string>();
        foreach (var keyNode in top.Children.Keys)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (!PulumiKeys.Contains(key, StringComparer.Ordinal))
            {
                var closest = PulumiKeys.OrderBy(k => SettingsBinder.EditDistance(k, key.ToLowerInvariant())).ThenBy(k => k, StringComparer.Ordinal).First();
                problems.Add($"stack '{stack}': {relative} has unknown top-level key '{key}' (line {keyNode.Start.Line}); did you mean '{closest}'? A stack file holds {string.Join(", ", PulumiKeys.Select(k => $"{k}:"))}; settings go under config:.");
            }
        }

        if (problems.Count > 0)
        {
            throw new CompilationException(problems);
        }

        return top.Children.TryGetValue(new YamlScalarNode("config"), out var node) switch
        {
            false => null,
            true when node is YamlMappingNode mapping => mapping,
            true when node is YamlScalarNode { Value: null or "" } => null,
            _ => throw new CompilationException($"stack '{stack}': {relative}: config: must be a mapping of namespace:key to value (line {node.Start.Line})."),
        };
    }
}
