namespace Infra.Footprint;

/// <summary>Assumptions the model cannot know: the cluster's node count and the daily log volume.</summary>
public sealed record FootprintOptions(int Nodes, decimal DailyLogGiB)
{
    /// <summary>DaemonSets run one pod per node; 3 is the smallest cluster with zone redundancy.</summary>
    public const int DefaultNodes = 3;

    /// <summary>Indexed (on-disk) log volume per day reaching Elasticsearch, all environments together, in GiB.</summary>
    public const decimal DefaultDailyLogGiB = 10m;

    public static FootprintOptions Default { get; } = new(DefaultNodes, DefaultDailyLogGiB);
}
