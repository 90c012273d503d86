using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Infra.Model;

namespace Infra.Yaml;

/// <summary>
/// Writes <see cref="Value"/> trees as YAML: block style, key order as given, strings quoted whenever a
/// plain scalar would read back as another type, multi-line text as literal blocks. Output is
/// deterministic.
/// </summary>
/// <remarks>
/// The layout and scalar-style rules are those of YamlDotNet's emitter (2-space indent, sequences not
/// indented under their key, no line folding), which wrote this output before; they are reproduced here
/// for the node kinds a <see cref="Value"/> has, because the emitter's per-character analysis was most
/// of a compile at hundreds of environments (docs/performance.md). YamlWriterEquivalenceTests compares
/// the two on every stack's program and on awkward strings.
/// </remarks>
public sealed partial class YamlWriter
{
    private const int Indent = 2;

    /// <summary>Keys longer than this are written as complex keys (<c>? key</c>), as YamlDotNet does.</summary>
    private const int MaxSimpleKeyLength = 1024;

    /// <summary>When writing to a <see cref="TextWriter"/>: how much text is kept before it is passed on.</summary>
    private const int SinkThreshold = 1 << 15;

    private readonly StringBuilder _out;
    private readonly TextWriter? _sink;
    private readonly YamlMode _mode;
    private readonly Stack<int> _indents = new();
    private int _indent = -1;
    private int _column;
    private bool _isWhitespace = true;
    private bool _isIndentation = true;
    private bool _isMappingContext;
    private bool _isSimpleKeyContext;

    private YamlWriter(StringBuilder output, TextWriter? sink, YamlMode mode)
    {
        _out = output;
        _sink = sink;
        _mode = mode;
    }

    public static string Write(Value value, YamlMode mode) => Write(value, mode, header: string.Empty);

    /// <summary>The document after <paramref name="header"/> (a comment), in one string without copying either.</summary>
    public static string Write(Value value, YamlMode mode, string header)
    {
        var writer = new YamlWriter(new StringBuilder(header, 4096), null, mode);
        writer.WriteDocument(value);
        return writer._out.ToString();
    }

    /// <summary>
    /// The same text, passed on to <paramref name="output"/> as it is written: a program of megabytes is
    /// then never held as one string (at 500 environments that string and its builder were 18 MB of the
    /// compile's allocations).
    /// </summary>
    public static void Write(Value value, YamlMode mode, string header, TextWriter output)
    {
        var writer = new YamlWriter(new StringBuilder(header, SinkThreshold * 2), output, mode);
        writer.WriteDocument(value);
        writer.PassOn();
    }

    private void PassOn()
    {
        _sink?.Write(_out);
        _out.Clear();
    }

    /// <summary>Escapes a literal for Pulumi YAML interpolation: every <c>$</c> becomes <c>$$</c>.</summary>
    public static string EscapeForPulumi(string text) => text.Replace("$", "$$", StringComparison.Ordinal);

    /// <summary>
    /// True when a plain scalar could be read as something other than this string by a YAML 1.1 or
    /// 1.2 reader (booleans like 'yes', numbers, dates, null).
    /// </summary>
    internal static bool NeedsQuotes(string text) =>
        text.Length == 0 || Ambiguous().IsMatch(text) || char.IsAsciiDigit(text[0]) ||
        (text.Length > 1 && text[0] is '-' or '+' or '.' && (char.IsAsciiDigit(text[1]) || text[1] == '.'));

    [GeneratedRegex("^(?i:y|n|yes|no|on|off|true|false|null|~|\\.inf|-\\.inf|\\+\\.inf|\\.nan)$")]
    private static partial Regex Ambiguous();

    private void WriteDocument(Value root)
    {
        // An implicit document, unless it is one empty scalar (which would read as no document).
        if (Scalar(root) is { Text.Length: 0 })
        {
            WriteIndent();
            WriteIndicator("---", true, false, false);
        }

        WriteNode(root, isMapping: false, isSimpleKey: false);
        WriteIndent();
    }

    private void WriteNode(Value value, bool isMapping, bool isSimpleKey)
    {
        _isMappingContext = isMapping;
        _isSimpleKeyContext = isSimpleKey;
        switch (value)
        {
            case ObjectValue obj:
                WriteMapping(obj.Entries);
                break;
            case FunctionValue f when _mode == YamlMode.PulumiProgram:
                WriteMapping([new($"fn::{f.Name}", f.Argument)], plainKeys: true);
                break;
            case FunctionValue f:
                // In a rendered document a function shows as its argument (fn::secret) or a placeholder.
                WriteNode(f.Name == "secret" ? f.Argument : new StringValue($"<fn::{f.Name}>"), isMapping, isSimpleKey);
                break;
            case ListValue list:
                WriteSequence(list.Items);
                break;
            default:
                var (text, style) = Scalar(value) ?? throw new InvalidOperationException($"cannot write {value.GetType().Name}");
                WriteScalar(text, style, ScalarAnalysis.Of(text));
                break;
        }
    }

