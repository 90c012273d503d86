using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Kibana's availability (owned by <see cref="Kibana"/>). Kibana has no Prometheus endpoint, so the
/// alert reads the Deployment ECK makes for it (&lt;name&gt;-kb) through kube-state-metrics.
/// </summary>
public static class KibanaRules
{
    public static RuleGroup Group(string deployment)
    {
        var available = $"kube_deployment_status_replicas_available{{job=\"kube-state-metrics\",namespace=\"{Namespaces.Elastic}\",deployment=\"{deployment}\",{RuleContext.LocalSeries}}}";
        return new("kibana", [
            new("KibanaDown",
                // No available replica, or no such Deployment while kube-state-metrics reports others (when it
                // reports none, it is kube-state-metrics that is down, not Kibana).
                $"{available} == 0 or (absent({available}) and on () count(kube_deployment_status_replicas_available{{job=\"kube-state-metrics\",namespace=\"{Namespaces.Monitoring}\",{RuleContext.LocalSeries}}}) > 0)",
                "10m", Severity.Warning,
                "Kibana is down.",
                $"Deployment {Namespaces.Elastic}/{deployment} has had no available replica for 10 minutes (or does not exist): nobody can search the logs. They are still collected and stored.",
                $"kubectl -n {Namespaces.Elastic} get kibana,deployment/{deployment},pods -l kibana.k8s.elastic.co/name; describe the pods (readiness, Elasticsearch connection) and read the ECK operator log if the Deployment is missing."),
        ]);
    }
}
