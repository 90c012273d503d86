namespace Infra.Yaml;

/// <summary>
/// Which styles can write a scalar's text so that it reads back unchanged: the character classes and
/// rules of YamlDotNet's emitter (Emitter.AnalyzeScalar), whose output the writer reproduces byte for
/// byte (YamlWriterEquivalenceTests), in one pass over the text. Only block context is analysed: the
/// writer's flow collections are always empty.
/// </summary>
internal readonly record struct ScalarAnalysis(
    bool IsMultiline,
    bool IsBlockPlainAllowed,
    bool IsSingleQuotedAllowed,
    bool IsBlockAllowed,
    bool HasSingleQuotes)
{
    public static ScalarAnalysis Of(string value)
    {
        if (value.Length == 0)
        {
            return new(false, false, true, false, false);
        }

        var blockIndicators = false;
        if (value.StartsWith("---", StringComparison.Ordinal) || value.StartsWith("...", StringComparison.Ordinal))
        {
            blockIndicators = true;
        }

        var precededByWhitespace = true;
        var followedByWhitespace = IsWhiteBreakOrZero(At(value, 1));
        bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false, leadingQuote = false;
        bool breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false, lineOfSpaces = false;
        bool lineBreaks = false, specialCharacters = false, singleQuotes = false, linesOfSpaces = false;
        var last = value.Length - 1;

        for (var i = 0; i <= last; i++)
        {
            var c = value[i];
            if (i == 0)
            {
                if (c is '#' or ',' or '[' or ']' or '{' or '}' or '&' or '*' or '!' or '|' or '>' or '"' or '%' or '@' or '`' or '\'')
                {
                    blockIndicators = true;
                    leadingQuote = c == '\'';
                    singleQuotes |= c == '\'';
                }

                if (c is '?' or ':' or '-')
                {
                    blockIndicators |= followedByWhitespace;
                }
            }
            else
            {
                if ((c == ':' && followedByWhitespace) || (c == '#' && precededByWhitespace))
                {
                    blockIndicators = true;
                }

                singleQuotes |= c == '\'';
            }

            specialCharacters |= !IsPrintable(c);
            var isBreak = IsBreak(c);
            lineBreaks |= isBreak;
            if (c == ' ')
            {
                leadingSpace |= i == 0;
                trailingSpace |= i == last;
                if (previousBreak)
                {
                    breakSpace = true;
                    lineOfSpaces = true;
                }

                previousSpace = true;
                previousBreak = false;
            }
            else if (isBreak)
            {
                leadingBreak |= i == 0;
                trailingBreak |= i == last;
                spaceBreak |= previousSpace;
                linesOfSpaces |= lineOfSpaces;
                previousSpace = false;
                previousBreak = true;
            }
            else
            {
                previousSpace = false;
                previousBreak = false;
                lineOfSpaces = false;
            }

            precededByWhitespace = IsWhiteBreakOrZero(c);
            if (i < last)
            {
                followedByWhitespace = IsWhiteBreakOrZero(At(value, i + 2));
            }
        }

        bool blockPlain = true, singleQuoted = true, block = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak || leadingQuote)
        {
            blockPlain = false;
        }

        if (trailingSpace)
        {
            block = false;
        }

        if (breakSpace || spaceBreak || specialCharacters)
        {
            blockPlain = singleQuoted = false;
        }

        if (linesOfSpaces)
        {
            block = false;
        }

        if (lineBreaks)
        {
            blockPlain = false;
        }

        blockPlain &= !blockIndicators;
        return new(lineBreaks, blockPlain, singleQuoted, block, singleQuotes);
    }

    /// <summary>Line breaks as YAML 1.1 knows them (CR, LF, NEL, LS, PS).</summary>
    public static bool IsBreak(char c) => c is '\r' or '\n' or '\x85' or '\u2028' or '\u2029';

    public static bool IsPrintable(char c) =>
        c is '\t' or '\n' or '\r' or (>= '\x20' and <= '\x7E') or '\x85' or (>= '\xA0' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD');

    private static bool IsWhiteBreakOrZero(char c) => c is ' ' or '\t' or '\0' || IsBreak(c);

    private static char At(string value, int index) => index < value.Length ? value[index] : '\0';
}
