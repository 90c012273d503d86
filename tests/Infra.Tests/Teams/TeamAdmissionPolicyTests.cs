using System.Text.Json.Nodes;
using Infra.Components;
using Infra.Components.Teams;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;
using Infra.Yaml;

namespace Infra.Tests.Teams;

/// <summary>
/// What the platform enforces inside the declared team namespaces of every cluster stack: a ResourceQuota bounding
/// every kind of monitoring object Prometheus selects there, and admission policies bound to exactly those
/// namespaces; their CEL validations, evaluated by a real CEL evaluator, admit the worked example and refuse a
/// monitor that reaches another namespace or reads the Prometheus pod's files.
/// </summary>
public sealed class TeamAdmissionPolicyTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryTeamNamespaceHoldsTheQuotaAndOnlyThoseAreBoundByThePolicies(string id)
    {
        var settings = Stacks.SettingsOf(id);
        foreach (var (teams, compiled) in new[] { (TeamFixture.Of(id), Stacks.Compile(id)), (TeamFixture.Two(settings.Environment), TeamFixture.Compile(id, TeamFixture.Two(settings.Environment))) })
        {
            var declared = teams.In(settings.Environment).SelectMany(t => t.NamespacesIn(settings.Environment)).Order(StringComparer.Ordinal).ToList();
            var objects = ConfigGroupObjects(compiled).ToList();

            // preview says that the declared namespaces must exist (the compiler cannot see the cluster), naming each.
            var warning = compiled.Graph.Warnings.Where(w => w.StartsWith("team namespaces ", StringComparison.Ordinal)).ToList();
            Assert.Equal(declared.Count == 0 ? 0 : 1, warning.Count);
            Assert.All(declared, ns => Assert.Contains(ns, warning[0], StringComparison.Ordinal));
            var quotas = objects.Where(o => Text(o, "kind") == "ResourceQuota" && Text(o, "metadata.name") == TeamAdmission.QuotaName).ToList();
            Assert.Equal(declared, quotas.Select(q => Text(q, "metadata.namespace")).Order(StringComparer.Ordinal));
            foreach (var quota in quotas)
            {
                var hard = Assert.IsType<ObjectValue>(quota.At("spec.hard"));
                // Every kind Prometheus selects from a team namespace is counted: none is unbounded.
                foreach (var (_, resource) in TeamMetrics.Kinds)
                {
                    Assert.NotNull(hard[$"count/{resource}.{KubePrometheus.MonitoringApiGroup}"]);
                }

                foreach (var (resource, count) in TeamAdmission.Quota(compiled.Settings))
                {
                    Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), ((StringValue)hard[$"count/{resource}.{KubePrometheus.MonitoringApiGroup}"]!).Text);
                }
            }

            // The monitors' policies (the dashboards folder policy of a controlplane has its own test; the platform's
            // own policies, on the CA-renewal job and the ALB group, are not the teams').
            bool TeamPolicy(ObjectValue o) => Text(o, "metadata.name").StartsWith(TeamAdmission.PolicyPrefix, StringComparison.Ordinal) && Text(o, "metadata.name") != TeamDashboards.FolderPolicy;
            var bindings = objects.Where(o => Text(o, "kind") == "ValidatingAdmissionPolicyBinding" && TeamPolicy(o)).ToList();
            var policies = objects.Where(o => Text(o, "kind") == "ValidatingAdmissionPolicy" && TeamPolicy(o)).ToList();
            Assert.Equal(declared.Count == 0 ? 0 : TeamAdmission.Policies(compiled.Settings).Count, policies.Count);
            Assert.Equal(policies.Select(p => Text(p, "metadata.name")).Order(), bindings.Select(b => Text(b, "spec.policyName")).Order());
            foreach (var binding in bindings)
            {
                Assert.Equal("Deny", Assert.Single(((ListValue)binding.At("spec.validationActions")!).Items.Cast<StringValue>()).Text);
                var expression = (ObjectValue)Assert.Single(((ListValue)binding.At("spec.matchResources.namespaceSelector.matchExpressions")!).Items);
                Assert.Equal(TeamMetrics.NamespaceNameLabel, Text(expression, "key"));
                Assert.Equal("In", Text(expression, "operator"));
                Assert.Equal(declared, ((ListValue)expression["values"]!).Items.Cast<StringValue>().Select(v => v.Text).Order(StringComparer.Ordinal));
            }

            // Every monitoring kind a team may create (quota above 0) is under a policy.
            var allowed = TeamAdmission.Quota(compiled.Settings).Where(q => q.Count > 0 && declared.Count > 0).Select(q => q.Resource);
            Assert.Subset(policies.Select(p => Text((ObjectValue)((ListValue)p.At("spec.matchConstraints.resourceRules")!).Items[0], "resources.0")).ToHashSet(), allowed.ToHashSet());
        }
    }

    /// <summary>
    /// Every controlplane with two synthetic teams: each team's dashboards namespace (writable by the team's pipeline,
    /// meant for ConfigMaps) denies all ingress and egress and admits no pod.
    /// </summary>
    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void EveryDashboardsNamespaceDeniesTrafficAndPods(string id)
    {
        var teams = TeamFixture.Two(Stacks.SettingsOf(id).Environment);
        var compiled = TeamFixture.Compile(id, teams);
        var objects = ConfigGroupObjects(compiled).ToList();
        foreach (var team in teams.Items)
        {
            var policies = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:networking.k8s.io/v1:NetworkPolicy" && Text(r.Properties, "metadata.namespace") == team.DashboardNamespace).ToList();
            foreach (var type in new[] { "Ingress", "Egress" })
            {
                var deny = Assert.Single(policies, p => ((ListValue)p.Properties.At("spec.policyTypes")!).Items.Cast<StringValue>().Single().Text == type);
                Assert.Empty(Assert.IsType<ObjectValue>(deny.Properties.At("spec.podSelector")).Entries);
                Assert.Empty(Assert.IsType<ListValue>(deny.Properties.At($"spec.{type.ToLowerInvariant()}")).Items);
            }

            var quota = Assert.Single(objects, o => Text(o, "kind") == "ResourceQuota" && Text(o, "metadata.namespace") == team.DashboardNamespace);
            Assert.Equal("0", Text(quota, "spec.hard.pods"));
            // No Service either: no LoadBalancer or NodePort can be opened from a namespace a team's pipeline writes.
            Assert.Equal("0", Text(quota, "spec.hard.services"));
        }

        // The folder policy is bound to exactly the dashboards namespaces.
        var binding = Assert.Single(objects, o => Text(o, "kind") == "ValidatingAdmissionPolicyBinding" && Text(o, "spec.policyName") == TeamDashboards.FolderPolicy);
        var expression = (ObjectValue)Assert.Single(((ListValue)binding.At("spec.matchResources.namespaceSelector.matchExpressions")!).Items);
        Assert.Equal(teams.Items.Select(t => t.DashboardNamespace).Order(StringComparer.Ordinal), ((ListValue)expression["values"]!).Items.Cast<StringValue>().Select(v => v.Text).Order(StringComparer.Ordinal));
        Assert.Single(objects, o => Text(o, "kind") == "ValidatingAdmissionPolicy" && Text(o, "metadata.name") == TeamDashboards.FolderPolicy);
    }

    /// <summary>The dashboards folder policy's CEL in a real CEL evaluator: a dashboard ConfigMap names its own team's folder; other ConfigMaps are not its business.</summary>
    [PromqlFact]
    public void ADashboardConfigMapNamesItsOwnTeamsFolder()
    {
        JsonObject ConfigMap(string? folder, bool dashboard) => new()
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = "d",
                ["labels"] = dashboard ? new JsonObject { [Grafana.DashboardLabel] = Grafana.DashboardLabelValue } : new JsonObject { ["app"] = "x" },
                ["annotations"] = folder is null ? new JsonObject() : new JsonObject { [TeamDashboards.FolderAnnotation] = folder },
            },
            ["data"] = new JsonObject { ["d.json"] = "{}" },
        };
        var cases = new (JsonObject Object, bool Admitted)[]
        {
            (ConfigMap("alpha", true), true),
            (ConfigMap("beta", true), false),
            (ConfigMap("../beta", true), false),
            (ConfigMap(null, true), false),
            (ConfigMap(null, false), true),
        };
        var results = CelEvaluator.Evaluate([.. cases.Select(c => (TeamDashboards.OwnFolderOnly, new JsonObject
        {
            ["object"] = c.Object.DeepClone(),
            ["namespaceObject"] = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "alpha-dashboards", ["labels"] = new JsonObject { ["team"] = "alpha" } } },
        }))]);
        for (var i = 0; i < cases.Length; i++)
        {
            Assert.True(results[i].Error is null, results[i].Error);
            Assert.Equal(cases[i].Admitted, results[i].Value!.GetValue<bool>());
        }
    }

    /// <summary>
    /// The dashboards policy's other validations in a real CEL evaluator: a dashboard ConfigMap holds JSON keys only (a
    /// <c>.url</c> key would make the sidecar fetch that URL), no binaryData, and no platform dashboard's uid (<c>obs-</c>),
    /// however spaced or escaped; the worked example passes.
    /// </summary>
    [PromqlFact]
    public void ADashboardConfigMapHoldsJsonAndNoPlatformUid()
    {
        var example = JsonNode.Parse(JsonText.Of(YamlValueReader.Parse(File.ReadAllText(Path.Combine(Repo.Root, "docs", "examples", "orders", "dashboard.yaml")))))!.AsObject();
        JsonObject ConfigMap(JsonObject data, JsonObject? binaryData = null, bool dashboard = true)
        {
            var map = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = "d", ["labels"] = dashboard ? new JsonObject { [Grafana.DashboardLabel] = Grafana.DashboardLabelValue } : new JsonObject() },
                ["data"] = data,
            };
            if (binaryData is not null)
            {
                map["binaryData"] = binaryData;
            }

            return map;
        }

        var cases = new (JsonObject Object, bool Admitted, string What)[]
        {
            (example, true, "the worked example"),
            (ConfigMap(new JsonObject { ["a.json"] = """{"uid": "orders-a", "title": "A"}""" }), true, "a team-prefixed uid"),
            (ConfigMap(new JsonObject { ["a.url"] = "http://10.0.0.1:9093/api/v2/silences" }), false, "a .url key (the sidecar downloads it)"),
            (ConfigMap(new JsonObject { ["a.json"] = "{}" }, new JsonObject { ["b.json"] = "e30=" }), false, "binaryData"),
            (ConfigMap(new JsonObject { ["a.json"] = """{"uid": "obs-kafka"}""" }), false, "a platform uid"),
            (ConfigMap(new JsonObject { ["a.json"] = "{\"uid\" :\n  \"obs-kafka\"}" }), false, "a platform uid, spaced over lines"),
            (ConfigMap(new JsonObject { ["a.json"] = """{"uid": "\u006fbs-kafka"}""" }), false, "a platform uid spelt with a JSON escape"),
            (ConfigMap(new JsonObject { ["a.url"] = "http://x" }, dashboard: false), true, "a ConfigMap that is not a dashboard"),
        };
        var expressions = new[] { TeamDashboards.JsonOnly, TeamDashboards.NoPlatformUid };
        var results = CelEvaluator.Evaluate([.. cases.SelectMany(c => expressions.Select(e => (e, new JsonObject { ["object"] = c.Object.DeepClone() })))]);
        var index = 0;
        foreach (var (_, admitted, what) in cases)
        {
            var values = expressions.Select(_ => results[index++]).ToList();
            Assert.All(values, v => Assert.True(v.Error is null, $"{what}: {v.Error}"));
            Assert.True(admitted == values.All(v => v.Value!.GetValue<bool>()), $"{what}: expected {(admitted ? "admitted" : "refused")}");
        }
    }

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    /// <summary>The policies' expressions in a real CEL evaluator: the worked example's ServiceMonitor and PrometheusRule pass every one; each forbidden shape fails one.</summary>
    [PromqlFact]
    public void ThePoliciesAdmitTheExampleAndRefuseOtherNamespacesPrometheusFilesAndNamespaceRewrites()
    {
        var id = Stacks.All.First(s => Stacks.RoleOf(s) == StackRole.Environment);
        var environment = Stacks.SettingsOf(id).Environment;
        var compiled = TeamFixture.Compile(id, TeamFixture.Two(environment));
        var policies = ConfigGroupObjects(compiled).Where(o => Text(o, "kind") == "ValidatingAdmissionPolicy")
            .ToDictionary(p => Text((ObjectValue)((ListValue)p.At("spec.matchConstraints.resourceRules")!).Items[0], "resources.0"),
                p => ((ListValue)p.At("spec.validations")!).Items.Cast<ObjectValue>().Select(v => Text(v, "expression")).ToList());
        var example = JsonNode.Parse(JsonText.Of(YamlValueReader.Parse(File.ReadAllText(Path.Combine(Repo.Root, "docs", "examples", "orders", "servicemonitor.yaml")))))!.AsObject();
        var ns = example["metadata"]!["namespace"]!.GetValue<string>();

        JsonObject With(JsonObject baseObject, string json)
        {
            var copy = (JsonObject)baseObject.DeepClone();
            foreach (var (key, value) in JsonNode.Parse(json)!.AsObject())
            {
                copy["spec"]![key] = value?.DeepClone();
            }

            return copy;
        }

        var rule = JsonNode.Parse(JsonText.Of(YamlValueReader.Parse(File.ReadAllText(Path.Combine(Repo.Root, "docs", "examples", "orders", "prometheusrule.yaml")))))!.AsObject();
        var limit = compiled.Settings.Get(SettingsCatalog.TeamRuleLimit);

        // The rule with every group's limit replaced (removed when the patch has none).
        JsonObject WithGroups(JsonObject baseObject, string json)
        {
            var copy = (JsonObject)baseObject.DeepClone();
            var patch = JsonNode.Parse(json)!.AsObject();
            foreach (var group in copy["spec"]!["groups"]!.AsArray())
            {
                group!.AsObject().Remove("limit");
                if (patch["limit"] is { } value)
                {
                    group.AsObject()["limit"] = value.DeepClone();
                }
            }

            return copy;
        }

        // The rule with one more recording rule in its first group.
        JsonObject WithRecord(JsonObject baseObject, string record)
        {
            var copy = (JsonObject)baseObject.DeepClone();
            copy["spec"]!["groups"]![0]!["rules"]!.AsArray().Add(new JsonObject { ["record"] = record, ["expr"] = "vector(1)" });
            return copy;
        }

        var podMonitor = JsonNode.Parse($$$"""{"apiVersion": "monitoring.coreos.com/v1", "kind": "PodMonitor", "metadata": {"name": "p", "namespace": "{{{ns}}}"}, "spec": {"selector": {}, "podMetricsEndpoints": [{"port": "metrics"}]}}""")!.AsObject();
        var cases = new List<(string Resource, JsonObject Object, bool Admitted, string What)>
        {
            ("servicemonitors", example, true, "the worked example"),
            ("servicemonitors", With(example, $$$"""{"namespaceSelector": {"matchNames": ["{{{ns}}}"]}}"""), true, "its own namespace named"),
            ("servicemonitors", With(example, """{"endpoints": [{"port": "metrics", "tlsConfig": {"ca": {"secret": {"name": "ca", "key": "ca.crt"}}}, "bearerTokenSecret": {"name": "t", "key": "token"}}]}"""), true, "credentials from Secrets"),
            ("servicemonitors", With(example, """{"namespaceSelector": {"any": true}}"""), false, "every namespace"),
            ("servicemonitors", With(example, """{"namespaceSelector": {"matchNames": ["kube-system"]}}"""), false, "another namespace"),
            ("servicemonitors", With(example, $$$"""{"namespaceSelector": {"matchNames": ["{{{ns}}}", "monitoring"]}}"""), false, "its own and another namespace"),
            ("servicemonitors", With(example, """{"endpoints": [{"port": "metrics", "bearerTokenFile": "/var/run/secrets/kubernetes.io/serviceaccount/token"}]}"""), false, "Prometheus' token file"),
            ("servicemonitors", With(example, """{"endpoints": [{"port": "metrics", "tlsConfig": {"caFile": "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"}}]}"""), false, "a CA file"),
            ("servicemonitors", With(example, """{"endpoints": [{"port": "metrics"}, {"port": "other", "tlsConfig": {"certFile": "/etc/prometheus/c.pem", "keyFile": "/etc/prometheus/k.pem"}}]}"""), false, "a client certificate file on a second endpoint"),
            ("podmonitors", podMonitor, true, "a PodMonitor of its own namespace"),
            ("podmonitors", With(podMonitor, """{"namespaceSelector": {"any": true}}"""), false, "a PodMonitor of every namespace"),

            // The series keep the namespace Prometheus gives them: the platform's rules select their components' namespaces.
            ("servicemonitors", With(example, """{"endpoints": [{"port": "metrics", "honorLabels": false}]}"""), true, "honorLabels false"),
            ("servicemonitors", With(example, """{"endpoints": [{"port": "metrics", "honorLabels": true}]}"""), false, "honorLabels: a scraped namespace label would win"),
            ("servicemonitors", With(example, """{"endpoints": [{"port": "metrics", "metricRelabelings": [{"action": "drop", "sourceLabels": ["__name__"], "regex": "go_.*"}, {"action": "labeldrop", "regex": "pid|thread"}, {"sourceLabels": ["datname"], "targetLabel": "database"}]}]}"""), true, "dropping series and other labels, renaming a label"),
            ("servicemonitors", With(example, """{"endpoints": [{"port": "metrics", "metricRelabelings": [{"action": "labelmap", "regex": "fake_(.+)", "replacement": "$1"}]}]}"""), false, "labelmap, which can write namespace"),
            ("servicemonitors", With(example, """{"endpoints": [{"port": "metrics", "metricRelabelings": [{"action": "LabelMap", "regex": "fake_(.+)"}]}]}"""), false, "LabelMap, the CRD's other spelling"),
            ("servicemonitors", With(example, """{"endpoints": [{"port": "metrics", "metricRelabelings": [{"sourceLabels": ["x"], "regex": "(.*)", "targetLabel": "${1}", "replacement": "node-agents"}]}]}"""), false, "a target label from a capture group"),
            ("servicemonitors", With(example, """{"endpoints": [{"port": "metrics", "metricRelabelings": [{"action": "labeldrop", "regex": "name.*"}]}]}"""), false, "labeldrop whose regex matches namespace"),
            ("servicemonitors", With(example, """{"endpoints": [{"port": "metrics", "metricRelabelings": [{"action": "labeldrop"}]}]}"""), false, "labeldrop with the default regex (every label)"),
            ("servicemonitors", With(example, """{"endpoints": [{"port": "metrics", "metricRelabelings": [{"action": "labelkeep", "regex": "__name__|pod|instance"}]}]}"""), false, "labelkeep without namespace"),
            ("servicemonitors", With(example, """{"endpoints": [{"port": "metrics", "metricRelabelings": [{"action": "labelkeep", "regex": "__name__|namespace|pod|instance|job"}]}]}"""), true, "labelkeep keeping namespace"),
            ("podmonitors", With(podMonitor, """{"podMetricsEndpoints": [{"port": "metrics", "honorLabels": true}]}"""), false, "a PodMonitor with honorLabels"),
            ("podmonitors", With(podMonitor, """{"podMetricsEndpoints": [{"port": "metrics", "metricRelabelings": [{"action": "labelmap", "regex": "fake_(.+)"}]}]}"""), false, "a PodMonitor with labelmap"),

            // Every rule group bounds what its rules produce.
            ("prometheusrules", rule, true, "the worked example's rules"),
            ("prometheusrules", WithGroups(rule, "{}"), false, "a group without limit"),
            ("prometheusrules", WithGroups(rule, """{"limit": 0}"""), false, "limit 0 (no limit, for Prometheus)"),
            ("prometheusrules", WithGroups(rule, $$"""{"limit": {{limit + 1}}}"""), false, "a limit above teamRuleLimit"),
            ("prometheusrules", WithGroups(rule, $$"""{"limit": {{limit}}}"""), true, "a limit of teamRuleLimit"),

            // The platform's per-namespace recordings are federated from every namespace: a team may not record them.
            ("prometheusrules", WithRecord(rule, "orders:pg_connections:sum"), true, "a recording rule of the team's own name"),
        };
        cases.AddRange(Infra.Components.KubernetesRules.PerNamespaceRecords.Select(name =>
            ("prometheusrules", WithRecord(rule, name), false, $"a recording rule named {name}")));

        var batch = cases.SelectMany(c => policies[c.Resource].Select(e => (e, new JsonObject { ["object"] = c.Object.DeepClone(), ["request"] = new JsonObject { ["namespace"] = ns } }))).ToList();
        var results = CelEvaluator.Evaluate(batch);
        var index = 0;
        foreach (var (resource, _, admitted, what) in cases)
        {
            var values = policies[resource].Select(e => results[index++]).ToList();
            Assert.All(values, v => Assert.True(v.Error is null, $"{what}: {v.Error}"));
            Assert.True(admitted == values.All(v => v.Value!.GetValue<bool>()), $"{resource}, {what}: expected {(admitted ? "admitted" : "refused")}");
        }
    }

    private static IEnumerable<ObjectValue> ConfigGroupObjects(CompiledStack compiled) =>
        compiled.Graph.Resources.Where(r => r.Type == "kubernetes:yaml/v2:ConfigGroup").SelectMany(r => ((ListValue)r.Properties["objs"]!).Items.OfType<ObjectValue>());

    private static string Text(ObjectValue o, string path) => path.EndsWith(".0", StringComparison.Ordinal)
        ? ((StringValue)((ListValue)o.At(path[..^2])!).Items[0]).Text
        : ((StringValue)o.At(path)!).Text;
}
