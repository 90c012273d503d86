using Infra.Config;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests.Support;

/// <summary>
/// A synthetic added environment, so that the per-stack tests hold for any set of stacks, not only
/// the ones in stacks/: a temporary copy of the repository's stacks/, charts-values/ and Pulumi.yaml
/// where a copy of a development-profile environment, with its own identity, is added and listed in
/// every controlplane's <c>observability:environments</c>. Its name sorts after every real stack and
/// is never one of them. Theories see these stacks as <c>synthetic:&lt;stack&gt;</c> (see
/// <see cref="Stacks"/>); golden files never include them.
/// </summary>
public static class SyntheticStacks
{
    public const string Prefix = "synthetic:";

    private static readonly Lazy<string> LazyRoot = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The synthetic environment's stack name: not in stacks/, sorting after every stack there.</summary>
    public static string Environment { get; } = UnusedName("zz-synthetic");

    /// <summary>Every controlplane of stacks/, with the synthetic environment added to its environments.</summary>
    public static IReadOnlyList<string> Controlplanes { get; } =
        [.. Repo.Stacks.Where(s => Stacks.RoleOf(s) == StackRole.Controlplane).Select(s => Prefix + s)];

    /// <summary>The synthetic environment, then the synthetic controlplanes.</summary>
    public static IReadOnlyList<string> Ids { get; } = [Prefix + Environment, .. Controlplanes];

    /// <summary>The stack in stacks/ the synthetic environment copies: a development-profile environment, else any environment.</summary>
    public static string Source { get; } = SourceStack();

    /// <summary>The temporary project root holding the synthetic stacks (created on first use, deleted at exit).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>A stack name that no file in stacks/ has, built from <paramref name="stem"/>.</summary>
    public static string UnusedName(string stem)
    {
        var name = stem;
        for (var i = 2; Repo.Stacks.Contains(name, StringComparer.Ordinal); i++)
        {
            name = $"{stem}-{i}";
        }

        return name;
    }

    private static string Create()
    {
        var root = Path.Combine(Path.GetTempPath(), $"infra-synthetic-{Guid.NewGuid():N}");
        ProjectCopy.Create(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(root, true);

        Edit(root, Source, Environment, config =>
        {
            var name = Environment;
            Set(SettingsCatalog.ProfileName, config, "development");
            Set(SettingsCatalog.KubeContext, config, $"{name}-context");
            Set(SettingsCatalog.EnvironmentLabel, config, name);
            Set(SettingsCatalog.ClusterLabel, config, $"{name}-cluster");
            Set(SettingsCatalog.KafkaExternalHost, config, $"kafka.{name}.example.com");
            Set(SettingsCatalog.FederationHost, config, $"prometheus.{name}.example.com");
            Set(SettingsCatalog.SlackChannel, config, $"#alerts-{name}");
        });

        foreach (var controlplane in Controlplanes.Select(Stacks.NameOf))
        {
            Edit(root, controlplane, controlplane, config =>
            {
                var key = new YamlScalarNode(SettingsCatalog.Environments.Key);
                if (!config.Children.TryGetValue(key, out var list) || list is not YamlSequenceNode sequence)
                {
                    sequence = new YamlSequenceNode();
                    config.Children[key] = sequence;
                }

                sequence.Add(new YamlScalarNode(Environment));
            });
        }

        return root;
    }

    private static string SourceStack()
    {
        var environments = Repo.Stacks.Where(s => Stacks.RoleOf(s) == StackRole.Environment).ToList();
        return environments.FirstOrDefault(s => Stacks.ProfileOf(s) == Profile.Development)
            ?? environments.FirstOrDefault()
            ?? throw new InvalidOperationException("stacks/ holds no environment stack to copy");
    }

    private static void Edit(string root, string source, string target, Action<YamlMappingNode> edit)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(StackFileReader.PathFor(root, source)))
        {
            stream.Load(reader);
        }

        edit((YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("config")]);
        using var writer = new StreamWriter(StackFileReader.PathFor(root, target));
        stream.Save(writer, assignAnchors: false);
    }

    private static void Set(SettingDefinition setting, YamlMappingNode config, string value) =>
        config.Children[new YamlScalarNode(setting.Key)] = new YamlScalarNode(value) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };
}