    /// <summary>The text and requested style of a scalar value; null for a mapping or sequence.</summary>
    private (string Text, YamlScalarStyle Style)? Scalar(Value value) => value switch
    {
        StringValue s => String(Literal(s.Text)),
        NumberValue n => (n.Number.ToString(CultureInfo.InvariantCulture), YamlScalarStyle.Plain),
        BoolValue b => (b.Flag ? "true" : "false", YamlScalarStyle.Plain),
        NullValue => ("null", YamlScalarStyle.Plain),
        ReferenceValue r => String($"${{{r.Expression}}}"),
        ConfigReferenceValue c => String($"${{{c.Key}}}"),
        PulumiVariableValue v => String($"${{{v.Expression}}}"),
        InterpolatedValue i => String(string.Concat(i.Parts.Select(Interpolate))),
        FunctionValue f when _mode != YamlMode.PulumiProgram => Scalar(f.Name == "secret" ? f.Argument : new StringValue($"<fn::{f.Name}>")),
        _ => null,
    };

    private static (string, YamlScalarStyle) String(string text) =>
        (text, text.Contains('\n', StringComparison.Ordinal) ? YamlScalarStyle.Literal
            : NeedsQuotes(text) ? YamlScalarStyle.DoubleQuoted
            : YamlScalarStyle.Any);

    private string Interpolate(Value part) => part switch
    {
        StringValue s => Literal(s.Text),
        ReferenceValue r => $"${{{r.Expression}}}",
        ConfigReferenceValue c => $"${{{c.Key}}}",
        PulumiVariableValue v => $"${{{v.Expression}}}",
        _ => throw new InvalidOperationException($"cannot interpolate {part.GetType().Name}"),
    };

    private string Literal(string text) => _mode == YamlMode.PulumiProgram ? EscapeForPulumi(text) : text;

    private void WriteMapping(IReadOnlyList<KeyValuePair<string, Value>> entries, bool plainKeys = false)
    {
        if (entries.Count == 0)
        {
            WriteEmptyFlow("{", "}");
            return;
        }

        IncreaseIndent(isFlow: false, isIndentless: false);
        foreach (var (key, child) in entries)
        {
            WriteIndent();
            var (text, style) = plainKeys ? (key, YamlScalarStyle.Plain) : String(Literal(key));
            var analysis = ScalarAnalysis.Of(text);
            if (!analysis.IsMultiline && text.Length <= MaxSimpleKeyLength)
            {
                _isMappingContext = true;
                _isSimpleKeyContext = true;
                WriteScalar(text, style, analysis);
                WriteIndicator(":", false, false, false);
            }
            else
            {
                WriteIndicator("?", true, false, true);
                _isMappingContext = true;
                _isSimpleKeyContext = false;
                WriteScalar(text, style, analysis);
                WriteIndent();
                WriteIndicator(":", true, false, true);
            }

            WriteNode(child, isMapping: true, isSimpleKey: false);
        }

        _indent = _indents.Pop();
    }

    private void WriteSequence(IReadOnlyList<Value> items)
    {
        if (items.Count == 0)
        {
            WriteEmptyFlow("[", "]");
            return;
        }

        // A sequence under a mapping key is not indented further ("key:\n- item").
        IncreaseIndent(isFlow: false, isIndentless: _isMappingContext && !_isIndentation);
        foreach (var item in items)
        {
            WriteIndent();
            WriteIndicator("-", true, false, true);
            WriteNode(item, isMapping: false, isSimpleKey: false);
        }

        _indent = _indents.Pop();
    }

    private void WriteEmptyFlow(string open, string close)
    {
        WriteIndicator(open, true, true, false);
        IncreaseIndent(isFlow: true, isIndentless: false);
        _indent = _indents.Pop();
        WriteIndicator(close, false, false, false);
    }

