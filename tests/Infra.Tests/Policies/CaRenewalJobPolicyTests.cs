using System.Text.Json.Nodes;
using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Policies;

/// <summary>
/// The Kafka CA-renewal job's token may patch Fluent Bit's DaemonSet (privileged namespace: root on every node
/// through an image or a host path), the Logstash resource and the CA copy; RBAC limits the verb and the name, not
/// the fields. On every stack an admission policy matching the job's user covers every resource its roles may
/// patch, and its CEL, in a real CEL evaluator, admits what the job's script sends and refuses anything else.
/// </summary>
public sealed class CaRenewalJobPolicyTests
{
    private static readonly string Annotation = KafkaClientRestart.RecordedAnnotation;

    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void ThePolicyCoversEveryResourceTheJobMayPatchForItsUserOnly(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var objects = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:yaml/v2:ConfigGroup")
            .SelectMany(r => ((ListValue)r.Properties["objs"]!).Items.Cast<ObjectValue>()).ToList();
        var policy = Assert.Single(objects, o => o["kind"] == new StringValue("ValidatingAdmissionPolicy") && o.At("metadata.name") == new StringValue(KafkaClientRestart.PolicyName));
        var binding = Assert.Single(objects, o => o["kind"] == new StringValue("ValidatingAdmissionPolicyBinding") && o.At("spec.policyName") == new StringValue(KafkaClientRestart.PolicyName));
        Assert.Equal(ListValue.Strings(["Deny"]), binding.At("spec.validationActions"), ValueComparer.Instance);
        Assert.Null(binding.At("spec.matchResources"));
        Assert.Equal(new StringValue("Fail"), policy.At("spec.failurePolicy"));

        var condition = (ObjectValue)Assert.Single(((ListValue)policy.At("spec.matchConditions")!).Items);
        Assert.Equal($"request.userInfo.username == '{KafkaClientRestart.ServiceAccountUser}'", ((StringValue)condition["expression"]!).Text);
        // The user is the one the job's roles are bound to.
        var subjects = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding" && r.Properties.At("roleRef.name") == new StringValue(KafkaClientRestart.Name))
            .SelectMany(r => ((ListValue)r.Properties["subjects"]!).Items.Cast<ObjectValue>()).ToList();
        Assert.NotEmpty(subjects);
        Assert.All(subjects, s => Assert.Equal(KafkaClientRestart.ServiceAccountUser, $"system:serviceaccount:{((StringValue)s["namespace"]!).Text}:{((StringValue)s["name"]!).Text}"));

        var rule = (ObjectValue)Assert.Single(((ListValue)policy.At("spec.matchConstraints.resourceRules")!).Items);
        var resources = ((ListValue)rule["resources"]!).Items.Cast<StringValue>().Select(v => v.Text).ToHashSet(StringComparer.Ordinal);
        var groups = ((ListValue)rule["apiGroups"]!).Items.Cast<StringValue>().Select(v => v.Text).ToHashSet(StringComparer.Ordinal);
        var writable = KafkaClientRestart.Rules(compiled.Settings.Role).SelectMany(r => r.Rules)
            .Where(r => ((ListValue)r["verbs"]!).Items.Cast<StringValue>().Any(v => v.Text is not ("get" or "list" or "watch"))).ToList();
        Assert.NotEmpty(writable);
        foreach (var granted in writable)
        {
            Assert.Subset(resources, ((ListValue)granted["resources"]!).Items.Cast<StringValue>().Select(v => v.Text).ToHashSet(StringComparer.Ordinal));
            Assert.Subset(groups, ((ListValue)granted["apiGroups"]!).Items.Cast<StringValue>().Select(v => v.Text).ToHashSet(StringComparer.Ordinal));
        }

        var validations = ((ListValue)policy.At("spec.validations")!).Items.Cast<ObjectValue>().Select(v => ((StringValue)v["expression"]!).Text).ToList();
        Assert.Equal(KafkaClientRestart.PatchRules.Count, validations.Count);
    }

