using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Policies;

/// <summary>
/// Fluent Bit's pod, as chart 0.58.1 assembles it from the rendered values (templates/_pod.tpl: the config and
/// Lua ConfigMaps, daemonSetVolumes/Mounts, extraVolumes/Mounts, both security contexts), on every stack: the
/// restricted profile's container checks (no escalation, no capability, seccomp) plus a read-only root
/// filesystem; every host path read-only but the one Fluent Bit writes, and every file the rendered
/// configuration writes on a writable mount (so the read-only root cannot break its start).
/// </summary>
public sealed class FluentBitPodSecurityPolicyTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void FluentBitIsConfinedAndWritesOnlyItsBuffer(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var values = GraphTests.ChartValues(compiled, FluentBit.ReleaseName);
        var problems = Problems(values, compiled.Graph.Documents.Single(d => d.Path == "fluent-bit/fluent-bit.conf").Content).ToList();
        Assert.True(problems.Count == 0, $"{stack}:\n{string.Join('\n', problems)}");
    }

    /// <summary>The chart's defaults (empty contexts, /var/log read-write) are what the checks exist to catch.</summary>
    [Fact]
    public void TheChartsDefaultsAreRefused()
    {
        var defaults = ObjectValue.Of(
            ("extraVolumes", ListValue.Of(ObjectValue.Of(("name", "buffer"), ("hostPath", ObjectValue.Of(("path", FluentBit.BufferPath)))))),
            ("extraVolumeMounts", ListValue.Of(ObjectValue.Of(("name", "buffer"), ("mountPath", FluentBit.BufferPath)))),
            ("daemonSetVolumes", ListValue.Of(ObjectValue.Of(("name", "varlog"), ("hostPath", ObjectValue.Of(("path", "/var/log")))))),
            ("daemonSetVolumeMounts", ListValue.Of(ObjectValue.Of(("name", "varlog"), ("mountPath", "/var/log")))));
        var problems = Problems(defaults, $"    DB /fluent-bit/tail.db\n    storage.path {FluentBit.BufferPath}/buffer\n").ToList();
        Assert.Contains(problems, p => p.Contains("allowPrivilegeEscalation", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("readOnlyRootFilesystem", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("drop ALL", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("seccomp", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("host path /var/log", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("/fluent-bit/tail.db", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains($"{FluentBit.BufferPath}/buffer", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Problems(ObjectValue values, string config)
    {
        var container = values["securityContext"] as ObjectValue ?? ObjectValue.Empty;
        if (container["allowPrivilegeEscalation"] is not BoolValue { Flag: false })
        {
            yield return "securityContext.allowPrivilegeEscalation is not false";
        }

        if (container["privileged"] is BoolValue { Flag: true })
        {
            yield return "securityContext.privileged";
        }

        if (container["readOnlyRootFilesystem"] is not BoolValue { Flag: true })
        {
            yield return "securityContext.readOnlyRootFilesystem is not true";
        }

        if (container.At("capabilities.drop") is not ListValue drop || !drop.Items.Contains(new StringValue("ALL")))
        {
            yield return "securityContext.capabilities does not drop ALL";
        }

        if (container.At("capabilities.add") is ListValue { Items.Count: > 0 })
        {
            yield return "securityContext.capabilities adds capabilities";
        }

        if (values.At("podSecurityContext.seccompProfile.type") is not StringValue { Text: "RuntimeDefault" or "Localhost" }
            && container.At("seccompProfile.type") is not StringValue { Text: "RuntimeDefault" or "Localhost" })
        {
            yield return "no seccomp profile (RuntimeDefault or Localhost)";
        }

        var volumes = Items(values, "daemonSetVolumes").Concat(Items(values, "extraVolumes"))
            .ToDictionary(v => Text(v["name"]), v => v, StringComparer.Ordinal);
        var mounts = Items(values, "daemonSetVolumeMounts").Concat(Items(values, "extraVolumeMounts")).ToList();
        if (values["daemonSetVolumeMounts"] is null)
        {
            yield return "daemonSetVolumeMounts not set: the chart's default mounts /var/log read-write";
        }

        var writable = new List<string>();
        foreach (var mount in mounts)
        {
            var readOnly = mount["readOnly"] is BoolValue { Flag: true };
            var path = Text(mount["mountPath"]);
            if (!readOnly)
            {
                writable.Add(path);
            }

            if (volumes.GetValueOrDefault(Text(mount["name"])) is { } volume && volume.At("hostPath.path") is StringValue host && !readOnly && host.Text != FluentBit.BufferPath)
            {
                yield return $"host path {host.Text} is mounted read-write at {path}: only {FluentBit.BufferPath} may be";
            }
        }

        // What the configuration writes: the tail databases and the filesystem buffer.
        var written = config.Split('\n').Select(l => l.Trim())
            .Where(l => l.StartsWith("DB ", StringComparison.Ordinal) || l.StartsWith("storage.path ", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..].Trim())
            .ToList();
        foreach (var file in written)
        {
            if (!writable.Any(w => file.StartsWith(w.TrimEnd('/') + "/", StringComparison.Ordinal)))
            {
                yield return $"the configuration writes {file}, which is on no writable mount (the root filesystem is read-only)";
            }
        }
    }

    private static IEnumerable<ObjectValue> Items(ObjectValue values, string key) => (values[key] as ListValue)?.Items.Cast<ObjectValue>() ?? [];

    private static string Text(Value? value) => ((StringValue)value!).Text;
}
