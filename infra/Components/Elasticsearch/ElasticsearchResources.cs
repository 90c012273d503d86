using Infra.Model;

namespace Infra.Components;

/// <summary>What Kibana, the setup Job, Logstash and Grafana need of the logs Elasticsearch (returned by <see cref="Elasticsearch.Build"/>).</summary>
/// <param name="Cluster">The Elasticsearch resource (ECK) and its users: its clients start after it.</param>
/// <param name="IngestService">The data nodes' Service (<see cref="Elasticsearch.IngestServiceName"/>) Logstash writes through.</param>
/// <param name="Snapshots">The snapshot bucket and the service account that writes to it.</param>
public sealed record ElasticsearchResources(Resource Cluster, Resource IngestService, SnapshotStorage Snapshots);
