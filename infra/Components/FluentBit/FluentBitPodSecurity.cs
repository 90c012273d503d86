using Infra.Model;

namespace Infra.Components;

/// <summary>
/// How Fluent Bit's pod is confined inside node-agents, which is privileged only for the host paths: Fluent Bit
/// parses every tenant's raw bytes, so a parser bug must not become write access to the node's logs or more.
/// It stays uid 0 (the container logs are root's, 0640: their owner reads them without any capability), with no
/// capability, no privilege escalation, a read-only root filesystem and the runtime's seccomp profile; the node's
/// log directory and machine id are mounted read-only, and the one writable host path is its buffer and tail
/// databases (<see cref="FluentBit.BufferPath"/>, an extra volume of FluentBit). Chart 0.58.1 renders
/// securityContext, podSecurityContext and daemonSetVolumes/daemonSetVolumeMounts as given (templates/_pod.tpl);
/// its defaults are empty contexts and a read-write /var/log (docs/design-notes.md, "Fluent Bit confined").
/// </summary>
public static class FluentBitPodSecurity
{
    public const string LogDirectory = "/var/log";

    public const string MachineId = "/etc/machine-id";

    /// <summary>The chart values: replace the chart's host volumes (a list replaces) and set both security contexts.</summary>
    public static ObjectValue Values { get; } = ObjectValue.Of(
        ("podSecurityContext", ObjectValue.Of(("seccompProfile", ObjectValue.Of(("type", "RuntimeDefault"))))),
        ("securityContext", ObjectValue.Of(
            ("privileged", false),
            ("allowPrivilegeEscalation", false),
            ("readOnlyRootFilesystem", true),
            ("capabilities", ObjectValue.Of(("drop", ListValue.Strings(["ALL"])))))),
        // Not the chart's /var/lib/docker/containers: EKS nodes run containerd (dockershim left Kubernetes in 1.24),
        // whose logs are under /var/log/pods, where /var/log/containers links point.
        ("daemonSetVolumes", ListValue.Of(
            ObjectValue.Of(("name", "varlog"), ("hostPath", ObjectValue.Of(("path", LogDirectory)))),
            ObjectValue.Of(("name", "etcmachineid"), ("hostPath", ObjectValue.Of(("path", MachineId), ("type", "File")))))),
        ("daemonSetVolumeMounts", ListValue.Of(
            ObjectValue.Of(("name", "varlog"), ("mountPath", LogDirectory), ("readOnly", true)),
            ObjectValue.Of(("name", "etcmachineid"), ("mountPath", MachineId), ("readOnly", true)))));
}
