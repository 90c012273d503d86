namespace Infra.Tests.Conformance;

/// <summary>
/// A values key path of a chart that the key check treats specially, with the reason. <see cref="Path"/>
/// is dotted from the release's values root (subchart keys start with the subchart's alias).
/// </summary>
public sealed record ChartKeyException(string Chart, string Path, string Reason)
{
    /// <summary>The last key of the path: what a commented-out line in values.yaml names.</summary>
    public string Leaf => Path[(Path.LastIndexOf('.') + 1)..];
}
