using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Conformance;

/// <summary>
/// Every Helm release of every stack against the chart's published defaults in ../shared/charts:
/// the pinned version is the folder there, and every key path of the merged values (charts-values/
/// files and wiring) is a key the chart knows.
/// </summary>
public sealed class ChartValuesConformanceTests
{
    private const string ChartType = "kubernetes:helm.sh/v4:Chart";
    private const string ReleaseType = "kubernetes:helm.sh/v3:Release";

    [SharedTheory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void EveryValuesKeyIsAKeyOfTheChart(string stack)
    {
        var checker = new ChartValuesKeyChecker(ChartValuesExceptions.CommentedKeys, ChartValuesExceptions.FreeFormMaps);
        var errors = new List<string>();
        foreach (var (release, pin, values) in Releases(stack))
        {
            if (ChartDefaults.Find(pin.Name, pin.Version) is not { } defaults)
            {
                errors.Add($"{release.Name}: no ../shared/charts/{pin.Name}/{pin.Version}/values.yaml");
                continue;
            }

            errors.AddRange(checker.Check(defaults, values).Select(e => $"{release.Name}: {e}"));
        }

        PulumiSchemaConformanceTests.AssertNone(errors, $"stack '{stack}' chart values");
    }

    [SharedTheory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void EveryPinnedChartVersionIsTheReferenceFolder(string stack)
    {
        foreach (var (release, pin, _) in Releases(stack))
        {
            var defaults = ChartDefaults.Find(pin.Name, pin.Version);
            Assert.True(defaults is not null, $"{release.Name}: {pin.Name} {pin.Version} has no folder ../shared/charts/{pin.Name}/{pin.Version}");
            Assert.Equal(new StringValue(pin.Name), defaults.ChartYaml["name"]);
            if (UnversionedChartYaml.ContainsKey(pin.Name))
            {
                // The release version is only in values.yaml's image tag (see UnversionedChartYaml).
                Assert.Equal(new StringValue(pin.Version), defaults.Values["defaultImageTag"]);
            }
            else
            {
                Assert.Equal(new StringValue(pin.Version), defaults.ChartYaml["version"]);
            }
        }
    }

    /// <summary>Charts whose Chart.yaml in ../shared does not carry the release version, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> UnversionedChartYaml = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["strimzi-kafka-operator"] = "the Chart.yaml in git holds the placeholder 0.1.1; the release Makefile packages the chart with --version <release> (../shared/docs/charts-facts.md §0), and values.yaml at the tag has defaultImageTag: <release>",
    };

    [SharedFact]
    public void EveryExceptionStillDescribesTheChart()
    {
        var errors = new List<string>();
        foreach (var entry in ChartValuesExceptions.CommentedKeys)
        {
            var defaults = Defaults(entry.Chart);
            if (!defaults.DocumentsInComment(entry.Leaf))
            {
                errors.Add($"{entry.Chart} {entry.Path}: values.yaml has no commented line '# {entry.Leaf}:'");
            }

            if (defaults.At(entry.Path) is not null)
            {
                errors.Add($"{entry.Chart} {entry.Path}: is a real key now; remove it from CommentedKeys");
            }
        }

        foreach (var entry in ChartValuesExceptions.FreeFormMaps)
        {
            if (Defaults(entry.Chart).At(entry.Path) is not ObjectValue { Entries.Count: > 0 })
            {
                errors.Add($"{entry.Chart} {entry.Path}: the default is not a non-empty map (the checker stops at empty ones anyway)");
            }
        }

        PulumiSchemaConformanceTests.AssertNone(errors, "ChartValuesExceptions");
    }

    [SharedFact]
    public void EveryExceptionIsNeededByAStack()
    {
        var checker = new ChartValuesKeyChecker(ChartValuesExceptions.CommentedKeys, ChartValuesExceptions.FreeFormMaps);
        foreach (var stack in Stacks.All)
        {
            foreach (var (_, pin, values) in Releases(stack))
            {
                _ = checker.Check(Assert.IsType<ChartDefaults>(ChartDefaults.Find(pin.Name, pin.Version)), values);
            }
        }

        Assert.Empty(ChartValuesExceptions.CommentedKeys.Concat(ChartValuesExceptions.FreeFormMaps).Except(checker.Used));
    }

    [SharedFact]
    public void AFabricatedKeyIsReportedWithItsPath()
    {
        var checker = new ChartValuesKeyChecker(ChartValuesExceptions.CommentedKeys, ChartValuesExceptions.FreeFormMaps);
        var values = ObjectValue.Of(
            ("prometheus", ObjectValue.Of(("prometheusSpec", ObjectValue.Of(("retention", "1d"), ("retentionn", "1d"))))),
            ("kube-state-metrics", ObjectValue.Of(("resourcez", ObjectValue.Empty))),
            ("alertmanager", ObjectValue.Of(("config", ObjectValue.Of(("anything", 1))))));
        Assert.Equal(
            [
                "kube-prometheus-stack 88.5.3: prometheus.prometheusSpec.retentionn: not a key of the chart's values.yaml",
                "kube-prometheus-stack 88.5.3: kube-state-metrics.resourcez: not a key of the chart's values.yaml",
            ],
            checker.Check(Defaults("kube-prometheus-stack"), values));
    }

    [SharedFact]
    public void ACommentedKeyWithoutItsCommentIsReported()
    {
        var stale = new ChartKeyException("grafana", "persistence.storageClassNam", "test");
        var checker = new ChartValuesKeyChecker([stale], []);
        var errors = checker.Check(Defaults("grafana"), ObjectValue.Of(("persistence", ObjectValue.Of(("storageClassNam", "gp3")))));
        Assert.Equal(["grafana 12.11.1: persistence.storageClassNam: listed as documented in a comment, but no values.yaml line '# storageClassNam:' is left"], errors);
    }

    private static ChartDefaults Defaults(string chart)
    {
        var pin = Assert.Single(Infra.Components.Products.Charts, p => p.Name == chart);
        return Assert.IsType<ChartDefaults>(ChartDefaults.Find(pin.Name, pin.Version));
    }

    internal static IEnumerable<(Resource Release, ChartPin Pin, ObjectValue Values)> Releases(string stack)
    {
        foreach (var resource in Stacks.Compile(stack).Graph.Resources.Where(r => r.Type is ChartType or ReleaseType))
        {
            var chart = Assert.IsType<StringValue>(resource.Properties["chart"]).Text;
            var pin = Assert.Single(Infra.Components.Products.Charts, p => p.Chart == chart);
            Assert.Equal(new StringValue(pin.Version), resource.Properties["version"]);
            yield return (resource, pin, resource.Properties["values"] as ObjectValue ?? ObjectValue.Empty);
        }
    }
}
