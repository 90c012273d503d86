using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Policies;

/// <summary>
/// Every Prometheus bounds what its queries may hold together, from its own memory limit: maxConcurrency slots
/// at maxSamples each (16 bytes a sample, the engine's own unit) fit in a third of the limit, whatever the
/// profile or the stack's values files make that limit; and enough slots stay for rule evaluation.
/// </summary>
public sealed class PrometheusQueryLimitsPolicyTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void AllQuerySlotsAtTheirSampleLimitFitInAThirdOfTheMemoryLimit(string stack)
    {
        var spec = (ObjectValue)GraphTests.ChartValues(Stacks.Compile(stack), KubePrometheus.ReleaseName).At("prometheus.prometheusSpec")!;
        var limit = KubeQuantity.Parse(((StringValue)spec.At("resources.limits.memory")!).Text);
        var query = (ObjectValue)spec["query"]!;
        var concurrency = ((NumberValue)query["maxConcurrency"]!).Number;
        var samples = ((NumberValue)query["maxSamples"]!).Number;

        Assert.InRange(concurrency, PrometheusQueryLimits.MinConcurrency, PrometheusQueryLimits.MaxConcurrencyCap);
        Assert.InRange(samples, 1, PrometheusQueryLimits.MostSamples);
        Assert.True(concurrency * samples * PrometheusQueryLimits.BytesPerSample <= limit / 3,
            $"{stack}: {concurrency} queries x {samples} samples x 16 B = {concurrency * samples * 16} bytes, over a third of the {limit}-byte memory limit");
        Assert.Equal(KubePrometheus.QueryTimeout, ((StringValue)query["timeout"]!).Text);
    }

    /// <summary>The sizing holds for any limit, not only the profiles' 2Gi and 8Gi: more memory never means less room per query or fewer slots.</summary>
    [Theory]
    [InlineData("512Mi")]
    [InlineData("1Gi")]
    [InlineData("2Gi")]
    [InlineData("3Gi")]
    [InlineData("8Gi")]
    [InlineData("16Gi")]
    [InlineData("64Gi")]
    public void TheSizingStaysInTheBudgetForAnyLimit(string memory)
    {
        var bytes = KubeQuantity.Parse(memory);
        var limits = PrometheusQueryLimits.For(bytes);
        Assert.True(limits.WorstCaseBytes <= bytes / 3, $"{memory}: {limits}");
        Assert.InRange(limits.MaxConcurrency, PrometheusQueryLimits.MinConcurrency, PrometheusQueryLimits.MaxConcurrencyCap);

        var larger = PrometheusQueryLimits.For(bytes * 2);
        Assert.True(larger.MaxConcurrency >= limits.MaxConcurrency && larger.MaxSamples >= limits.MaxSamples, $"{memory} -> {limits}, twice that -> {larger}");
    }

    /// <summary>A stack's values file that gives Prometheus less memory gets smaller limits (sized from the merged values, not the profile's).</summary>
    [Fact]
    public void AValuesFileThatShrinksTheMemoryShrinksTheLimits()
    {
        var values = ObjectValue.Of(("prometheus", ObjectValue.Of(("prometheusSpec", ObjectValue.Of(("resources", ObjectValue.Of(("limits", ObjectValue.Of(("memory", "1Gi"))))))))));
        var limits = PrometheusQueryLimits.ForValues(values);
        Assert.Equal(PrometheusQueryLimits.For(KubeQuantity.Parse("1Gi")), limits);
        Assert.True(limits.MaxSamples < PrometheusQueryLimits.MostSamples);
    }
}
