using System.Globalization;
using System.Text;
using System.Text.Json;
using Infra.Model;

namespace Infra.Footprint;

/// <summary>
/// The footprint as JSON with a fixed key order: CPU in cores, memory and storage in bytes, exact
/// decimals; a value the manifest does not set is <c>null</c>, and sums carry a <c>notSet</c> count.
/// </summary>
public static class FootprintJson
{
    public static string Render(FootprintReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteString("stack", report.Stack);
            json.WriteString("role", report.Role);
            json.WriteString("profile", report.Profile);
            json.WriteStartObject("units");
            json.WriteString("cpu", "cores");
            json.WriteString("memory", "bytes");
            json.WriteString("storage", "bytes");
            json.WriteEndObject();
            json.WriteStartObject("assumptions");
            json.WriteNumber("nodes", report.Options.Nodes);
            json.WriteEndObject();

            json.WriteStartArray("components");
            foreach (var component in report.Components)
            {
                json.WriteStartObject();
                json.WriteString("name", component);
                json.WriteStartArray("workloads");
                foreach (var workload in report.Of(component))
                {
                    Workload(json, workload, report.Options.Nodes);
                }

                json.WriteEndArray();
                Totals(json, "subtotal", report.Subtotal(component));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            Totals(json, "total", report.Total);

            json.WriteStartArray("retention");
            foreach (var estimate in report.Retention)
            {
                json.WriteStartObject();
                json.WriteString("component", estimate.Component);
                json.WriteString("subject", estimate.Subject);
                json.WriteString("formula", estimate.Formula);
                Number(json, "bytes", estimate.Bytes);
                Number(json, "provisionedBytes", estimate.ProvisionedBytes);
                Number(json, "usableBytes", estimate.UsableBytes);
                json.WriteString("provisioned", estimate.Provisioned);
                if (estimate.Fits is { } fits)
                {
                    json.WriteBoolean("fits", fits);
                }
                else
                {
                    json.WriteNull("fits");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Workload(Utf8JsonWriter json, WorkloadFootprint workload, int nodes)
    {
        json.WriteStartObject();
        json.WriteString("name", workload.Name);
        json.WriteString("kind", workload.Kind);
        if (workload.Replicas is { } replicas)
        {
            json.WriteNumber("replicas", replicas);
        }
        else
        {
            json.WriteNull("replicas");
        }

        json.WriteBoolean("perNode", workload.PerNode);
        json.WriteNumber("pods", workload.Pods(nodes));
        json.WriteStartArray("containers");
        foreach (var container in workload.Containers)
        {
            json.WriteStartObject();
            json.WriteString("name", container.Name);
            Number(json, "cpuRequest", container.CpuRequest);
            Number(json, "cpuLimit", container.CpuLimit);
            Number(json, "memoryRequest", container.MemoryRequest);
            Number(json, "memoryLimit", container.MemoryLimit);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("volumes");
        foreach (var volume in workload.Volumes)
        {
            json.WriteStartObject();
            json.WriteString("name", volume.Name);
            Number(json, "bytes", volume.Bytes);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        Number(json, "storagePerPod", workload.StorageBytesPerPod);
        json.WriteEndObject();
    }

    private static void Totals(Utf8JsonWriter json, string name, FootprintTotals totals)
    {
        json.WriteStartObject(name);
        json.WriteNumber("pods", totals.Pods);
        Sum(json, "cpuRequest", totals.CpuRequest);
        Sum(json, "cpuLimit", totals.CpuLimit);
        Sum(json, "memoryRequest", totals.MemoryRequest);
        Sum(json, "memoryLimit", totals.MemoryLimit);
        Number(json, "storage", totals.StorageBytes);
        json.WriteEndObject();
    }

    private static void Sum(Utf8JsonWriter json, string name, ResourceSum sum)
    {
        json.WriteStartObject(name);
        Number(json, "sum", sum.Amount);
        json.WriteNumber("notSet", sum.NotSet);
        json.WriteEndObject();
    }

    /// <summary>An exact decimal without trailing zeros (0.210 → 0.21), or null.</summary>
    private static void Number(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } v)
        {
            json.WritePropertyName(name);
            json.WriteRawValue(v.ToString("G29", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
