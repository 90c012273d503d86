using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Conformance;

/// <summary>
/// kube-prometheus-stack passes parts of <c>prometheusSpec</c> and <c>alertmanagerSpec</c> into the
/// Prometheus and Alertmanager custom resources it renders; those parts of every stack's values are
/// validated against the CRDs in ../shared/crds. Every key the program sets there is either such a
/// field or listed as interpreted by the chart itself.
/// </summary>
public sealed class ChartCustomResourceConformanceTests
{
    private const string Chart = "kube-prometheus-stack";
    private const string Monitoring = "monitoring.coreos.com/v1";

    /// <summary>Values the chart renders with toYaml (or tpl) as the custom resource's field.</summary>
    public static readonly IReadOnlyList<ChartCustomResourceField> PassedThrough =
    [
        new(Chart, "prometheus.prometheusSpec.resources", Monitoring, "Prometheus", "resources"),
        new(Chart, "prometheus.prometheusSpec.replicas", Monitoring, "Prometheus", "replicas"),
        new(Chart, "prometheus.prometheusSpec.retention", Monitoring, "Prometheus", "retention"),
        new(Chart, "prometheus.prometheusSpec.retentionSize", Monitoring, "Prometheus", "retentionSize"),
        new(Chart, "prometheus.prometheusSpec.query", Monitoring, "Prometheus", "query"),
        new(Chart, "prometheus.prometheusSpec.externalLabels", Monitoring, "Prometheus", "externalLabels"),
        new(Chart, "prometheus.prometheusSpec.secrets", Monitoring, "Prometheus", "secrets"),
        new(Chart, "prometheus.prometheusSpec.containers", Monitoring, "Prometheus", "containers"),
        new(Chart, "prometheus.prometheusSpec.storageSpec", Monitoring, "Prometheus", "storage"),
        new(Chart, "prometheus.prometheusSpec.topologySpreadConstraints", Monitoring, "Prometheus", "topologySpreadConstraints"),
        new(Chart, "prometheus.prometheusSpec.serviceMonitorNamespaceSelector", Monitoring, "Prometheus", "serviceMonitorNamespaceSelector"),
        new(Chart, "prometheus.prometheusSpec.podMonitorNamespaceSelector", Monitoring, "Prometheus", "podMonitorNamespaceSelector"),
        new(Chart, "prometheus.prometheusSpec.probeNamespaceSelector", Monitoring, "Prometheus", "probeNamespaceSelector"),
        new(Chart, "prometheus.prometheusSpec.scrapeConfigNamespaceSelector", Monitoring, "Prometheus", "scrapeConfigNamespaceSelector"),
        new(Chart, "prometheus.prometheusSpec.ruleNamespaceSelector", Monitoring, "Prometheus", "ruleNamespaceSelector"),
        new(Chart, "prometheus.prometheusSpec.enforcedNamespaceLabel", Monitoring, "Prometheus", "enforcedNamespaceLabel"),
        new(Chart, "prometheus.prometheusSpec.excludedFromEnforcement", Monitoring, "Prometheus", "excludedFromEnforcement"),
        new(Chart, "prometheus.prometheusSpec.enforcedSampleLimit", Monitoring, "Prometheus", "enforcedSampleLimit"),
        new(Chart, "prometheus.prometheusSpec.enforcedTargetLimit", Monitoring, "Prometheus", "enforcedTargetLimit"),
        new(Chart, "prometheus.prometheusSpec.enforcedLabelLimit", Monitoring, "Prometheus", "enforcedLabelLimit"),
        new(Chart, "prometheus.prometheusSpec.enforcedLabelNameLengthLimit", Monitoring, "Prometheus", "enforcedLabelNameLengthLimit"),
        new(Chart, "prometheus.prometheusSpec.enforcedLabelValueLengthLimit", Monitoring, "Prometheus", "enforcedLabelValueLengthLimit"),
        new(Chart, "alertmanager.alertmanagerSpec.resources", Monitoring, "Alertmanager", "resources"),
        new(Chart, "alertmanager.alertmanagerSpec.replicas", Monitoring, "Alertmanager", "replicas"),
        new(Chart, "alertmanager.alertmanagerSpec.secrets", Monitoring, "Alertmanager", "secrets"),
        new(Chart, "alertmanager.alertmanagerSpec.storage", Monitoring, "Alertmanager", "storage"),
        new(Chart, "alertmanager.alertmanagerSpec.topologySpreadConstraints", Monitoring, "Alertmanager", "topologySpreadConstraints"),
        new(Chart, "alertmanager.alertmanagerSpec.alertmanagerConfigNamespaceSelector", Monitoring, "Alertmanager", "alertmanagerConfigNamespaceSelector"),
        new(Chart, "alertmanager.alertmanagerSpec.automountServiceAccountToken", Monitoring, "Alertmanager", "automountServiceAccountToken"),
    ];

