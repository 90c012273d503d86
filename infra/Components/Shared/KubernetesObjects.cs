using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The Kubernetes shapes every component repeats, written once: Secrets, resource requirements, the
/// restricted container security context, and volume claims with the stack's storage class.
/// </summary>
public static class KubernetesObjects
{
    /// <summary>A Secret of string data in a platform namespace, after that namespace.</summary>
    /// <param name="logicalName">The Pulumi resource name.</param>
    /// <param name="name">The Secret's name in the cluster.</param>
    /// <param name="part">The <c>app.kubernetes.io/component</c> label: the part of the platform it belongs to.</param>
    public static Resource Secret(StackContext context, string component, string logicalName, string name, string @namespace, string part,
        ObjectValue stringData, string type = "Opaque") =>
        context.Kubernetes(component, logicalName, "kubernetes:core/v1:Secret", ObjectValue.Of(
            ("metadata", StackContext.Metadata(name, @namespace, part)),
            ("type", type),
            ("stringData", stringData)), false, context.Namespace(@namespace));

    /// <summary>
    /// Requests and a memory limit, and no CPU limit: CPU throttling hurts latency more than it protects
    /// neighbours, while memory without a limit can take a node down.
    /// </summary>
    public static ObjectValue Resources(string cpu, string memory, string memoryLimit) => ObjectValue.Of(
        ("requests", ObjectValue.Of(("cpu", cpu), ("memory", memory))),
        ("limits", ObjectValue.Of(("memory", memoryLimit))));

    /// <inheritdoc cref="Resources(string, string, string)"/>
    public static ObjectValue Resources(ContainerSize size) => Resources(size.Cpu, size.Memory, size.MemoryLimit);

    /// <summary>The container part of the restricted Pod Security level: no escalation, no capabilities, read-only root.</summary>
    /// <summary>
    /// What the restricted Pod Security level asks of a pod spec ECK completes (its own containers
    /// merged by name): non-root, the runtime's seccomp profile, the given fsGroup (ECK's default pod
    /// context, which ECK applies only when the template has none, so it is kept here).
    /// </summary>
    public static ObjectValue RestrictedPodSecurity(int? fsGroup = null) => ObjectValue.Of(
        ("runAsNonRoot", true),
        ("fsGroup", fsGroup),
        ("seccompProfile", ObjectValue.Of(("type", "RuntimeDefault"))));

    /// <summary>The restricted level's container fields for an image that writes to its root filesystem (Elasticsearch, Kibana).</summary>
    public static ObjectValue RestrictedWritableContainerSecurity() => ObjectValue.Of(
        ("allowPrivilegeEscalation", false),
        ("capabilities", ObjectValue.Of(("drop", ListValue.Of("ALL")))));

    public static ObjectValue RestrictedContainerSecurity(bool runAsNonRoot = false) => ObjectValue.Of(
        ("allowPrivilegeEscalation", false),
        ("readOnlyRootFilesystem", true),
        ("runAsNonRoot", runAsNonRoot ? true : null),
        ("capabilities", ObjectValue.Of(("drop", ListValue.Of("ALL")))));

    /// <summary>The spec of a ReadWriteOnce claim of that size in the stack's StorageClass (the cluster default when unset).</summary>
    public static ObjectValue ClaimSpec(StackSettings settings, string size)
    {
        var storageClass = settings.Get(SettingsCatalog.StorageClass);
        return ObjectValue.Of(
            ("accessModes", ListValue.Of("ReadWriteOnce")),
            ("storageClassName", storageClass.Length == 0 ? null : storageClass),
            ("resources", ObjectValue.Of(("requests", ObjectValue.Of(("storage", size))))));
    }

    /// <summary>A volume claim template (StatefulSet, ECK) named <paramref name="name"/>.</summary>
    public static ObjectValue ClaimTemplate(StackSettings settings, string name, string size) => ObjectValue.Of(
        ("metadata", ObjectValue.Of(("name", name))),
        ("spec", ClaimSpec(settings, size)));

    /// <summary>The StorageClass for storage specs of their own shape (Strimzi's <c>class</c>), null for the cluster default.</summary>
    public static string? StorageClass(StackSettings settings) => settings.Get(SettingsCatalog.StorageClass) is { Length: > 0 } name ? name : null;

    /// <summary>A named TCP container port.</summary>
    public static ObjectValue ContainerPort(string name, int port) => ObjectValue.Of(("name", name), ("containerPort", port), ("protocol", "TCP"));
}
