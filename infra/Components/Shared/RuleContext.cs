using System.Globalization;
using Infra.Config;

namespace Infra.Components;

/// <summary>What rule definitions read: the stack's thresholds and profile.</summary>
public sealed class RuleContext
{
    public RuleContext(StackSettings settings)
    {
        Settings = settings;
        Thresholds = settings.Get(SettingsCatalog.AlertThresholdValues);
    }

    public StackSettings Settings { get; }

    public AlertThresholds Thresholds { get; }

    /// <summary>A threshold as PromQL number text (invariant, no trailing zeros).</summary>
    public string T(Threshold threshold) => Number(Thresholds.Get(threshold, Settings.Profile));

    /// <summary>
    /// Matches only this cluster's own series. On the controlplane, federated series (`up` among them)
    /// carry the environment's cluster label; without this, an environment's outage would also alert here.
    /// </summary>
    public const string LocalSeries = "cluster=\"\"";

    /// <summary>
    /// Matches only series without a namespace: Prometheus' own series of a job of its configuration (the federation
    /// jobs) and the platform's aggregates that sum the namespace away. Every series a team's monitor or rule makes
    /// carries its namespace (enforcedNamespaceLabel), so a team's series named alike cannot feed a platform rule.
    /// </summary>
    public const string NoNamespace = "namespace=\"\"";

    /// <summary>
    /// One series per expected value, labelled <paramref name="label"/>: the left side of a missing-series guard
    /// (expected <c>unless on (label)</c> what is there), so a series that never existed is noticed too.
    /// </summary>
    public static string Expected(string label, IEnumerable<string> values) =>
        "(" + string.Join(" or ", values.Order(StringComparer.Ordinal).Select(v => $"label_replace(vector(1), \"{label}\", \"{v}\", \"\", \"\")")) + ")";

    public static string Number(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
