namespace Infra.Model;

/// <summary>
/// What the platform expects a cluster to have already (documented in the README): their custom
/// resources need no operator chart in the stack.
/// </summary>
public static class ClusterPrerequisites
{
    /// <summary>cert-manager: certificates for the endpoints other clusters reach.</summary>
    public static IReadOnlySet<string> ApiGroups { get; } = new HashSet<string>(StringComparer.Ordinal) { "cert-manager.io" };
}
