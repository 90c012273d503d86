using System.Globalization;
using System.Text;
using System.Text.Json;
using Infra.Model;

namespace Infra.Yaml;

/// <summary>Literal value trees as compact JSON (structured stack config, Grafana dashboards).</summary>
public static class JsonText
{
    public static string Of(Value value, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, value);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, Value value)
    {
        switch (value)
        {
            case ObjectValue obj:
                writer.WriteStartObject();
                foreach (var (key, child) in obj.Entries)
                {
                    writer.WritePropertyName(key);
                    Write(writer, child);
                }

                writer.WriteEndObject();
                break;
            case ListValue list:
                writer.WriteStartArray();
                foreach (var item in list.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case StringValue s:
                writer.WriteStringValue(s.Text);
                break;
            case NumberValue n:
                writer.WriteRawValue(n.Number.ToString(CultureInfo.InvariantCulture));
                break;
            case BoolValue b:
                writer.WriteBooleanValue(b.Flag);
                break;
            case NullValue:
                writer.WriteNullValue();
                break;
            default:
                throw new ArgumentException($"{value.GetType().Name} cannot be written as JSON", nameof(value));
        }
    }
}
