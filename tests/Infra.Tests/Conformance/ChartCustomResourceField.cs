namespace Infra.Tests.Conformance;

/// <summary>
/// A chart value that the chart copies into a field of a custom resource it renders (for example
/// kube-prometheus-stack's <c>prometheus.prometheusSpec.storageSpec</c> into <c>Prometheus.spec.storage</c>),
/// so it can be validated against that field's schema in the CRD.
/// </summary>
public sealed record ChartCustomResourceField(string Chart, string ValuesPath, string ApiVersion, string Kind, string SpecField);
