using System.Globalization;
using System.Text.RegularExpressions;

namespace Infra.Model;

/// <summary>
/// Exact parsing of Kubernetes quantities (<c>250m</c>, <c>1.5</c>, <c>128Mi</c>, <c>8G</c>, <c>1e3</c> ...)
/// and of Prometheus sizes (<c>17GB</c>). Decimal arithmetic, so sums are exact and deterministic.
/// </summary>
public static partial class KubeQuantity
{
    private const decimal Ki = 1024m;

    /// <summary>The quantity's value in base units (cores for CPU, bytes for memory and storage).</summary>
    /// <exception cref="FormatException">Not a Kubernetes quantity.</exception>
    public static decimal Parse(string text)
    {
        var match = QuantityPattern().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a Kubernetes quantity");
        }

        var number = decimal.Parse(match.Groups["number"].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (match.Groups["exponent"].Success)
        {
            return number * Power(10m, int.Parse(match.Groups["exponent"].Value[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }

        var factor = match.Groups["suffix"].Value switch
        {
            "" => 1m,
            "n" => 1e-9m,
            "u" => 1e-6m,
            "m" => 1e-3m,
            // Kubernetes spells kilo "k"; "K" is accepted too when reading charts' defaults (stack settings only take "k").
            "k" or "K" => 1e3m,
            "M" => 1e6m,
            "G" => 1e9m,
            "T" => 1e12m,
            "P" => 1e15m,
            "E" => 1e18m,
            "Ki" => Ki,
            "Mi" => Ki * Ki,
            "Gi" => Ki * Ki * Ki,
            "Ti" => Ki * Ki * Ki * Ki,
            "Pi" => Ki * Ki * Ki * Ki * Ki,
            "Ei" => Ki * Ki * Ki * Ki * Ki * Ki,
            var unit => throw new FormatException($"'{text}': unknown unit '{unit}'"),
        };
        return number * factor;
    }

    /// <summary>Parses when possible; null for anything that is not a quantity.</summary>
    public static decimal? TryParse(string text)
    {
        try
        {
            return Parse(text);
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>
    /// A Prometheus size such as <c>17GB</c> in bytes. Prometheus units are powers of 1024
    /// (its <c>units.Base2Bytes</c>: 1KB = 1024B), whatever their spelling.
    /// </summary>
    public static decimal? ParsePrometheusSize(string text)
    {
        var match = PrometheusPattern().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        var number = decimal.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var power = match.Groups[2].Value switch
        {
            "B" => 0,
            "KB" => 1,
            "MB" => 2,
            "GB" => 3,
            "TB" => 4,
            "PB" => 5,
            _ => 6,
        };
        return number * Power(Ki, power);
    }

    private static decimal Power(decimal value, int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result *= value;
        }

        return exponent < 0 ? 1m / result : result;
    }

    // Kubernetes' grammar: <signedNumber><binarySI | decimalExponent | decimalSI>.
    [GeneratedRegex(@"^(?<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:(?<suffix>Ki|Mi|Gi|Ti|Pi|Ei)|(?<exponent>[eE][+-]?[0-9]+)|(?<suffix>n|u|m|k|K|M|G|T|P|E))?$")]
    private static partial Regex QuantityPattern();

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(B|KB|MB|GB|TB|PB|EB)$")]
    private static partial Regex PrometheusPattern();
}