    private void WriteScalar(string text, YamlScalarStyle requested, ScalarAnalysis analysis)
    {
        var style = SelectStyle(text, requested, analysis);
        IncreaseIndent(isFlow: true, isIndentless: false);
        switch (style)
        {
            case YamlScalarStyle.Plain:
                WritePlain(text);
                break;
            case YamlScalarStyle.SingleQuoted:
                WriteSingleQuoted(text);
                break;
            case YamlScalarStyle.DoubleQuoted:
                WriteDoubleQuoted(text);
                break;
            case YamlScalarStyle.Literal:
                WriteLiteral(text);
                break;
            default:
                WriteFolded(text);
                break;
        }

        _indent = _indents.Pop();
    }

    private YamlScalarStyle SelectStyle(string text, YamlScalarStyle style, ScalarAnalysis analysis)
    {
        if (style == YamlScalarStyle.Any)
        {
            style = analysis.IsMultiline ? YamlScalarStyle.Folded : YamlScalarStyle.Plain;
        }

        if (_isSimpleKeyContext && analysis.IsMultiline)
        {
            style = YamlScalarStyle.DoubleQuoted;
        }

        if (style == YamlScalarStyle.Plain)
        {
            // Flow collections are only ever empty ({} and []), so every scalar is in block context.
            if (!analysis.IsBlockPlainAllowed)
            {
                style = analysis.IsSingleQuotedAllowed && !analysis.HasSingleQuotes ? YamlScalarStyle.SingleQuoted : YamlScalarStyle.DoubleQuoted;
            }

            if (text.Length == 0 && _isSimpleKeyContext)
            {
                style = YamlScalarStyle.SingleQuoted;
            }
        }

        if (style == YamlScalarStyle.SingleQuoted && !analysis.IsSingleQuotedAllowed)
        {
            style = YamlScalarStyle.DoubleQuoted;
        }

        if (style is YamlScalarStyle.Literal or YamlScalarStyle.Folded && (!analysis.IsBlockAllowed || _isSimpleKeyContext))
        {
            style = YamlScalarStyle.DoubleQuoted;
        }

        return style;
    }

    // Plain text never holds a line break (the analysis forbids it) and lines are never folded.
    private void WritePlain(string text)
    {
        if (!_isWhitespace)
        {
            Write(' ');
        }

        Write(text);
        _isWhitespace = false;
        _isIndentation = false;
    }

    private void WriteSingleQuoted(string text)
    {
        WriteIndicator("'", true, false, false);
        var previousBreak = false;
        foreach (var c in text)
        {
            if (c == ' ')
            {
                Write(c); // as YamlDotNet: a space neither indents after a break nor ends the break run
            }
            else if (ScalarAnalysis.IsBreak(c))
            {
                if (!previousBreak && c == '\n')
                {
                    WriteBreak('\n');
                }

                WriteBreak(c);
                _isIndentation = true;
                previousBreak = true;
            }
            else
            {
                if (previousBreak)
                {
                    WriteIndent();
                }

                if (c == '\'')
                {
                    Write(c);
                }

                Write(c);
                _isIndentation = false;
                previousBreak = false;
            }
        }

        WriteIndicator("'", false, false, false);
        _isWhitespace = false;
        _isIndentation = false;
    }

    private void WriteDoubleQuoted(string text)
    {
        WriteIndicator("\"", true, false, false);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (ScalarAnalysis.IsPrintable(c) && !ScalarAnalysis.IsBreak(c) && c is not '"' and not '\\')
            {
                Write(c);
                continue;
            }

            Write('\\');
            switch (c)
            {
                case '\0': Write('0'); break;
                case '\a': Write('a'); break;
                case '\b': Write('b'); break;
                case '\t': Write('t'); break;
                case '\n': Write('n'); break;
                case '\v': Write('v'); break;
                case '\f': Write('f'); break;
                case '\r': Write('r'); break;
                case '\x1B': Write('e'); break;
                case '"': Write('"'); break;
                case '\\': Write('\\'); break;
                case '\x85': Write('N'); break;
                case '\xA0': Write('_'); break;
                case '\u2028': Write('L'); break;
                case '\u2029': Write('P'); break;
                case <= '\xFF':
                    Write('x');
                    Write(((ushort)c).ToString("X02", CultureInfo.InvariantCulture));
                    break;
                case >= '\uD800' and <= '\uDBFF':
                    if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                    {
                        throw new InvalidOperationException("While writing a quoted scalar, found an orphaned high surrogate.");
                    }

                    Write('U');
                    Write(char.ConvertToUtf32(c, text[i + 1]).ToString("X08", CultureInfo.InvariantCulture));
                    i++;
                    break;
                default:
                    Write('u');
                    Write(((ushort)c).ToString("X04", CultureInfo.InvariantCulture));
                    break;
            }
        }

