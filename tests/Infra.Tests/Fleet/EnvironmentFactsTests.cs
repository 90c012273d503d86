using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Fleet;

/// <summary>
/// The controlplane reads each environment's retention and partitions from its stack file with a line
/// scan (fast at 500 environments) that must agree with the full reader and binder, and give way to
/// them for anything it does not understand.
/// </summary>
public sealed class EnvironmentFactsTests
{
    public static TheoryData<string> EnvironmentStacks() => Stacks.Data(StackRole.Environment);

    [Theory]
    [MemberData(nameof(EnvironmentStacks))]
    public void TheScanOfEveryEnvironmentStackFileAgreesWithTheBinder(string id)
    {
        var (stack, root) = (Stacks.NameOf(id), Stacks.RootOf(id));
        var raw = StackFileReader.Read(root, stack);
        var scanned = EnvironmentFactsSource.Scan(stack, raw.Source, File.ReadAllLines(StackFileReader.PathFor(root, stack)));
        Assert.NotNull(scanned);
        Assert.Equal(EnvironmentFactsSource.Bind(raw), scanned);
        Assert.Equal(scanned, new EnvironmentFactsSource(root).For(stack));
    }

    [Theory]
    [InlineData("config:\n  observability:profile: development\n", 7, 3, "1Gi", false)]
    [InlineData("config:\n  observability:logRetentionDays: \"90\" # a quarter\n  observability:kafkaLogPartitions: '12'\n  observability:logVolumePerDay: 40Gi\n", 90, 12, "40Gi", true)]
    [InlineData("# top comment\nconfig:\n  # observability:logRetentionDays: 5\n  observability:role: environment\n", 30, 6, "3Gi", true)]
    [InlineData("config:\n  observability:profile: development\n  observability:pagerDutyEnabled: true\n", 7, 3, "1Gi", true)]
    [InlineData("config:\n  observability:pagerDutyEnabled: \"false\"\n", 30, 6, "3Gi", false)]
    public void TheScanReadsPulumisBlockForm(string text, int retention, int partitions, string volume, bool pages)
    {
        var facts = EnvironmentFactsSource.Scan("env", "stacks/Pulumi.env.yaml", text.Split('\n'));
        Assert.Equal(new EnvironmentFacts("env", retention, partitions, Infra.Model.KubeQuantity.Parse(volume), pages, "stacks/Pulumi.env.yaml"), facts);
    }

    [Theory]
    [InlineData("config: {observability:logRetentionDays: 90}\n")]
    [InlineData("config:\n  observability:logRetentionDays: 90\n  observability:logRetentionDays: 60\n")]
    [InlineData("config:\n  observability:logRetentionDays: 0\n")]
    [InlineData("config:\n  observability:logRetentionDays:\n    90\n")]
    [InlineData("config:\n  observability:profile: staging\n")]
    [InlineData("config:\n  observability:logVolumePerDay: lots\n")]
    [InlineData("config:\n  observability:pagerDutyEnabled: maybe\n")]
    [InlineData("other:\n  observability:logRetentionDays: 90\n")]
    public void AnythingElseIsLeftToTheBinder(string text) =>
        Assert.Null(EnvironmentFactsSource.Scan("env", "stacks/Pulumi.env.yaml", text.Split('\n')));

    [Fact]
    public void AnInvalidValueInAnEnvironmentsStackFileIsReportedAsTheBinderWould()
    {
        using var fleet = new SyntheticFleet(1, (_, config) => SyntheticFleet.Set(config, SettingsCatalog.LogRetentionDays.Key, "0"));
        var error = Assert.Throws<CompilationException>(() => fleet.Compile());
        Assert.Contains($"stack '{fleet.Names[0]}'", string.Join("\n", error.Problems), StringComparison.Ordinal);
        Assert.Contains(SettingsCatalog.LogRetentionDays.Key, string.Join("\n", error.Problems), StringComparison.Ordinal);
    }
}
