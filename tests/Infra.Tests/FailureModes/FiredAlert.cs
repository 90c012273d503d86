namespace Infra.Tests.FailureModes;

/// <summary>An alert the rendered rules raised in a scenario, with its labels and when it first fired (from the fault's start).</summary>
public sealed record FiredAlert(string Name, IReadOnlyDictionary<string, string> Labels, TimeSpan FirstFiring)
{
    public string Severity => Labels.TryGetValue("severity", out var severity) ? severity : string.Empty;

    /// <summary>Name and labels, sorted: the alert's identity in Alertmanager.</summary>
    public string Identity => $"{Name}{{{string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\""))}}}";
}
