using Infra.Config;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests.Support;

/// <summary>
/// A temporary project (a copy as in <see cref="SyntheticStacks"/>) whose controlplane lists N generated
/// environments, each a copy of <see cref="SyntheticStacks.Source"/> (a development-profile environment)
/// with its own identity and stack file, so the controlplane's compile reads their settings as Pulumi's would.
/// </summary>
public sealed class SyntheticFleet : IDisposable
{
    public SyntheticFleet(int environments, Action<int, YamlMappingNode>? editEnvironment = null, IReadOnlyDictionary<string, string>? controlplane = null)
    {
        Root = Path.Combine(Path.GetTempPath(), $"infra-fleet-{Guid.NewGuid():N}");
        ProjectCopy.Create(Root);
        Names = Enumerable.Range(1, environments).Select(i => SyntheticStacks.UnusedName($"fleet-{i:D3}")).ToList();
        for (var i = 0; i < Names.Count; i++)
        {
            var name = Names[i];
            var index = i;
            Edit(SyntheticStacks.Source, name, config =>
            {
                Set(config, SettingsCatalog.KubeContext.Key, $"{name}-context");
                Set(config, SettingsCatalog.EnvironmentLabel.Key, name);
                Set(config, SettingsCatalog.ClusterLabel.Key, $"{name}-cluster");
                Set(config, SettingsCatalog.KafkaExternalHost.Key, $"kafka.{name}.example.com");
                Set(config, SettingsCatalog.FederationHost.Key, $"prometheus.{name}.example.com");
                Set(config, SettingsCatalog.SlackChannel.Key, $"#alerts-{name}");
                editEnvironment?.Invoke(index, config);
            });
        }

        Controlplane = Stacks.NameOf(Stacks.Controlplane);
        Edit(Controlplane, Controlplane, config =>
        {
            var list = new YamlSequenceNode();
            foreach (var name in Names)
            {
                list.Add(new YamlScalarNode(name));
            }

            config.Children[new YamlScalarNode(SettingsCatalog.Environments.Key)] = list;
            foreach (var (key, value) in controlplane ?? new Dictionary<string, string>())
            {
                Set(config, key, value);
            }
        });
    }

    public string Root { get; }

    /// <summary>The controlplane's stack name (the one of stacks/ the fleet edits).</summary>
    public string Controlplane { get; }

    public IReadOnlyList<string> Names { get; }

    /// <summary>The controlplane compiled from its stack file, reading the environments' stack files.</summary>
    public CompiledStack Compile() =>
        StackCompiler.Compile(StackFileReader.Read(Root, Controlplane), Root, fromStackFile: true);

    /// <summary>The capacity model of the controlplane and the environments as their stack files declare them.</summary>
    public Infra.Components.LogCapacity Capacity()
    {
        var settings = SettingsBinder.Bind(StackFileReader.Read(Root, Controlplane), secretsMustBeEncrypted: true);
        var facts = new EnvironmentFactsSource(Root);
        return Infra.Components.LogCapacity.For(settings, Names.Select(facts.For).ToList());
    }

    /// <summary>Sets one key of the controlplane's stack file.</summary>
    public void SetControlplane(string key, string value) => Edit(Controlplane, Controlplane, config => Set(config, key, value));

    public static void Set(YamlMappingNode config, string key, string value) =>
        config.Children[new YamlScalarNode(key)] = new YamlScalarNode(value) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };

    public void Dispose() => Directory.Delete(Root, true);

    private void Edit(string source, string target, Action<YamlMappingNode> edit)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(StackFileReader.PathFor(Root, source)))
        {
            stream.Load(reader);
        }

        edit((YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("config")]);
        using var writer = new StreamWriter(StackFileReader.PathFor(Root, target));
        stream.Save(writer, assignAnchors: false);
    }
}
