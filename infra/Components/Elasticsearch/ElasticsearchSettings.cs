namespace Infra.Config;

/// <summary>The settings of Elasticsearch and its snapshots (controlplane): part of the one catalog, declared beside the component that reads them.</summary>
public static partial class SettingsCatalog
{
    /// <summary>The most data nodes <see cref="ElasticsearchNodes"/> accepts (a what-if past it grows the volumes instead).</summary>
    public const int MaxElasticsearchNodes = 1000;

    public static readonly Setting<int> ElasticsearchNodes = Count("elasticsearchNodes",
        "Elasticsearch data nodes (all roles up to 6; above, 3 dedicated master nodes are added and these hold data only); at least 3 for a quorum and replica placement. A lost node holds 1/elasticsearchNodes of the data. The capacity model (docs/sizing.md) refuses fewer than the declared log volume (also after losing a node or a zone) and the shards need; a multiple of elasticsearchZones.", MaxElasticsearchNodes, SettingScope.ControlplaneOnly);

    public static readonly Setting<int> ElasticsearchZones = Count("elasticsearchZones",
        "Availability zones the controlplane's Elasticsearch data nodes spread over (the nodes carry the zone label topology.kubernetes.io/zone). elasticsearchNodes must be a multiple of it (the same count in every zone). The capacity model checks that after losing one zone (and one node) the surviving data nodes hold every copy again below the high disk watermark (docs/sizing.md, \"The capacity model\"). 1 checks the loss of one node only.", 6, SettingScope.ControlplaneOnly);

    public static readonly Setting<string> ElasticsearchStorageSize = Quantity("elasticsearchStorageSize",
        "Persistent volume size per Elasticsearch node. An existing cluster keeps the size it was created with (ECK refuses to shrink a volume claim template): set it in the stack file.", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> EksOidcProviderArn = Text("eksOidcProviderArn",
        "ARN of the controlplane EKS cluster's IAM OIDC provider; the Elasticsearch service account assumes the snapshot role through it (IRSA).",
        c => c.Role == StackRole.Controlplane ? null : string.Empty, "none (required on the controlplane)", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE",
        v => OidcArnPattern().IsMatch(v) ? null : "must be an IAM OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/<issuer>)", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> ElasticsearchCpu = Cpu("elasticsearchCpu",
        "CPU request of each Elasticsearch node.", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> ElasticsearchMemory = Quantity("elasticsearchMemory",
        "Memory request and limit of each Elasticsearch node (the JVM heap is half of it).", SettingScope.ControlplaneOnly);

    public static readonly Setting<int> LogRolloverDays = Count("logRolloverDays",
        "Days after which each log data stream rolls over to a new backing index (or earlier at 50 GB per primary shard). Fewer, larger indices keep the cluster within its shard limit (elasticsearchNodes x 1000, checked at compile time for the environments' retention); an index is deleted logRetentionDays after its rollover, so logs stay up to this many days longer than their retention.", 90, SettingScope.ControlplaneOnly);

    /// <summary>The settings of the Elasticsearch product (ElasticsearchProduct), in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> OfElasticsearch => [ElasticsearchNodes, ElasticsearchZones, ElasticsearchStorageSize, EksOidcProviderArn, ElasticsearchCpu, ElasticsearchMemory, LogRolloverDays];
}
