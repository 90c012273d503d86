using Infra.Config;

namespace Infra.Components;

/// <summary>What Elasticsearch reads of the stack's settings, bound once (<see cref="Bind"/>).</summary>
/// <param name="Nodes">Data nodes (from three on, dedicated masters join them).</param>
/// <param name="Zones">The zones the nodes spread over.</param>
/// <param name="Cpu">Each data node's CPU request.</param>
/// <param name="Memory">Each data node's memory request and limit.</param>
/// <param name="StorageSize">Each data node's volume.</param>
/// <param name="Rules">What Elasticsearch's alert rules read.</param>
/// <param name="Sizing">The settings the exporter's series estimate (<see cref="ElasticsearchExporterSeries.For"/>: nodes, retention, rollover, the sample limit, with the environments' facts known only at build) and the volume claim templates (storage class) read.</param>
public sealed record ElasticsearchArgs(
    int Nodes,
    int Zones,
    string Cpu,
    string Memory,
    string StorageSize,
    RuleContext Rules,
    StackSettings Sizing)
{
    public static ElasticsearchArgs Bind(StackSettings settings) => new(
        settings.Get(SettingsCatalog.ElasticsearchNodes),
        settings.Get(SettingsCatalog.ElasticsearchZones),
        settings.Get(SettingsCatalog.ElasticsearchCpu),
        settings.Get(SettingsCatalog.ElasticsearchMemory),
        settings.Get(SettingsCatalog.ElasticsearchStorageSize),
        new RuleContext(settings),
        settings);
}