    /// <summary>Keys under prometheusSpec/alertmanagerSpec that the chart turns into something else, and what.</summary>
    public static readonly IReadOnlyDictionary<string, string> InterpretedByTheChart = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["prometheus.prometheusSpec.podAntiAffinity"] = "\"soft\"/\"hard\": the chart builds spec.affinity from it",
        ["alertmanager.alertmanagerSpec.podAntiAffinity"] = "\"soft\"/\"hard\": the chart builds spec.affinity from it",
        ["prometheus.prometheusSpec.additionalScrapeConfigs"] = "written into a Secret that spec.additionalScrapeConfigs selects (../shared/docs/charts-facts.md §2)",
        ["prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues"] = "chooses the chart's selector logic (../shared/docs/charts-facts.md §2, Selectors)",
        ["prometheus.prometheusSpec.podMonitorSelectorNilUsesHelmValues"] = "chooses the chart's selector logic",
        ["prometheus.prometheusSpec.ruleSelectorNilUsesHelmValues"] = "chooses the chart's selector logic",
        ["prometheus.prometheusSpec.probeSelectorNilUsesHelmValues"] = "chooses the chart's selector logic",
        ["prometheus.prometheusSpec.scrapeConfigSelectorNilUsesHelmValues"] = "chooses the chart's selector logic",
        ["prometheus.prometheusSpec.additionalAlertRelabelConfigs"] = "written into a Secret that spec.additionalAlertRelabelConfigs selects (the teams' alert relabelings)",
    };

    [SharedTheory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void ValuesPassedIntoCustomResourcesValidateAgainstTheCrd(string stack)
    {
        var errors = new List<string>();
        foreach (var (release, pin, values) in ChartValuesConformanceTests.Releases(stack).Where(r => r.Pin.Name == Chart))
        {
            errors.AddRange(Check(values).Select(e => $"{release.Name}: {e}"));
            foreach (var spec in new[] { "prometheus.prometheusSpec", "alertmanager.alertmanagerSpec" })
            {
                var keys = (values.At(spec) as ObjectValue)?.Entries.Select(e => $"{spec}.{e.Key}") ?? [];
                errors.AddRange(keys
                    .Where(k => !PassedThrough.Any(f => f.ValuesPath == k) && !InterpretedByTheChart.ContainsKey(k))
                    .Select(k => $"{release.Name}: {k}: neither a field passed into the custom resource nor listed as interpreted by the chart"));
            }
        }

        PulumiSchemaConformanceTests.AssertNone(errors, $"stack '{stack}' kube-prometheus-stack custom resource values");
    }

    [SharedFact]
    public void AWrongFieldInAPassedThroughValueIsReportedWithItsPath()
    {
        var values = ObjectValue.Of(("prometheus", ObjectValue.Of(("prometheusSpec", ObjectValue.Of(
            ("retention", "15 days"),
            ("storageSpec", ObjectValue.Of(("volumeClaimTemplate", ObjectValue.Of(("spec", ObjectValue.Of(("storageClass", "gp3"))))))))))));
        Assert.Equal(
            [
                "prometheus.prometheusSpec.retention (Prometheus spec.retention): $: '15 days' does not match the pattern ^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$",
                "prometheus.prometheusSpec.storageSpec (Prometheus spec.storage): $.volumeClaimTemplate.spec.storageClass: unknown field (the schema does not declare it, so the API server would prune it)",
            ],
            Check(values));
    }

    private static IEnumerable<string> Check(ObjectValue values)
    {
        var validator = new OpenApiSchemaValidator();
        foreach (var field in PassedThrough.Where(f => values.At(f.ValuesPath) is not null))
        {
            var schema = CrdCatalog.Shared.Schema(field.ApiVersion, field.Kind, out var problem) ?? throw new InvalidOperationException(problem);
            var fieldSchema = Assert.IsType<ObjectValue>(schema.At($"properties.spec.properties.{field.SpecField}"));
            foreach (var error in validator.Validate(fieldSchema, values.At(field.ValuesPath)!, "$"))
            {
                yield return $"{field.ValuesPath} ({field.Kind} spec.{field.SpecField}): {error}";
            }
        }
    }
}
