using System.Globalization;
using Infra.Model;
using Infra.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Infra.Tests.Support;

/// <summary>
/// The YAML writer as it was before infra/Yaml/YamlWriter.cs reproduced YamlDotNet's layout itself:
/// the same value walk, written through YamlDotNet's emitter. YamlWriterEquivalenceTests holds the
/// two to the same bytes.
/// </summary>
public sealed class YamlDotNetReferenceWriter
{
    private readonly IEmitter _emitter;
    private readonly YamlMode _mode;

    private YamlDotNetReferenceWriter(IEmitter emitter, YamlMode mode)
    {
        _emitter = emitter;
        _mode = mode;
    }

    public static string Write(Value value, YamlMode mode)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, "\n"));
        var writer = new YamlDotNetReferenceWriter(emitter, mode);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        writer.WriteValue(value);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private void WriteValue(Value value)
    {
        switch (value)
        {
            case ObjectValue obj:
                _emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
                foreach (var (key, child) in obj.Entries)
                {
                    WriteString(Literal(key));
                    WriteValue(child);
                }

                _emitter.Emit(new MappingEnd());
                break;
            case ListValue list:
                _emitter.Emit(new SequenceStart(null, null, true, list.Items.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in list.Items)
                {
                    WriteValue(item);
                }

                _emitter.Emit(new SequenceEnd());
                break;
            case StringValue s:
                WriteString(Literal(s.Text));
                break;
            case NumberValue n:
                WritePlain(n.Number.ToString(CultureInfo.InvariantCulture));
                break;
            case BoolValue b:
                WritePlain(b.Flag ? "true" : "false");
                break;
            case NullValue:
                WritePlain("null");
                break;
            case ReferenceValue r:
                WriteString($"${{{r.Expression}}}");
                break;
            case ConfigReferenceValue c:
                WriteString($"${{{c.Key}}}");
                break;
            case PulumiVariableValue v:
                WriteString($"${{{v.Expression}}}");
                break;
            case InterpolatedValue i:
                WriteString(string.Concat(i.Parts.Select(Interpolate)));
                break;
            case FunctionValue f when _mode == YamlMode.PulumiProgram:
                _emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
                WritePlain($"fn::{f.Name}");
                WriteValue(f.Argument);
                _emitter.Emit(new MappingEnd());
                break;
            case FunctionValue f:
                // In a rendered document a function shows as its argument (fn::secret) or a placeholder.
                WriteValue(f.Name == "secret" ? f.Argument : new StringValue($"<fn::{f.Name}>"));
                break;
            default:
                throw new InvalidOperationException($"cannot write {value.GetType().Name}");
        }
    }

    private string Interpolate(Value part) => part switch
    {
        StringValue s => Literal(s.Text),
        ReferenceValue r => $"${{{r.Expression}}}",
        ConfigReferenceValue c => $"${{{c.Key}}}",
        PulumiVariableValue v => $"${{{v.Expression}}}",
        _ => throw new InvalidOperationException($"cannot interpolate {part.GetType().Name}"),
    };

    private string Literal(string text) => _mode == YamlMode.PulumiProgram ? YamlWriter.EscapeForPulumi(text) : text;

    private void WritePlain(string text) => _emitter.Emit(new Scalar(null, null, text, ScalarStyle.Plain, true, false));

    private void WriteString(string text)
    {
        ScalarStyle style;
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            style = ScalarStyle.Literal;
        }
        else if (YamlWriter.NeedsQuotes(text))
        {
            style = ScalarStyle.DoubleQuoted;
        }
        else
        {
            style = ScalarStyle.Any;
        }

        _emitter.Emit(new Scalar(null, null, text, style, true, true));
    }
}
