using Infra.Model;
using Infra.Tests.Support;
using Xunit.Abstractions;

namespace Infra.Tests.Conformance;

/// <summary>
/// Every custom resource every stack declares (the objects of its <c>kubernetes:yaml/v2:ConfigGroup</c>
/// resources) against its CRD in ../shared/crds.
/// </summary>
public sealed class CustomResourceConformanceTests
{
    private const string ConfigGroup = "kubernetes:yaml/v2:ConfigGroup";

    private readonly ITestOutputHelper _output;

    public CustomResourceConformanceTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [SharedTheory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void EveryCustomResourceValidatesAgainstItsCrd(string stack)
    {
        var checker = new CustomResourceChecker(CrdCatalog.Shared);
        var errors = Objects(stack).SelectMany(o => checker.Check(o.Object, o.Where)).ToList();
        foreach (var rule in checker.Validator.UncheckedRules.Distinct())
        {
            _output.WriteLine($"not evaluated: {rule}");
        }

        Assert.True(checker.Validated > 0, "no custom resource was validated");
        PulumiSchemaConformanceTests.AssertNone(errors, $"stack '{stack}' custom resources against ../shared/crds");
    }

    [SharedFact]
    public void EverySkippedGroupIsUsedAndHasNoCrd()
    {
        var checker = new CustomResourceChecker(CrdCatalog.Shared);
        foreach (var stack in Stacks.All)
        {
            _ = Objects(stack).SelectMany(o => checker.Check(o.Object, o.Where)).ToList();
        }

        Assert.Equal(CustomResourceChecker.SkippedGroups.Keys.Order(StringComparer.Ordinal), checker.UsedSkips.Order(StringComparer.Ordinal));
        Assert.Empty(CustomResourceChecker.SkippedGroups.Keys.Intersect(CrdCatalog.Shared.Groups));
    }

    [SharedFact]
    public void UnknownFieldsWrongValuesAndMissingFieldsAreReportedWithTheirPaths()
    {
        var topic = ObjectValue.Of(
            ("apiVersion", "kafka.strimzi.io/v1"),
            ("kind", "KafkaTopic"),
            ("metadata", ObjectValue.Of(("name", "logs"), ("namespace", "logging"), ("labelz", ObjectValue.Empty))),
            ("spec", ObjectValue.Of(("partitions", 0), ("replicas", "3"), ("retentionMs", 1), ("config", ObjectValue.Of(("retention.ms", 1))))));
        var errors = new CustomResourceChecker(CrdCatalog.Shared).Check(topic, "t");
        Assert.Equal(
            [
                "t KafkaTopic/logs: $.metadata.labelz: not an ObjectMeta field",
                "t KafkaTopic/logs: $.spec.partitions: 0 should be at least 1",
                "t KafkaTopic/logs: $.spec.replicas: Value is \"string\" but should be \"integer\"",
                "t KafkaTopic/logs: $.spec.retentionMs: unknown field (the schema does not declare it, so the API server would prune it)",
            ],
            errors);

        var user = ObjectValue.Of(
            ("apiVersion", "kafka.strimzi.io/v1"),
            ("kind", "KafkaUser"),
            ("metadata", ObjectValue.Of(("name", "Fluent_Bit"), ("namespace", "logging"))),
            ("spec", ObjectValue.Of(("authentication", ObjectValue.Of(("type", "scram-sha-256"))))));
        Assert.Equal(
            [
                "u KafkaUser/Fluent_Bit: $.metadata.name: 'Fluent_Bit' is not a DNS subdomain name",
                "u KafkaUser/Fluent_Bit: $.spec.authentication.type: \"scram-sha-256\" is not one of [\"tls\",\"tls-external\",\"scram-sha-512\"]",
            ],
            new CustomResourceChecker(CrdCatalog.Shared).Check(user, "u"));
    }

    [SharedFact]
    public void CelRulesWithATranslationAreEvaluated()
    {
        var user = ObjectValue.Of(
            ("apiVersion", "kafka.strimzi.io/v1"),
            ("kind", "KafkaUser"),
            ("metadata", ObjectValue.Of(("name", "u"), ("namespace", "logging"))),
            ("spec", ObjectValue.Of(("authentication", ObjectValue.Of(("type", "scram-sha-512"), ("validityDays", 30))))));
        var checker = new CustomResourceChecker(CrdCatalog.Shared);
        Assert.Equal(
            ["u KafkaUser/u: $.spec.authentication: 'validityDays' and 'renewalDays' can be configured only with 'type: tls' (CEL: self.type == 'tls' || (!has(self.validityDays) && !has(self.renewalDays)))"],
            checker.Check(user, "u"));
        Assert.Empty(checker.Validator.UncheckedRules);
    }

    [SharedFact]
    public void UnservedVersionsUnknownKindsAndUnlistedGroupsAreReported()
    {
        var checker = new CustomResourceChecker(CrdCatalog.Shared);
        ObjectValue Object(string apiVersion, string kind) => ObjectValue.Of(
            ("apiVersion", apiVersion), ("kind", kind), ("metadata", ObjectValue.Of(("name", "x"), ("namespace", "y"))), ("spec", ObjectValue.Empty));
        Assert.Equal(["o Elasticsearch/x: Elasticsearch version 'v1alpha1' is not served (served: v1, v1beta1)"], checker.Check(Object("elasticsearch.k8s.elastic.co/v1alpha1", "Elasticsearch"), "o"));
        Assert.Equal(["o Kafka/x: Kafka has no version 'v1beta2' (the CRD has v1)"], checker.Check(Object("kafka.strimzi.io/v1beta2", "Kafka"), "o"));
        Assert.Equal(["o KafkaBridge/x: no CRD for KafkaBridge in group 'kafka.strimzi.io' under ../shared/crds"], checker.Check(Object("kafka.strimzi.io/v1", "KafkaBridge"), "o"));
        Assert.Equal(["o Issuer/x: no CRD for Issuer in group 'acme.cert-manager.io' under ../shared/crds"], checker.Check(Object("acme.cert-manager.io/v1", "Issuer"), "o"));
        Assert.Empty(checker.Check(Object("cert-manager.io/v1", "Certificate"), "o"));
    }

    /// <summary>Every object of every ConfigGroup of a stack, with where it is declared.</summary>
    internal static IEnumerable<(ObjectValue Object, string Where)> Objects(string stack)
    {
        foreach (var resource in Stacks.Compile(stack).Graph.Resources.Where(r => r.Type == ConfigGroup))
        {
            var objs = Assert.IsType<ListValue>(resource.Properties["objs"]);
            for (var i = 0; i < objs.Items.Count; i++)
            {
                yield return (Assert.IsType<ObjectValue>(objs.Items[i]), $"{resource.Name} objs[{i}]");
            }
        }
    }
}
