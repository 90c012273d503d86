using Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests.Footprint;

/// <summary>
/// A throw-away project root whose sizing the footprint tests control: the repository's
/// Pulumi.yaml, the stack file of an environment (<see cref="Stack"/>, picked by role) with the sizing keys below
/// set, and charts-values/ with the files of the environment charts replaced by <see cref="ChartValues"/>.
/// What no key sizes comes from the stack's profile (<see cref="Profile"/>).
/// </summary>
internal sealed class FootprintFixture : IDisposable
{
    /// <summary>The environment stack in stacks/ the fixture copies (any: the keys below size what the tests compute).</summary>
    public static string Stack { get; } = Stacks.First(Infra.Config.StackRole.Environment);

    /// <summary>The stack's profile: the sizes of the workloads no setting sizes (the federation gateway's).</summary>
    public static Infra.Config.Profile Profile => Stacks.ProfileOf(Stack);

    /// <summary>Stack config set on top of the copied stack file.</summary>
    public static readonly IReadOnlyDictionary<string, string> StackConfig = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["observability:prometheusReplicas"] = "2",
        ["observability:prometheusStorageSize"] = "40Gi",
        ["observability:alertmanagerReplicas"] = "1",
        ["observability:kafkaBrokers"] = "1",
        ["observability:kafkaControllers"] = "1",
        ["observability:kafkaStorageSize"] = "30Gi",
        ["observability:kafkaLogPartitions"] = "4",
        ["observability:kafkaLogRetentionBytes"] = "2147483648",
        ["observability:kafkaLogRetentionHours"] = "24",
        ["observability:logVolumePerDay"] = "1Gi",
        ["observability:kafkaBrokerCpu"] = "250m",
        ["observability:kafkaBrokerMemory"] = "1Gi",
        ["observability:federationGatewayReplicas"] = "1",
        ["observability:alertmanagerStorageSize"] = "1Gi",
    };

    /// <summary>Every values file of these charts (the copied ones are removed first).</summary>
    public static readonly IReadOnlyDictionary<string, string> ChartValues = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["kube-prometheus-stack/values.yaml"] = """
            prometheusOperator:
              resources:
                requests: {cpu: 100m, memory: 100Mi}
                limits: {cpu: 200m, memory: 200Mi}
              prometheusConfigReloader:
                resources:
                  requests: {cpu: 10m, memory: 10Mi}
                  limits: {memory: 20Mi}
            prometheus:
              prometheusSpec:
                resources:
                  requests: {cpu: 500m, memory: 2Gi}
                  limits: {memory: 4Gi}
            alertmanager:
              alertmanagerSpec:
                resources:
                  requests: {cpu: 50m, memory: 50Mi}
                  limits: {memory: 100Mi}
            kube-state-metrics:
              replicas: 2
              resources:
                requests: {cpu: 25m, memory: 64Mi}
            """,

        // The stack overlay wins over values.yaml and the profile's chartValues: Prometheus requests 1 core,
        // not 500m, and this memory whatever the fixture stack's profile sets.
        [$"kube-prometheus-stack/{Stack}.yaml"] = """
            prometheus:
              prometheusSpec:
                resources:
                  requests: {cpu: "1", memory: 2Gi}
                  limits: {memory: 4Gi}
            """,
        // No resources at all: node-exporter must show "not set", never 0.
        ["prometheus-node-exporter/values.yaml"] = """
            tolerations: [{operator: Exists}]
            """,
        ["fluent-bit/values.yaml"] = """
            resources:
              requests: {cpu: 100m, memory: 100Mi}
              limits: {memory: 256Mi}
            """,

        // No CPU limit here: the chart's default (1000m) stays, as Helm merges values over defaults.
        ["strimzi-kafka-operator/values.yaml"] = """
            resources:
              requests: {cpu: 300m, memory: 512Mi}
              limits: {memory: 512Mi}
            """,
    };

    public FootprintFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), $"infra-footprint-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(Root, "stacks"));
        File.Copy(Path.Combine(Repo.Root, "Pulumi.yaml"), Path.Combine(Root, "Pulumi.yaml"));
        // The other stacks too: the fixture's stack reads its teams from the on-call stack's file.
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "stacks"), "Pulumi.*.yaml"))
        {
            File.Copy(file, Path.Combine(Root, "stacks", Path.GetFileName(file)));
        }

        WriteStackFile();
        CopyDirectory(Path.Combine(Repo.Root, "charts-values"), Path.Combine(Root, "charts-values"));
        foreach (var chart in ChartValues.Keys.Select(k => k[..k.IndexOf('/', StringComparison.Ordinal)]).Distinct())
        {
            var folder = Path.Combine(Root, "charts-values", chart);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, true);
            }

            Directory.CreateDirectory(folder);
        }

        foreach (var (file, text) in ChartValues)
        {
            File.WriteAllText(Path.Combine(Root, "charts-values", file), text + "\n");
        }
    }

    public string Root { get; }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, true);
        }
    }

    private void WriteStackFile()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Repo.Root, "stacks", $"Pulumi.{Stack}.yaml")))
        {
            stream.Load(reader);
        }

        var config = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("config")];
        foreach (var (key, value) in StackConfig)
        {
            config.Children[new YamlScalarNode(key)] = new YamlScalarNode(value);
        }

        using var writer = new StreamWriter(Path.Combine(Root, "stacks", $"Pulumi.{Stack}.yaml"));
        stream.Save(writer, assignAnchors: false);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
