using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Policies;

/// <summary>
/// Grafana is on the internet, so its service account must not read Secrets. Checked on every stack for
/// every release of the Grafana chart, by working out from its values what RBAC the chart (12.11.1,
/// templates/clusterrole.yaml, role.yaml, rolebinding.yaml) renders: its own ClusterRole and Role always
/// grant configmaps and secrets together when a sidecar is on, so neither may be rendered; the Roles it
/// binds instead (rbac.useExistingRole) must be in the graph and grant no Secrets; every sidecar watches
/// ConfigMaps only, in namespaces where that Role is bound.
/// </summary>
public sealed class GrafanaAccessPolicyTests
{
    private const string ChartType = "kubernetes:helm.sh/v4:Chart";
    private const string RoleType = "kubernetes:rbac.authorization.k8s.io/v1:Role";
    private static readonly string[] Sidecars = ["dashboards", "datasources", "plugins", "alerts", "notifiers"];

    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void GrafanasServiceAccountCannotReadSecrets(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var releases = GrafanaReleases(compiled.Graph).ToList();
        if (compiled.Settings.Role == Infra.Config.StackRole.Controlplane)
        {
            Assert.NotEmpty(releases);
        }

        foreach (var (name, values, releaseNamespace) in releases)
        {
            Assert.Empty(Problems(compiled.Graph, values, releaseNamespace).Select(p => $"{name}: {p}"));
        }
    }

    /// <summary>The check is not blind: the chart's defaults, or one sidecar back on 'both', are reported.</summary>
    [Theory]
    [InlineData("sidecar", "{\"dashboards\":{\"resource\":\"both\"}}", "sidecar.dashboards watches 'both'")]
    [InlineData("sidecar", "{\"datasources\":{\"enabled\":true}}", "sidecar.datasources watches 'both'")]
    [InlineData("rbac", "{\"useExistingRole\":null}", "the chart's own Role")]
    [InlineData("rbac", "{\"namespaced\":false}", "the chart's own ClusterRole")]
    [InlineData("rbac", "{\"namespaces\":[]}", "not bound in monitoring")]
    public void ALoosenedGrafanaIsReported(string key, string overlay, string expected)
    {
        var compiled = Stacks.Compile(Stacks.Controlplane);
        var (_, values, releaseNamespace) = GrafanaReleases(compiled.Graph).Single();
        var loosened = Override(values, key, Json(overlay));
        Assert.Contains(Problems(compiled.Graph, loosened, releaseNamespace), p => p.Contains(expected, StringComparison.Ordinal));
    }

    private static IEnumerable<(string Name, ObjectValue Values, string Namespace)> GrafanaReleases(ResourceGraph graph) =>
        graph.Resources
            .Where(r => r.Type == ChartType && r.Properties["chart"] == new StringValue(Pins.Grafana.Chart))
            .Select(r => (r.Name, (ObjectValue)r.Properties["values"]!, NamespaceName(r.Properties["namespace"]!)));

    private static string NamespaceName(Value value) => value switch
    {
        StringValue text => text.Text,
        ReferenceValue reference => ((StringValue)reference.Target.Properties.At("metadata.name")!).Text,
        _ => throw new InvalidOperationException($"unexpected namespace value {value}"),
    };