        WriteIndicator("\"", false, false, false);
        _isWhitespace = false;
        _isIndentation = false;
    }

    private void WriteLiteral(string text)
    {
        WriteIndicator("|", true, false, false);
        WriteBlockScalarHints(text);
        WriteBreak('\n');
        _isIndentation = true;
        _isWhitespace = true;

        // Line by line: each run of non-break characters is indented and copied at once.
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (ScalarAnalysis.IsBreak(c))
            {
                i++;
                if (c == '\r' && i < text.Length && text[i] == '\n')
                {
                    continue; // CR LF is one break, written when its LF comes
                }

                WriteBreak(c);
                _isIndentation = true;
                continue;
            }

            var end = i + 1;
            while (end < text.Length && !ScalarAnalysis.IsBreak(text[end]))
            {
                end++;
            }

            if (_isIndentation)
            {
                WriteIndent();
            }

            _out.Append(text, i, end - i);
            _column += end - i;
            _isIndentation = false;
            i = end;
        }
    }

    private void WriteFolded(string text)
    {
        var previousBreak = true;
        var leadingSpaces = true;
        WriteIndicator(">", true, false, false);
        WriteBlockScalarHints(text);
        WriteBreak('\n');
        _isIndentation = true;
        _isWhitespace = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (ScalarAnalysis.IsBreak(c))
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    continue;
                }

                var breakCharacter = c is '\u2028' or '\u2029' ? c : '\n';
                if (!previousBreak && !leadingSpaces && breakCharacter == '\n')
                {
                    var k = 0;
                    while (i + k < text.Length && ScalarAnalysis.IsBreak(text[i + k]))
                    {
                        k++;
                    }

                    if (i + k < text.Length && !(text[i + k] is ' ' or '\t' || ScalarAnalysis.IsBreak(text[i + k])))
                    {
                        WriteBreak('\n');
                    }
                }

                WriteBreak(breakCharacter);
                _isIndentation = true;
                previousBreak = true;
            }
            else
            {
                if (previousBreak)
                {
                    WriteIndent();
                    leadingSpaces = c is ' ' or '\t';
                }

                Write(c);
                _isIndentation = false;
                previousBreak = false;
            }
        }
    }

    /// <summary>Indentation hint when the text starts with a space or break; chomping hint for its end.</summary>
    private void WriteBlockScalarHints(string text)
    {
        if (text.Length > 0 && (text[0] == ' ' || ScalarAnalysis.IsBreak(text[0])))
        {
            WriteIndicator(Indent.ToString(CultureInfo.InvariantCulture), false, false, false);
        }

        if (text.Length == 0 || !ScalarAnalysis.IsBreak(text[^1]))
        {
            WriteIndicator("-", false, false, false);
        }
        else if (text.Length >= 2 && ScalarAnalysis.IsBreak(text[^2]))
        {
            WriteIndicator("+", false, false, false);
        }
    }

    private void IncreaseIndent(bool isFlow, bool isIndentless)
    {
        _indents.Push(_indent);
        if (_indent < 0)
        {
            _indent = isFlow ? Indent : 0;
        }
        else if (!isIndentless)
        {
            _indent += Indent;
        }
    }

    private void WriteIndicator(string indicator, bool needWhitespace, bool whitespace, bool indentation)
    {
        if (needWhitespace && !_isWhitespace)
        {
            Write(' ');
        }

        Write(indicator);
        _isWhitespace = whitespace;
        _isIndentation &= indentation;
    }

    private void WriteIndent()
    {
        var indent = Math.Max(_indent, 0);
        if (!_isIndentation || _column > indent || (_column == indent && !_isWhitespace))
        {
            WriteBreak('\n');
        }

        if (_sink is not null && _out.Length >= SinkThreshold)
        {
            PassOn(); // at a line start: the column is unaffected
        }

        if (_column < indent)
        {
            _out.Append(' ', indent - _column);
            _column = indent;
        }

        _isWhitespace = true;
        _isIndentation = true;
    }

    private void Write(char c)
    {
        _out.Append(c);
        _column++;
    }

    private void Write(string text)
    {
        _out.Append(text);
        _column += text.Length;
    }

    /// <summary>A line break: CR, LF and NEL are written as LF; LS and PS as themselves.</summary>
    private void WriteBreak(char c)
    {
        _out.Append(c is '\u2028' or '\u2029' ? c : '\n');
        _column = 0;
    }
}
