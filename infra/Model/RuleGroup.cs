namespace Infra.Model;

/// <summary>A Prometheus rule group, owned by the component whose metrics it watches.</summary>
public sealed record RuleGroup(string Name, IReadOnlyList<AlertRule> Alerts, IReadOnlyList<RecordingRule> Recordings)
{
    public RuleGroup(string name, IReadOnlyList<AlertRule> alerts)
        : this(name, alerts, [])
    {
    }
}
