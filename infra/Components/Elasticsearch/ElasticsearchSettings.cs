namespace Infra.Config;

/// <summary>The settings of Elasticsearch and its snapshots (controlplane): part of the one catalog, declared beside the component that reads them.</summary>
public static partial class SettingsCatalog
{
    public static readonly Setting<int> ElasticsearchNodes = Count("elasticsearchNodes",
        "Elasticsearch data nodes (all roles up to 6; above, 3 dedicated master nodes are added and these hold data only); at least 3 in production for a quorum and replica placement. Production's 6 are two per zone: 200Gi volumes hold the default retention, and a lost node holds a sixth of the data. The capacity model (docs/sizing.md) refuses fewer than the declared log volume and the shards need.", 6, 1, 1000, SettingScope.ControlplaneOnly);

    public static readonly Setting<string> ElasticsearchStorageSize = Quantity("elasticsearchStorageSize",
        "Persistent volume size per Elasticsearch node. An existing cluster keeps the size it was created with (ECK refuses to shrink a volume claim template): set it in the stack file.", "200Gi", "50Gi", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> EksOidcProviderArn = Text("eksOidcProviderArn",
        "ARN of the controlplane EKS cluster's IAM OIDC provider; the Elasticsearch service account assumes the snapshot role through it (IRSA).",
        c => c.Role == StackRole.Controlplane ? null : string.Empty, "none (required on the controlplane)", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE",
        v => OidcArnPattern().IsMatch(v) ? null : "must be an IAM OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/<issuer>)", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> ElasticsearchCpu = Cpu("elasticsearchCpu",
        "CPU request of each Elasticsearch node.", "1", "500m", SettingScope.ControlplaneOnly);

    public static readonly Setting<string> ElasticsearchMemory = Quantity("elasticsearchMemory",
        "Memory request and limit of each Elasticsearch node (the JVM heap is half of it).", "4Gi", "2Gi", SettingScope.ControlplaneOnly);

    public static readonly Setting<int> LogRolloverDays = Count("logRolloverDays",
        "Days after which each log data stream rolls over to a new backing index (or earlier at 50 GB per primary shard). Fewer, larger indices keep the cluster within its shard limit (elasticsearchNodes x 1000, checked at compile time for the environments' retention); an index is deleted logRetentionDays after its rollover, so logs stay up to this many days longer than their retention.",
        7, 7, 90, SettingScope.ControlplaneOnly);
}
