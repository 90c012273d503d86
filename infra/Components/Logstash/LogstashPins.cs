namespace Infra.Model;

/// <summary>The versions Logstash deploys (chart and images): part of <see cref="Pins"/>, declared beside the component.</summary>
public static partial class Pins
{
    /// <summary>Prometheus exporter run beside Logstash (reads its monitoring API on localhost:9600).</summary>
    public const string LogstashExporterImage = "ghcr.io/kuskoman/logstash-exporter:v1.9.1";
}
