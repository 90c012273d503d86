namespace Infra.Tests.Layering;

/// <summary>One layer using another, with the first pair of types (origin, target) found that makes the edge, for the message.</summary>
public sealed record LayerDependency(string From, string To, string OriginType, string TargetType)
{
    public override string ToString() => $"{From} -> {To} ({OriginType} uses {TargetType})";
}
