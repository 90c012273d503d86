using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests;

/// <summary>Helm-style merging of user values files with the program's wiring values.</summary>
public sealed class ChartValuesTests : IDisposable
{
    /// <summary>The environment whose overlays the tests write (any environment: the merging does not depend on the profile).</summary>
    private static readonly string Stack = Stacks.First(Infra.Config.StackRole.Environment);

    /// <summary>A values file name no stack reads.</summary>
    private static readonly string Unread = SyntheticStacks.UnusedName("prod");

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"infra-values-{Guid.NewGuid():N}");

    public ChartValuesTests()
    {
        // A project copy with the real stacks and charts-values/ to write into.
        ProjectCopy.Create(_root);
    }

    public void Dispose() => Directory.Delete(_root, true);

    [Fact]
    public void MappingsMergeAndListsReplace()
    {
        var merged = ChartValuesMerger.Merge(
            ObjectValue.Of(("a", ObjectValue.Of(("x", 1), ("y", 2))), ("l", ListValue.Of(1, 2))),
            ObjectValue.Of(("a", ObjectValue.Of(("y", 3))), ("l", ListValue.Of(9))));
        Assert.Equal(new NumberValue(1), merged.At("a.x"));
        Assert.Equal(new NumberValue(3), merged.At("a.y"));
        Assert.Equal(ListValue.Of(9), merged["l"], ValueComparer.Instance);
    }

    [Fact]
    public void ConflictsAreTheKeysWhereUserAndWiringDisagree()
    {
        var wiring = ObjectValue.Of(("p", ObjectValue.Of(("replicas", 2), ("labels", ObjectValue.Of(("cluster", "a"))))));
        Assert.Empty(ChartValuesMerger.Conflicts(ObjectValue.Of(("p", ObjectValue.Of(("replicas", 2), ("other", 1)))), wiring));
        Assert.Equal(["p.replicas"], ChartValuesMerger.Conflicts(ObjectValue.Of(("p", ObjectValue.Of(("replicas", 5)))), wiring));
        Assert.Equal(["p.labels"], ChartValuesMerger.Conflicts(ObjectValue.Of(("p", ObjectValue.Of(("labels", "flat")))), wiring));
    }

    [Fact]
    public void UserValuesReachTheChartAndStackOverlaysWinOverTheBase()
    {
        Write("kube-prometheus-stack/values.yaml", "prometheusOperator:\n  logLevel: info\n  logFormat: json\n");
        Write($"kube-prometheus-stack/{Stack}.yaml", "prometheusOperator:\n  logLevel: debug\n");
        var values = GraphTests.ChartValues(Compile(Stack), KubePrometheus.ReleaseName);
        Assert.Equal(new StringValue("debug"), values.At("prometheusOperator.logLevel"));
        Assert.Equal(new StringValue("json"), values.At("prometheusOperator.logFormat"));
        // Wiring is still there.
        Assert.Equal(new BoolValue(false), values.At("prometheusOperator.admissionWebhooks.enabled"));
    }

    [Fact]
    public void AUserValueThatChangesWiringIsAnErrorNamingFileAndKey()
    {
        Write("kube-prometheus-stack/values.yaml", "prometheus:\n  prometheusSpec:\n    replicas: 5\n");
        Write($"fluent-bit/{Stack}.yaml", "kind: Deployment\n");
        var error = Assert.Throws<CompilationException>(() => Compile(Stack));
        Assert.Contains(error.Problems, p => p.Contains("charts-values/kube-prometheus-stack/values.yaml", StringComparison.Ordinal)
            && p.Contains("'prometheus.prometheusSpec.replicas'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains($"charts-values/fluent-bit/{Stack}.yaml", StringComparison.Ordinal)
            && p.Contains("'kind'", StringComparison.Ordinal));
    }

    [Fact]
    public void KeysThatWouldSwitchOffTheWiringAreRefused()
    {
        Write($"kube-prometheus-stack/{Stack}.yaml", "alertmanager:\n  alertmanagerSpec:\n    useExistingSecret: true\nprometheus:\n  prometheusSpec:\n    serviceMonitorSelector:\n      matchLabels:\n        team: x\n");
        Write("fluent-bit/values.yaml", "existingConfigMap: my-config\n");
        var error = Assert.Throws<CompilationException>(() => Compile(Stack));
        Assert.Contains(error.Problems, p => p.Contains($"kube-prometheus-stack/{Stack}.yaml: key 'alertmanager.alertmanagerSpec.useExistingSecret' would switch off the program's wiring", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("key 'prometheus.prometheusSpec.serviceMonitorSelector' would switch off", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("fluent-bit/values.yaml: key 'existingConfigMap' would switch off", StringComparison.Ordinal));

        // Spelling out the chart's harmless default is fine.
        Write($"kube-prometheus-stack/{Stack}.yaml", "alertmanager:\n  tplConfig: false\n  alertmanagerSpec:\n    useExistingSecret: false\n");
        Write("fluent-bit/values.yaml", "existingConfigMap: \"\"\n");
        Assert.NotNull(Compile(Stack));
    }

    [Fact]
    public void FilesNoStackReadsAreErrorsNotSilentlyIgnored()
    {
        Write($"kube-prometheus-stack/{Unread}.yaml", "prometheusOperator:\n  logLevel: debug\n");
        Write("kube-prometheus/values.yaml", "prometheusOperator:\n  logLevel: debug\n");
        var error = Assert.Throws<CompilationException>(() => Compile(Stack));
        Assert.Contains(error.Problems, p => p.Contains($"charts-values/kube-prometheus-stack/{Unread}.yaml is read by no stack", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("charts-values/kube-prometheus/ is not a chart the program deploys", StringComparison.Ordinal));
    }

    [Fact]
    public void ContainersWithoutRequestsAndMemoryLimitsAreRefused()
    {
        Assert.NotNull(Compile(Stack, requireResources: true));
        Write("fluent-bit/values.yaml", "tolerations: [{operator: Exists}]\n");
        var error = Assert.Throws<CompilationException>(() => Compile(Stack, requireResources: true));
        var problem = Assert.Single(error.Problems);
        Assert.Contains("FluentBit DaemonSet 'fluent-bit', container 'fluent-bit', has no CPU request, memory request, memory limit", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvalidValuesFileIsAnErrorNamingTheFile()
    {
        Write("grafana/values.yaml", "resources: [unclosed\n");
        var error = Assert.Throws<CompilationException>(() => Compile(Stacks.Controlplane));
        Assert.Contains(error.Problems, p => p.Contains("charts-values/grafana/values.yaml is not valid YAML", StringComparison.Ordinal));
    }

    /// <summary>Compiles from the project copy; the merging tests replace whole files, resources included, so they skip that check.</summary>
    private CompiledStack Compile(string stack, bool requireResources = false) =>
        StackCompiler.Compile(Infra.Config.StackFileReader.Read(_root, stack), _root, fromStackFile: true, requireResources);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, "charts-values", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