    /// <summary>What would let the chart's service account read Secrets, as the chart's templates decide it.</summary>
    internal static List<string> Problems(ResourceGraph graph, ObjectValue values, string releaseNamespace)
    {
        var problems = new List<string>();
        var rbac = values["rbac"] as ObjectValue ?? ObjectValue.Of();
        var enabled = Sidecars.Where(s => values.At($"sidecar.{s}.enabled") == (Value)true).ToList();
        // Chart defaults (values.yaml): rbac.create true, rbac.namespaced false, sidecar resource 'both'.
        var create = rbac["create"] != (Value)false;
        var namespaced = rbac["namespaced"] == (Value)true;
        var existingRole = (rbac["useExistingRole"] as StringValue)?.Text;
        var extraCluster = rbac["extraClusterRoleRules"] is ListValue { Items.Count: > 0 };
        if (!create || enabled.Count == 0)
        {
            return problems;
        }

        if ((!namespaced || extraCluster) && rbac["useExistingClusterRole"] is null)
        {
            problems.Add("the chart's own ClusterRole is rendered, and it grants configmaps and secrets cluster-wide");
        }

        if (namespaced && existingRole is null)
        {
            problems.Add("the chart's own Role is rendered, and it grants configmaps and secrets (also in Grafana's namespace, with every Secret there)");
        }

        var bound = namespaced
            ? [releaseNamespace, .. ((rbac["namespaces"] as ListValue)?.Items ?? []).Select(n => ((StringValue)n).Text)]
            : new List<string>();
        if (existingRole is not null)
        {
            foreach (var ns in bound)
            {
                var role = graph.Resources.SingleOrDefault(r => r.Type == RoleType
                    && r.Properties.At("metadata.name") == new StringValue(existingRole) && r.Properties.At("metadata.namespace") == new StringValue(ns));
                if (role is null)
                {
                    problems.Add($"the Role {existingRole} the chart binds in {ns} is not in the graph");
                    continue;
                }

                var resources = ((ListValue)role.Properties["rules"]!).Items.Cast<ObjectValue>()
                    .SelectMany(rule => ((ListValue)rule["resources"]!).Items.Select(i => ((StringValue)i).Text));
                if (resources.FirstOrDefault(r => r is "secrets" or "*") is { } open)
                {
                    problems.Add($"the Role {existingRole} in {ns} grants '{open}'");
                }
            }
        }

        foreach (var sidecar in enabled)
        {
            var resource = (values.At($"sidecar.{sidecar}.resource") as StringValue)?.Text ?? "both";
            if (resource != "configmap")
            {
                problems.Add($"sidecar.{sidecar} watches '{resource}', not only ConfigMaps");
            }

            var searched = values.At($"sidecar.{sidecar}.searchNamespace") switch
            {
                ListValue list => list.Items.Select(i => ((StringValue)i).Text).ToList(),
                StringValue text => [.. text.Text.Split(',')],
                _ => [releaseNamespace],
            };
            foreach (var ns in searched.Where(n => !bound.Contains(n)))
            {
                problems.Add($"sidecar.{sidecar} searches {ns}, but the Role is not bound in {ns}");
            }
        }

        return problems;
    }

    /// <summary>The values with the overlay merged in under key (maps merged, a JSON null removes a key).</summary>
    private static ObjectValue Override(ObjectValue values, string key, ObjectValue overlay) =>
        Merge(values, new ObjectValue([new KeyValuePair<string, Value>(key, overlay)]));

    private static ObjectValue Merge(ObjectValue current, ObjectValue overlay)
    {
        var entries = current.Entries.Where(e => overlay[e.Key] is null).ToList();
        foreach (var (key, value) in overlay.Entries)
        {
            if (value is NullValue)
            {
                continue;
            }

            entries.Add(new KeyValuePair<string, Value>(key, current[key] is ObjectValue inner && value is ObjectValue nested ? Merge(inner, nested) : value));
        }

        return new ObjectValue(entries);
    }

    private static ObjectValue Json(string json) => (ObjectValue)FromJson(System.Text.Json.JsonDocument.Parse(json).RootElement);

    private static Value FromJson(System.Text.Json.JsonElement element) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Object => new ObjectValue([.. element.EnumerateObject().Select(p => new KeyValuePair<string, Value>(p.Name, FromJson(p.Value)))]),
        System.Text.Json.JsonValueKind.Array => new ListValue([.. element.EnumerateArray().Select(FromJson)]),
        System.Text.Json.JsonValueKind.String => new StringValue(element.GetString()!),
        System.Text.Json.JsonValueKind.True => (Value)true,
        System.Text.Json.JsonValueKind.False => (Value)false,
        System.Text.Json.JsonValueKind.Null => new NullValue(),
        _ => new NumberValue(element.GetDecimal()),
    };
}
