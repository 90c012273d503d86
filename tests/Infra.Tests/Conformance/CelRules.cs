using Infra.Model;

namespace Infra.Tests.Conformance;

/// <summary>
/// Hand translations of the CEL rules (<c>x-kubernetes-validations</c>) of the CRDs the program uses,
/// keyed by the rule text exactly as the CRD writes it. A rule not listed here is reported as not
/// evaluated rather than guessed. A field known only at deploy time makes a rule pass.
/// </summary>
public static class CelRules
{
    public static readonly IReadOnlyDictionary<string, Func<ObjectValue, bool>> Known = new Dictionary<string, Func<ObjectValue, bool>>(StringComparer.Ordinal)
    {
        // Strimzi Kafka spec.kafka.rack
        ["(has(self.type) && self.type != \"topology-label\") || self.topologyKey != \"\""] =
            self => (Has(self, "type") && Text(self, "type") != "topology-label") || Text(self, "topologyKey") != string.Empty,
        ["has(self.type) == false || self.type != \"environment-variable\" || self.envVarName != \"\""] =
            self => !Has(self, "type") || Text(self, "type") != "environment-variable" || Text(self, "envVarName") != string.Empty,

        // Strimzi Kafka spec.kafka.metricsConfig and spec.cruiseControl.metricsConfig
        ["self.type != 'jmxPrometheusExporter' || has(self.valueFrom)"] =
            self => Text(self, "type") != "jmxPrometheusExporter" || Has(self, "valueFrom"),
        ["self.type != 'strimziMetricsReporter'"] =
            self => Text(self, "type") != "strimziMetricsReporter",

        // Strimzi KafkaUser spec.authentication
        ["self.type == 'tls' || (!has(self.validityDays) && !has(self.renewalDays))"] =
            self => Text(self, "type") == "tls" || (!Has(self, "validityDays") && !Has(self, "renewalDays")),
        ["self.type != 'tls' || (has(self.renewalDays) == has(self.validityDays))"] =
            self => Text(self, "type") != "tls" || Has(self, "renewalDays") == Has(self, "validityDays"),
        ["self.type != 'tls' || !has(self.renewalDays) || !has(self.validityDays) || self.renewalDays < self.validityDays"] =
            self => Text(self, "type") != "tls" || !Has(self, "renewalDays") || !Has(self, "validityDays")
                || self["renewalDays"] is not NumberValue renewal || self["validityDays"] is not NumberValue validity || renewal.Number < validity.Number,
    };

    private static bool Has(ObjectValue self, string field) => self[field] is not (null or NullValue);

    /// <summary>
    /// A string field, "" when absent. (CEL fails on an absent field; the rules above only read fields
    /// their schemas require or compare against "", so the difference does not arise.) The validator
    /// evaluates rules only on objects whose fields are all literals.
    /// </summary>
    private static string Text(ObjectValue self, string field) => self[field] is StringValue s ? s.Text : string.Empty;
}
