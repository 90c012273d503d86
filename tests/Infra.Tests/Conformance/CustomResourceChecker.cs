using System.Text.RegularExpressions;
using Infra.Model;

namespace Infra.Tests.Conformance;

/// <summary>
/// Checks one Kubernetes object declared in a ConfigGroup against its CRD: the group and kind have a
/// CRD, the version is served, metadata is well formed, and everything else validates against the
/// version's <c>openAPIV3Schema</c>. Groups without a CRD in ../shared are skipped only when listed.
/// </summary>
public sealed partial class CustomResourceChecker
{
    /// <summary>API groups of custom resources the program declares whose CRDs ../shared does not have, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> SkippedGroups = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cert-manager.io"] = "cert-manager is a cluster prerequisite (README, 'What each cluster needs first'), not installed by this program; ../shared/crds has no cert-manager CRDs",
        // Built-in kinds declared through ConfigGroups because ../shared/pulumi-schemas has no typed resource for them:
        // not custom resources, so no CRD; TeamAdmissionPolicyTests checks their contents and evaluates their CEL.
        [string.Empty] = "core/v1 ResourceQuota (teams' namespace quotas): a built-in kind, not in the schema subset, declared in a ConfigGroup",
        ["admissionregistration.k8s.io"] = "ValidatingAdmissionPolicy and its binding (teams' monitors and dashboards): built-in kinds (Kubernetes 1.30+), not in the schema subset, declared in a ConfigGroup",
    };

    /// <summary>ObjectMeta fields a manifest may set (the API server validates metadata itself, not the CRD schema).</summary>
    private static readonly HashSet<string> MetadataFields = new(StringComparer.Ordinal)
    {
        "name", "generateName", "namespace", "labels", "annotations", "finalizers", "ownerReferences",
    };

    private readonly CrdCatalog _crds;

    public CustomResourceChecker(CrdCatalog crds)
    {
        _crds = crds;
    }

    public OpenApiSchemaValidator Validator { get; } = new();

    /// <summary>Skipped groups some object needed, so stale entries can be found.</summary>
    public ISet<string> UsedSkips { get; } = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>Number of objects validated against a CRD schema.</summary>
    public int Validated { get; private set; }

    public IReadOnlyList<string> Check(ObjectValue obj, string where)
    {
        var apiVersion = (obj["apiVersion"] as StringValue)?.Text;
        var kind = (obj["kind"] as StringValue)?.Text;
        var name = (obj.At("metadata.name") as StringValue)?.Text;
        var at = $"{where} {kind}/{name}";
        if (apiVersion is null || kind is null)
        {
            return [$"{at}: apiVersion and kind must be literal strings"];
        }

        var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
        if (SkippedGroups.ContainsKey(group) && !_crds.Groups.Contains(group))
        {
            UsedSkips.Add(group);
            return [];
        }

        if (_crds.Schema(apiVersion, kind, out var problem) is not { } schema)
        {
            return [$"{at}: {problem}"];
        }

        var errors = new List<string>();
        CheckMetadata(obj["metadata"], _crds.Scope(group, kind) == "Namespaced", errors);

        // metadata is the API server's (see above); the schema covers the rest.
        var body = ObjectValue.Of(obj.Entries.Where(e => e.Key != "metadata"));
        var rootSchema = ObjectValue.Of(schema.Entries.Select(e => e.Key == "properties" && e.Value is ObjectValue p
            ? new KeyValuePair<string, Value>(e.Key, ObjectValue.Of(p.Entries.Where(f => f.Key != "metadata")))
            : e));
        errors.AddRange(Validator.Validate(rootSchema, body, "$"));
        Validated++;
        return errors.Select(e => $"{at}: {e}").ToList();
    }

    private static void CheckMetadata(Value? metadata, bool namespaced, List<string> errors)
    {
        if (metadata is not ObjectValue meta)
        {
            errors.Add("$.metadata: missing");
            return;
        }

        errors.AddRange(meta.Entries.Where(e => !MetadataFields.Contains(e.Key)).Select(e => $"$.metadata.{e.Key}: not an ObjectMeta field"));
        if (meta["name"] is StringValue { Text: var name })
        {
            if (name.Length > 253 || !DnsSubdomain().IsMatch(name))
            {
                errors.Add($"$.metadata.name: '{name}' is not a DNS subdomain name");
            }
        }
        else if (meta["name"] is null && meta["generateName"] is null)
        {
            errors.Add("$.metadata.name: required");
        }

        // Without a namespace, a ConfigGroup object lands in the provider's default namespace.
        if (namespaced && meta["namespace"] is null)
        {
            errors.Add("$.metadata.namespace: a namespaced custom resource needs its namespace");
        }

        foreach (var map in new[] { "labels", "annotations" })
        {
            if (meta[map] is ObjectValue entries)
            {
                errors.AddRange(entries.Entries.Where(e => LiteralValue.Of(e.Value) is { } v && v is not StringValue)
                    .Select(e => $"$.metadata.{map}.{e.Key}: must be a string, got {LiteralValue.Describe(e.Value)}"));
            }
        }
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
