using System.Globalization;
using Infra.Config;

namespace Infra.Components.Rules;

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

    public static string Number(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
