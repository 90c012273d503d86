using System.Globalization;
using System.Text.RegularExpressions;

namespace Infra.Components;

/// <summary>Kubernetes resource quantities (100Gi, 8G ...) as bytes, for derived sizes.</summary>
public static partial class Quantity
{
    public static decimal ToBytes(string quantity)
    {
        var match = Pattern().Match(quantity);
        if (!match.Success)
        {
            throw new FormatException($"'{quantity}' is not a Kubernetes quantity");
        }

        var number = decimal.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var factor = match.Groups[2].Value switch
        {
            "" => 1m,
            "k" => 1e3m,
            "M" => 1e6m,
            "G" => 1e9m,
            "T" => 1e12m,
            "Ki" => 1024m,
            "Mi" => 1024m * 1024,
            "Gi" => 1024m * 1024 * 1024,
            "Ti" => 1024m * 1024 * 1024 * 1024,
            var unit => throw new FormatException($"unit '{unit}'"),
        };
        return number * factor;
    }

    /// <summary>
    /// A fraction of a volume as a Prometheus size (Prometheus units are powers of 1024: 1GB = 1GiB),
    /// rounded down to whole MiB.
    /// </summary>
    public static string PrometheusSize(string volume, decimal fraction)
    {
        var mebibytes = decimal.Floor(ToBytes(volume) * fraction / (1024m * 1024));
        return mebibytes % 1024 == 0 ? $"{mebibytes / 1024}GB" : $"{mebibytes}MB";
    }

    [GeneratedRegex("^([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$")]
    private static partial Regex Pattern();
}
