namespace Infra.Footprint;

/// <summary>
/// What the model cannot know: the cluster's node count. The log volume is not an assumption of the
/// report: every stack declares its own (<c>logVolumePerDay</c>, the capacity model <see cref="Components.LogCapacity"/>).
/// </summary>
public sealed record FootprintOptions(int Nodes)
{
    /// <summary>DaemonSets run one pod per node; 3 is the smallest cluster with zone redundancy.</summary>
    public const int DefaultNodes = 3;

    public static FootprintOptions Default { get; } = new(DefaultNodes);
}
