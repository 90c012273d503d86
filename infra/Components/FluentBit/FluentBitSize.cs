using System.Globalization;

namespace Infra.Config;

/// <summary>
/// Fluent Bit's size syntax (flb_utils_size_to_bytes): a number, then K, M or G with an optional B.
/// The units are decimal for most settings, so 1M is 1,000,000 bytes, not 1 MiB; a few are read as binary.
/// </summary>
public static class FluentBitSize
{
    /// <summary>The size in bytes; null when the text is not a Fluent Bit size.</summary>
    public static long? Bytes(string text) => Parse(text, 1_000);

    /// <summary>
    /// The size as flb_utils_size_to_binary_bytes reads it (K = 1024): how Fluent Bit reads multiline_buffer_limit
    /// (fluent/fluent-bit v5.1.1 src/multiline/flb_ml.c), unlike Buffer_Max_Size.
    /// </summary>
    public static long? BinaryBytes(string text) => Parse(text, 1_024);

    private static long? Parse(string text, long k)
    {
        var unit = text.EndsWith('B') ? text[..^1] : text;
        if (unit.Length < 2 || !long.TryParse(unit[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        long? factor = unit[^1] switch { 'K' => k, 'M' => k * k, 'G' => k * k * k, _ => null };
        return factor is { } f && number <= long.MaxValue / f ? number * f : null;
    }
}
