using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Infra.Yaml;

/// <summary>
/// Writes <see cref="Value"/> trees as YAML through YamlDotNet's emitter: block style, key order as
/// given, strings quoted whenever a plain scalar would read back as another type, multi-line text as
/// literal blocks. Output is deterministic.
/// </summary>
public sealed partial class YamlWriter
{
    private readonly IEmitter _emitter;
    private readonly YamlMode _mode;

    private YamlWriter(IEmitter emitter, YamlMode mode)
    {
        _emitter = emitter;
        _mode = mode;
    }

    public static string Write(Value value, YamlMode mode)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, "\n"));
        var writer = new YamlWriter(emitter, mode);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        writer.WriteValue(value);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    /// <summary>Escapes a literal for Pulumi YAML interpolation: every <c>$</c> becomes <c>$$</c>.</summary>
    public static string EscapeForPulumi(string text) => text.Replace("$", "$$", StringComparison.Ordinal);

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

    private string Literal(string text) => _mode == YamlMode.PulumiProgram ? EscapeForPulumi(text) : text;

    private void WritePlain(string text) => _emitter.Emit(new Scalar(null, null, text, ScalarStyle.Plain, true, false));

    private void WriteString(string text)
    {
        ScalarStyle style;
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            style = ScalarStyle.Literal;
        }
        else if (NeedsQuotes(text))
        {
            style = ScalarStyle.DoubleQuoted;
        }
        else
        {
            style = ScalarStyle.Any;
        }

        _emitter.Emit(new Scalar(null, null, text, style, true, true));
    }

    /// <summary>
    /// True when a plain scalar could be read as something other than this string by a YAML 1.1 or
    /// 1.2 reader (booleans like 'yes', numbers, dates, null).
    /// </summary>
    internal static bool NeedsQuotes(string text) =>
        text.Length == 0 || Ambiguous().IsMatch(text) || char.IsAsciiDigit(text[0]) ||
        (text.Length > 1 && text[0] is '-' or '+' or '.' && (char.IsAsciiDigit(text[1]) || text[1] == '.'));

    [GeneratedRegex("^(?i:y|n|yes|no|on|off|true|false|null|~|\\.inf|-\\.inf|\\+\\.inf|\\.nan)$")]
    private static partial Regex Ambiguous();
}
