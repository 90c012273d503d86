using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Logs;

/// <summary>
/// fluentBitBufferDiskSize is a declaration about the nodes; the rules check it on them. node-exporter's
/// series carry the node's name, so its filesystem at the buffer path joins kube-state-metrics' nodes.
/// </summary>
public sealed class FluentBitBufferFilesystemTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryNodesBufferFilesystemIsCheckedAgainstTheDeclaredSize(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var relabelings = (ListValue)GraphTests.ChartValues(compiled, NodeExporter.ReleaseName).At("prometheus.monitor.relabelings")!;
        Assert.Contains(relabelings.Items.Cast<ObjectValue>(), r =>
            r["targetLabel"] == new StringValue(NodeExporter.NodeLabel)
            && r["sourceLabels"] is ListValue { Items: [StringValue { Text: "__meta_kubernetes_pod_node_name" }] });

        var alerts = compiled.Graph.RuleGroups.SelectMany(g => g.Group.Alerts).ToList();
        var mount = $"mountpoint=\"{FluentBit.BufferPath}\"";
        var missing = Assert.Single(alerts, a => a.Name == FluentBitRules.BufferFilesystemMissingAlert);
        Assert.Contains("kube_node_info", missing.Expr, StringComparison.Ordinal);
        Assert.Contains(mount, missing.Expr, StringComparison.Ordinal);
        Assert.Contains($"on ({NodeExporter.NodeLabel})", missing.Expr, StringComparison.Ordinal);

        // Below the declared volume by more than a filesystem's own metadata, never above what the compile counted on.
        var small = Assert.Single(alerts, a => a.Name == FluentBitRules.BufferFilesystemTooSmallAlert);
        Assert.Contains(mount, small.Expr, StringComparison.Ordinal);
        var threshold = decimal.Parse(small.Expr[(small.Expr.LastIndexOf('<') + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var declared = KubeQuantity.Parse(compiled.Settings.Get(SettingsCatalog.FluentBitBufferDiskSize));
        Assert.InRange(threshold, declared * 0.9m, declared);
        var buffer = FluentBitSize.Bytes(compiled.Settings.Get(SettingsCatalog.FluentBitBufferLimit))!.Value;
        Assert.True(threshold > buffer, $"a filesystem of {threshold} bytes passes, below the buffer limit of {buffer}");
    }
}
