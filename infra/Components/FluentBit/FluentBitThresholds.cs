namespace Infra.Config;

/// <summary>The alert thresholds of FluentBit's rules: part of the one list, declared beside the rules that use them.</summary>
public static partial class Thresholds
{
    public static readonly Threshold FluentBitBufferFreePercent = new("fluentBitBufferFreePercent", 20, 10, "%", 0, 100, "Fluent Bit output buffer capacity left below this (backlog while Kafka is unreachable).");
    public static readonly Threshold FluentBitBufferFreeCriticalPercent = new("fluentBitBufferFreeCriticalPercent", 5, 5, "%", 0, 100, "Fluent Bit output buffer capacity left below this (critical: records are dropped when it is full).");

    /// <summary>The alert thresholds of the FluentBit product (FluentBitProduct), in documentation order.</summary>
    public static IReadOnlyList<Threshold> OfFluentBit => [FluentBitBufferFreePercent, FluentBitBufferFreeCriticalPercent];
}
