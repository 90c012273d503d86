using Infra.Model;

namespace Infra.Components;

/// <summary>Sizes derived from Kubernetes quantities (a share of a volume as a Prometheus size).</summary>
public static class Quantity
{
    /// <summary>
    /// A fraction of a volume as a Prometheus size (Prometheus units are powers of 1024: 1GB = 1GiB),
    /// rounded down to whole MiB.
    /// </summary>
    public static string PrometheusSize(string volume, decimal fraction)
    {
        var mebibytes = decimal.Floor(KubeQuantity.Parse(volume) * fraction / (1024m * 1024));
        return mebibytes % 1024 == 0 ? $"{mebibytes / 1024}GB" : $"{mebibytes}MB";
    }
}
