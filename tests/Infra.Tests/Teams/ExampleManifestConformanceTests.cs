using Infra.Model;
using Infra.Tests.Conformance;
using Infra.Tests.Support;
using Infra.Yaml;

namespace Infra.Tests.Teams;

/// <summary>
/// The onboarding guide's manifests (docs/examples/, applied by teams as they are) against the pinned schemas: custom
/// resources (ServiceMonitor, PrometheusRule) against their CRDs in ../shared/crds, built-in kinds (ConfigMap,
/// NetworkPolicy) against the Kubernetes provider's schema in ../shared/pulumi-schemas. A field the pinned operator or
/// Kubernetes does not know would be pruned or refused on the team's cluster.
/// </summary>
public sealed class ExampleManifestConformanceTests
{
    private static string Examples => Path.Combine(Repo.Root, "docs", "examples");

    [SharedFact]
    public void EveryExampleManifestValidatesAgainstItsPinnedSchema()
    {
        var crds = new CustomResourceChecker(CrdCatalog.Shared);
        var builtIn = new PulumiSchemaChecker(PulumiSchemaCatalog.Shared);
        var errors = new List<string>();
        var checkedKinds = new List<string>();
        foreach (var file in Directory.GetFiles(Examples, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            // Rule files for promtool and their tests are not manifests.
            if (YamlValueReader.Parse(File.ReadAllText(file)) is not ObjectValue manifest || manifest["kind"] is not StringValue { Text: var kind })
            {
                continue;
            }

            var apiVersion = ((StringValue)manifest["apiVersion"]!).Text;
            var where = Path.GetRelativePath(Repo.Root, file);
            var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
            if (CrdCatalog.Shared.Crd(group, kind) is not null)
            {
                errors.AddRange(crds.Check(manifest, where));
            }
            else
            {
                var type = group.Length == 0 ? $"kubernetes:core/{apiVersion}:{kind}" : $"kubernetes:{apiVersion}:{kind}";
                errors.AddRange(builtIn.Check(where, type, ObjectValue.Of(manifest.Entries.Where(e => e.Key is not ("apiVersion" or "kind")))));
            }

            checkedKinds.Add(kind);
        }

        // The guide's four kinds are all here: a manifest that stops parsing as one is noticed.
        Assert.Superset(new HashSet<string>(["ServiceMonitor", "PrometheusRule", "ConfigMap", "NetworkPolicy"], StringComparer.Ordinal), checkedKinds.ToHashSet(StringComparer.Ordinal));
        PulumiSchemaConformanceTests.AssertNone(errors, "docs/examples against ../shared/crds and ../shared/pulumi-schemas");
    }
}
