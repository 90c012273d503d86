using System.Globalization;

namespace Infra.Config;

/// <summary>
/// Fluent Bit's size syntax (flb_utils_size_to_bytes): a number, then K, M or G with an optional B.
/// The units are decimal, so 1M is 1,000,000 bytes, not 1 MiB.
/// </summary>
public static class FluentBitSize
{
    /// <summary>The size in bytes; null when the text is not a Fluent Bit size.</summary>
    public static long? Bytes(string text)
    {
        var unit = text.EndsWith('B') ? text[..^1] : text;
        if (unit.Length < 2 || !long.TryParse(unit[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        long? factor = unit[^1] switch { 'K' => 1_000, 'M' => 1_000_000, 'G' => 1_000_000_000, _ => null };
        return factor is { } f && number <= long.MaxValue / f ? number * f : null;
    }
}
