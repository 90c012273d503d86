namespace Infra.Components;

/// <summary>Where a dashboard's panels read their data, which decides its template variables.</summary>
public enum DashboardSource
{
    /// <summary>Federated aggregates on the controlplane Prometheus, filtered by an environment variable.</summary>
    Federated,

    /// <summary>One cluster's raw series: a datasource variable picks an environment's Prometheus (through its gateway) or the controlplane's.</summary>
    PerEnvironment,

    /// <summary>Raw series of products that run on the controlplane only (Elasticsearch, Logstash), on its own Prometheus.</summary>
    Controlplane,
}