    /// <summary>The policy's CEL in a real CEL evaluator: the script's patches pass, any other change to the same objects is refused.</summary>
    [PromqlFact]
    public void OnlyTheGenerationAnnotationAndTheCaCertificateMayChange()
    {
        var daemonSet = JsonNode.Parse("""
            {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "fluent-bit", "namespace": "node-agents", "labels": {"app.kubernetes.io/name": "fluent-bit"}, "annotations": {"meta.helm.sh/release-name": "fluent-bit"}},
             "spec": {"selector": {"matchLabels": {"app.kubernetes.io/name": "fluent-bit"}}, "updateStrategy": {"type": "RollingUpdate"}, "revisionHistoryLimit": 10,
               "template": {"metadata": {"labels": {"app.kubernetes.io/name": "fluent-bit"}, "annotations": {"checksum/config": "abc"}},
                 "spec": {"containers": [{"name": "fluent-bit", "image": "cr.fluentbit.io/fluent/fluent-bit:4.2.0", "volumeMounts": [{"name": "varlog", "mountPath": "/var/log"}]}],
                   "volumes": [{"name": "varlog", "hostPath": {"path": "/var/log"}}]}}}}
            """)!.AsObject();
        var logstash = JsonNode.Parse("""
            {"apiVersion": "logstash.k8s.elastic.co/v1alpha1", "kind": "Logstash", "metadata": {"name": "logstash", "namespace": "logging"},
             "spec": {"version": "9.2.0", "count": 2, "config": {"pipeline.workers": 2}, "pipelines": [{"pipeline.id": "a", "config.string": "input {}"}],
               "podTemplate": {"spec": {"automountServiceAccountToken": false, "containers": [{"name": "logstash", "resources": {"limits": {"memory": "2Gi"}}}]}}}}
            """)!.AsObject();
        var secret = JsonNode.Parse("""
            {"apiVersion": "v1", "kind": "Secret", "type": "Opaque", "metadata": {"name": "kafka-cluster-ca", "namespace": "node-agents", "labels": {"app.kubernetes.io/part-of": "observability"}},
             "data": {"ca.crt": "b2xk"}}
            """)!.AsObject();

        JsonObject Edit(JsonObject original, Action<JsonObject> edit)
        {
            var copy = (JsonObject)original.DeepClone();
            edit(copy);
            return copy;
        }

        JsonObject Annotated(JsonObject original, string template, string generation) => Edit(original, o =>
        {
            var pod = o["spec"]![template]!.AsObject();
            pod["metadata"] ??= new JsonObject();
            pod["metadata"]!["annotations"] ??= new JsonObject();
            pod["metadata"]!["annotations"]![Annotation] = generation;
        });

        var daemonSetPatched = Annotated(daemonSet, "template", "1");
        var logstashPatched = Annotated(logstash, "podTemplate", "1");
        var cases = new List<(string Resource, string Operation, JsonObject Old, JsonObject New, bool Admitted, string What)>
        {
            ("daemonsets", "UPDATE", daemonSet, daemonSetPatched, true, "the generation annotation added"),
            ("daemonsets", "UPDATE", daemonSetPatched, Annotated(daemonSet, "template", "2"), true, "the generation annotation changed"),
            ("daemonsets", "UPDATE", daemonSet, Edit(daemonSetPatched, o => o["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "evil/fluent-bit:latest"), false, "the image"),
            ("daemonsets", "UPDATE", daemonSet, Edit(daemonSetPatched, o => o["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Add(JsonNode.Parse("""{"name": "root", "hostPath": {"path": "/"}}"""))), false, "a host path"),
            ("daemonsets", "UPDATE", daemonSet, Edit(daemonSetPatched, o => o["spec"]!["template"]!["spec"]!["hostPID"] = true), false, "host PID"),
            ("daemonsets", "UPDATE", daemonSet, Edit(daemonSetPatched, o => o["spec"]!["template"]!["metadata"]!["annotations"]!["checksum/config"] = "def"), false, "another template annotation"),
            ("daemonsets", "UPDATE", daemonSet, Edit(daemonSetPatched, o => o["spec"]!["template"]!["metadata"]!["labels"]!["extra"] = "x"), false, "a template label"),
            ("daemonsets", "UPDATE", daemonSet, Edit(daemonSetPatched, o => o["spec"]!["updateStrategy"] = JsonNode.Parse("""{"type": "OnDelete"}""")), false, "the update strategy"),
            ("daemonsets", "UPDATE", daemonSet, Edit(daemonSetPatched, o => o["spec"]!.AsObject().Remove("revisionHistoryLimit")), false, "a spec field removed"),
            ("daemonsets", "UPDATE", daemonSet, Edit(daemonSetPatched, o => o["metadata"]!["labels"]!["extra"] = "x"), false, "the DaemonSet's own label"),
            ("daemonsets", "DELETE", daemonSet, daemonSet, false, "a delete"),
            ("logstashes", "UPDATE", logstash, logstashPatched, true, "the generation annotation added to a template without metadata"),
            ("logstashes", "UPDATE", logstashPatched, Annotated(logstash, "podTemplate", "3"), true, "the generation annotation changed"),
            ("logstashes", "UPDATE", logstash, Edit(logstashPatched, o => o["spec"]!["count"] = 5), false, "the count"),
            ("logstashes", "UPDATE", logstash, Edit(logstashPatched, o => o["spec"]!["pipelines"]![0]!["config.string"] = "input { exec {} }"), false, "a pipeline"),
            ("logstashes", "UPDATE", logstash, Edit(logstashPatched, o => o["spec"]!["podTemplate"]!["spec"]!["automountServiceAccountToken"] = true), false, "the pod spec"),
            ("logstashes", "UPDATE", logstash, Edit(logstashPatched, o => o["spec"]!["image"] = "evil/logstash"), false, "an image added"),
            ("secrets", "UPDATE", secret, Edit(secret, o => { o["data"]!["ca.crt"] = "bmV3"; o["metadata"]!["annotations"] = new JsonObject { [Annotation] = "1" }; }), true, "the copy's certificate and generation"),
            ("secrets", "UPDATE", secret, Edit(secret, o => o["data"]!["tls.key"] = "a2V5"), false, "another key"),
            ("secrets", "UPDATE", secret, Edit(secret, o => o["type"] = "kubernetes.io/tls"), false, "the type"),
            ("secrets", "UPDATE", secret, Edit(secret, o => o["metadata"]!["labels"]!["extra"] = "x"), false, "a label"),
            ("secrets", "CREATE", secret, secret, false, "a create"),
        };

        var rules = KafkaClientRestart.PatchRules;
        var policy = Stacks.Compile(Stacks.First(Infra.Config.StackRole.Controlplane)).Graph.Resources.Where(r => r.Type == "kubernetes:yaml/v2:ConfigGroup")
            .SelectMany(r => ((ListValue)r.Properties["objs"]!).Items.Cast<ObjectValue>())
            .Single(o => o["kind"] == new StringValue("ValidatingAdmissionPolicy") && o.At("metadata.name") == new StringValue(KafkaClientRestart.PolicyName));
        var expressions = ((ListValue)policy.At("spec.validations")!).Items.Cast<ObjectValue>().Select(v => ((StringValue)v["expression"]!).Text).ToList();
        var batch = cases.SelectMany(c => expressions.Select(e => (e, new JsonObject
        {
            ["object"] = c.Operation == "DELETE" ? null : c.New.DeepClone(),
            ["oldObject"] = c.Operation == "CREATE" ? null : c.Old.DeepClone(),
            ["request"] = new JsonObject { ["operation"] = c.Operation, ["resource"] = new JsonObject { ["resource"] = c.Resource } },
        }))).ToList();
        // A request of the job on a resource none of the rules names is not this policy's business.
        batch.AddRange(expressions.Select(e => (e, new JsonObject
        {
            ["object"] = secret.DeepClone(),
            ["oldObject"] = secret.DeepClone(),
            ["request"] = new JsonObject { ["operation"] = "UPDATE", ["resource"] = new JsonObject { ["resource"] = "configmaps" } },
        })));
        var results = CelEvaluator.Evaluate(batch);
        var index = 0;
        foreach (var (resource, operation, _, _, admitted, what) in cases)
        {
            var values = expressions.Select(_ => results[index++]).ToList();
            // Every case evaluates (a refusal is a false, not an error that failurePolicy Fail would also turn into one).
            Assert.All(values, v => Assert.True(v.Error is null, $"{resource} {operation}, {what}: {v.Error}"));
            var passed = values.All(v => v.Value!.GetValue<bool>());
            Assert.True(admitted == passed, $"{resource} {operation}, {what}: expected {(admitted ? "admitted" : "refused")} ({string.Join("; ", values.Select(v => v.Error ?? v.Value?.ToJsonString()))})");
        }

        Assert.All(results.Skip(index), v => Assert.True(v.Error is null && v.Value!.GetValue<bool>(), v.Error));
        Assert.Equal(rules.Count, expressions.Count);
    }

    /// <summary>The Logstash fields the policy compares are the pinned CRD's: a CRD upgrade adding a field fails here until it is listed.</summary>
    [SharedFact]
    public void TheComparedLogstashFieldsAreThePinnedCrds()
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        using (var reader = new StreamReader(Path.Combine(Repo.SharedDirectory, "crds", "logstash.k8s.elastic.co", "Logstash.yaml")))
        {
            stream.Load(reader);
        }

        YamlDotNet.RepresentationModel.YamlNode At(YamlDotNet.RepresentationModel.YamlNode node, string key) =>
            ((YamlDotNet.RepresentationModel.YamlMappingNode)node).Children[new YamlDotNet.RepresentationModel.YamlScalarNode(key)];
        var version = ((YamlDotNet.RepresentationModel.YamlSequenceNode)At(At(stream.Documents[0].RootNode, "spec"), "versions")).Children
            .Single(v => ((YamlDotNet.RepresentationModel.YamlScalarNode)At(v, "name")).Value == "v1alpha1");
        var properties = (YamlDotNet.RepresentationModel.YamlMappingNode)At(At(At(At(At(version, "schema"), "openAPIV3Schema"), "properties"), "spec"), "properties");
        var fields = properties.Children.Keys.Cast<YamlDotNet.RepresentationModel.YamlScalarNode>().Select(k => k.Value!).Where(k => k != "podTemplate").Order(StringComparer.Ordinal);
        Assert.Equal(fields, KafkaClientRestart.LogstashSpecFields.Order(StringComparer.Ordinal));
    }
}
