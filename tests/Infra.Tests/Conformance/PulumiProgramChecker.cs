using System.Text.RegularExpressions;
using Infra.Model;
using Infra.Yaml;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests.Conformance;

/// <summary>
/// Checks the emitted Pulumi YAML text the way the YAML runtime reads it: resource declaration keys,
/// resource options (names and value shapes, ../shared/docs/pulumi-yaml-facts.md §2, §3, §9) and
/// <c>fn::</c> calls (§5), with <c>fn::invoke</c> tokens and arguments checked against the schemas.
/// </summary>
public sealed partial class PulumiProgramChecker
{
    /// <summary>Keys of a resource declaration (pulumi-yaml <c>ResourceDecl</c>).</summary>
    public static readonly IReadOnlySet<string> ResourceKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "name", "defaultProvider", "properties", "options", "get",
    };

    /// <summary>Every resource option Pulumi YAML v1.38.1 accepts (pulumi-yaml <c>ResourceOptionsDecl</c>).</summary>
    public static readonly IReadOnlySet<string> ResourceOptions = new HashSet<string>(StringComparer.Ordinal)
    {
        "provider", "providers", "dependsOn", "parent", "protect", "ignoreChanges", "version", "pluginDownloadURL",
        "aliases", "customTimeouts", "deleteBeforeReplace", "additionalSecretOutputs", "replaceOnChanges",
        "retainOnDelete", "import", "deletedWith", "replaceWith", "hideDiffs", "replacementTrigger", "envVarMappings",
    };

    /// <summary>Options of <c>fn::invoke</c> (pulumi-yaml <c>InvokeOptionsDecl</c>).</summary>
    public static readonly IReadOnlySet<string> InvokeOptions = new HashSet<string>(StringComparer.Ordinal)
    {
        "dependsOn", "parent", "provider", "version", "pluginDownloadURL",
    };

    /// <summary>Built-in functions other than invoke (pulumi-yaml <c>ast/expr.go</c>); <c>fn::stackReference</c> is deprecated and left out.</summary>
    public static readonly IReadOnlySet<string> BuiltInFunctions = new HashSet<string>(StringComparer.Ordinal)
    {
        "join", "split", "select", "toJSON", "toBase64", "fromBase64", "secret", "unsecret", "readFile", "filebase64",
        "filebase64sha256", "sha1", "length", "singleOrNone", "pulumiResourceName", "pulumiResourceType",
        "stringAsset", "fileAsset", "remoteAsset", "fileArchive", "remoteArchive", "assetArchive",
    };

    private static readonly string[] TimeoutKeys = ["create", "update", "delete", "read"];

    private readonly PulumiSchemaCatalog _catalog;
    private readonly PulumiSchemaChecker _schemas;

    public PulumiProgramChecker(PulumiSchemaCatalog catalog)
    {
        _catalog = catalog;
        _schemas = new PulumiSchemaChecker(catalog);
    }

    /// <summary>The <c>fn::invoke</c> function tokens seen by the last <see cref="Check"/>.</summary>
    public List<string> Invokes { get; } = [];

    public IReadOnlyList<string> Check(string programText)
    {
        var errors = new List<string>();
        Invokes.Clear();
        var stream = new YamlStream();
        stream.Load(new StringReader(programText));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var resources = root.Children.TryGetValue(new YamlScalarNode("resources"), out var r) ? (YamlMappingNode)r : new YamlMappingNode();
        var types = resources.Children.ToDictionary(e => Text(e.Key), e => Scalar(e.Value, "type") ?? string.Empty, StringComparer.Ordinal);

        foreach (var (keyNode, node) in resources.Children)
        {
            var name = Text(keyNode);
            var declaration = (YamlMappingNode)node;
            foreach (var key in declaration.Children.Keys.Select(Text).Where(k => !ResourceKeys.Contains(k)))
            {
                errors.Add($"{name}: '{key}' is not a resource declaration key");
            }

            if (declaration.Children.TryGetValue(new YamlScalarNode("options"), out var options))
            {
                CheckOptions(name, types[name], (YamlMappingNode)options, types, errors);
            }
        }

        foreach (var section in new[] { "resources", "variables", "outputs" })
        {
            if (root.Children.TryGetValue(new YamlScalarNode(section), out var sectionNode))
            {
                CheckFunctions(sectionNode, section, errors);
            }
        }

        return errors;
    }

    private void CheckOptions(string name, string type, YamlMappingNode options, Dictionary<string, string> types, List<string> errors)
    {
        var package = type.StartsWith("pulumi:providers:", StringComparison.Ordinal) ? type["pulumi:providers:".Length..] : type.Split(':')[0];
        foreach (var (keyNode, value) in options.Children)
        {
            var option = Text(keyNode);
            var at = $"{name}: options.{option}";
            if (!ResourceOptions.Contains(option))
            {
                errors.Add($"{at}: not a Pulumi YAML resource option");
                continue;
            }

            switch (option)
            {
                case "provider":
                    if (Reference(value, types, at, errors) is { } provider && types[provider] != $"pulumi:providers:{package}")
                    {
                        errors.Add($"{at}: {provider} is a {types[provider]}, not a pulumi:providers:{package}");
                    }

                    break;
                case "parent" or "deletedWith":
                    Reference(value, types, at, errors);
                    break;
                case "dependsOn" or "replaceWith" or "providers":
                    foreach (var item in Sequence(value, at, errors))
                    {
                        Reference(item, types, at, errors);
                    }

                    break;
                case "protect" or "deleteBeforeReplace" or "retainOnDelete":
                    if (value is not YamlScalarNode { Value: "true" or "false" })
                    {
                        errors.Add($"{at}: must be a boolean literal");
                    }

                    break;
                case "ignoreChanges" or "additionalSecretOutputs" or "replaceOnChanges" or "hideDiffs":
                    if (Sequence(value, at, errors).Any(item => item is not YamlScalarNode))
                    {
                        errors.Add($"{at}: must be a list of property paths");
                    }

                    break;
                case "version":
                    var version = (value as YamlScalarNode)?.Value;
                    if (_catalog.Version(package) is { } expected && version != expected)
                    {
                        errors.Add($"{at}: '{version}' differs from the version of ../shared/pulumi-schemas/{package}.json ({expected})");
                    }

                    break;
                case "customTimeouts":
                    if (value is not YamlMappingNode timeouts)
                    {
                        errors.Add($"{at}: must be a mapping of create/update/delete/read");
                        break;
                    }

                    foreach (var (k, v) in timeouts.Children)
                    {
                        if (!TimeoutKeys.Contains(Text(k)))
                        {
                            errors.Add($"{at}.{Text(k)}: not one of {string.Join(", ", TimeoutKeys)}");
                        }
                        else if (v is not YamlScalarNode { Value: { } d } || !Duration().IsMatch(d))
                        {
                            errors.Add($"{at}.{Text(k)}: not a duration such as \"10m\"");
                        }
                    }

                    break;
            }
        }
    }

    private void CheckFunctions(YamlNode node, string path, List<string> errors)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var calls = map.Children.Keys.Select(Text).Where(k => k.StartsWith("fn::", StringComparison.OrdinalIgnoreCase)).ToList();
                if (calls.Count > 0 && map.Children.Count > 1)
                {
                    errors.Add($"{path}: a function call must be the only key of its object ({string.Join(", ", calls)})");
                }

                foreach (var (keyNode, value) in map.Children)
                {
                    var key = Text(keyNode);
                    if (key.StartsWith("fn::", StringComparison.OrdinalIgnoreCase))
                    {
                        CheckCall(key["fn::".Length..], value, $"{path}.{key}", errors);
                    }

                    CheckFunctions(value, $"{path}.{key}", errors);
                }

                break;
            case YamlSequenceNode list:
                for (var i = 0; i < list.Children.Count; i++)
                {
                    CheckFunctions(list.Children[i], $"{path}[{i}]", errors);
                }

                break;
        }
    }

    private void CheckCall(string function, YamlNode argument, string path, List<string> errors)
    {
        if (function == "invoke")
        {
            if (argument is not YamlMappingNode invoke || Scalar(invoke, "function") is not { } token)
            {
                errors.Add($"{path}: needs a mapping with a literal 'function' token");
                return;
            }

            foreach (var key in invoke.Children.Keys.Select(Text).Where(k => k is not ("function" or "arguments" or "options" or "return")))
            {
                errors.Add($"{path}: '{key}' is not a key of fn::invoke");
            }

            if (invoke.Children.TryGetValue(new YamlScalarNode("options"), out var options) && options is YamlMappingNode o)
            {
                errors.AddRange(o.Children.Keys.Select(Text).Where(k => !InvokeOptions.Contains(k)).Select(k => $"{path}.options: '{k}' is not an invoke option"));
            }

            var arguments = invoke.Children.TryGetValue(new YamlScalarNode("arguments"), out var a) ? a : new YamlMappingNode();
            Invoke(token, arguments, path, errors);
        }
        else if (function.Contains(':', StringComparison.Ordinal))
        {
            Invoke(function, argument, path, errors); // shorthand fn::<pkg>:<mod>:<function>
        }
        else if (function == "stackReference")
        {
            errors.Add($"{path}: fn::stackReference is deprecated; use a pulumi:pulumi:StackReference resource");
        }
        else if (BuiltInFunctions.FirstOrDefault(f => string.Equals(f, function, StringComparison.OrdinalIgnoreCase)) is { } spelling && spelling != function)
        {
            errors.Add($"{path}: Pulumi YAML warns about the case; write fn::{spelling}");
        }
        else if (!BuiltInFunctions.Contains(function))
        {
            errors.Add($"{path}: fn::{function} is not a Pulumi YAML function");
        }
    }

    private void Invoke(string token, YamlNode arguments, string path, List<string> errors)
    {
        Invokes.Add(token);
        if (YamlValueReader.Convert(arguments) is not ObjectValue values)
        {
            errors.Add($"{path}: arguments must be a mapping");
            return;
        }

        errors.AddRange(_schemas.CheckInvoke(token, values).Select(e => $"{path}: {e}"));
    }

    /// <summary>The resource a <c>${name}</c> option names, after checking that it exists.</summary>
    private static string? Reference(YamlNode node, Dictionary<string, string> types, string at, List<string> errors)
    {
        var match = node is YamlScalarNode { Value: { } text } ? WholeReference().Match(text) : Match.Empty;
        if (!match.Success)
        {
            errors.Add($"{at}: must be a resource reference ${{name}}");
            return null;
        }

        var name = match.Groups[1].Value;
        if (!types.ContainsKey(name))
        {
            errors.Add($"{at}: ${{{name}}} is not a resource of the program");
            return null;
        }

        return name;
    }

    private static IEnumerable<YamlNode> Sequence(YamlNode node, string at, List<string> errors)
    {
        if (node is YamlSequenceNode list)
        {
            return list.Children;
        }

        errors.Add($"{at}: must be a list");
        return [];
    }

    private static string? Scalar(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? string.Empty;

    /// <summary>A Go duration as customTimeouts takes it: "10m", "1h30m", "90s".</summary>
    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"^\$\{([^.\[\}]+)\}$")]
    private static partial Regex WholeReference();
}
