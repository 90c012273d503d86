using Infra.Config;

namespace Infra.Components;

/// <summary>What Fluent Bit reads of the stack's settings, bound once (<see cref="Bind"/>).</summary>
/// <param name="Stack">The stack's name (in the fixes its problems print).</param>
/// <param name="Cluster">The cluster label each record gets.</param>
/// <param name="Environment">The environment label each record gets.</param>
/// <param name="MaxLineSize">fluentBitMaxLineSize as set (decimal units).</param>
/// <param name="MultilineBufferLimit">fluentBitMultilineBufferLimit as set; empty: the line maximum.</param>
/// <param name="BufferLimit">fluentBitBufferLimit: the node buffer's size.</param>
/// <param name="BufferDiskSize">fluentBitBufferDiskSize: the filesystem the node buffer lives on.</param>
/// <param name="MaxLineBytes">The line maximum in bytes (<see cref="FluentBit.MaxLineBytes"/>).</param>
/// <param name="MessageMaxBytes">The Kafka record limit (<see cref="FluentBit.MessageMaxBytes"/>).</param>
/// <param name="QueueKBytes">librdkafka's queue (<see cref="FluentBit.QueueKBytes"/>).</param>
/// <param name="MemoryBudgetBytes">The memory the pipeline may take (<see cref="FluentBit.MemoryBudgetBytes"/>).</param>
/// <param name="MultilineLimit">The multiline buffer limit Fluent Bit gets (<see cref="FluentBit.MultilineLimit"/>).</param>
/// <param name="LineMaximumAsMultilineLimit">The line maximum in binary K (<see cref="FluentBit.LineMaximumAsMultilineLimit"/>).</param>
/// <param name="Rules">What Fluent Bit's alert rules read.</param>
public sealed record FluentBitArgs(
    string Stack,
    string Cluster,
    string Environment,
    string MaxLineSize,
    string MultilineBufferLimit,
    string BufferLimit,
    string BufferDiskSize,
    long MaxLineBytes,
    long MessageMaxBytes,
    long QueueKBytes,
    long MemoryBudgetBytes,
    string MultilineLimit,
    string LineMaximumAsMultilineLimit,
    RuleContext Rules)
{
    public static FluentBitArgs Bind(StackSettings settings) => new(
        settings.Stack,
        settings.Cluster,
        settings.Environment,
        settings.Get(SettingsCatalog.FluentBitMaxLineSize),
        settings.Get(SettingsCatalog.FluentBitMultilineBufferLimit),
        settings.Get(SettingsCatalog.FluentBitBufferLimit),
        settings.Get(SettingsCatalog.FluentBitBufferDiskSize),
        FluentBit.MaxLineBytes(settings),
        FluentBit.MessageMaxBytes(settings),
        FluentBit.QueueKBytes(settings),
        FluentBit.MemoryBudgetBytes(settings),
        FluentBit.MultilineLimit(settings),
        FluentBit.LineMaximumAsMultilineLimit(settings),
        new RuleContext(settings));
}
