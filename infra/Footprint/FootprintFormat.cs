using System.Globalization;

namespace Infra.Footprint;

/// <summary>Human-readable CPU and byte amounts for the table (JSON carries the exact numbers).</summary>
public static class FootprintFormat
{
    public const string NotSet = "not set";

    private static readonly (string Unit, decimal Size)[] BinaryUnits =
    [
        ("Ei", 1024m * 1024 * 1024 * 1024 * 1024 * 1024),
        ("Pi", 1024m * 1024 * 1024 * 1024 * 1024),
        ("Ti", 1024m * 1024 * 1024 * 1024),
        ("Gi", 1024m * 1024 * 1024),
        ("Mi", 1024m * 1024),
        ("Ki", 1024m),
    ];

    /// <summary>Cores: below one core in millicores (<c>250m</c>), else cores (<c>1.5</c>).</summary>
    public static string Cpu(decimal cores) =>
        cores != 0 && Math.Abs(cores) < 1 ? $"{Plain(cores * 1000)}m" : Plain(cores);

    /// <summary>Bytes in the largest binary unit they reach, to two decimals (<c>1.13Gi</c>).</summary>
    public static string Bytes(decimal bytes)
    {
        foreach (var (unit, size) in BinaryUnits)
        {
            if (Math.Abs(bytes) >= size)
            {
                return $"{Plain(Math.Round(bytes / size, 2, MidpointRounding.AwayFromZero))}{unit}";
            }
        }

        return Plain(bytes) + (bytes == 0 ? string.Empty : "B");
    }

    /// <summary>An exact decimal without trailing zeros, invariant culture.</summary>
    public static string Plain(decimal value) => value.ToString("G29", CultureInfo.InvariantCulture);
}
