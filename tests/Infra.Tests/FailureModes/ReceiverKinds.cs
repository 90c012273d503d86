using YamlDotNet.RepresentationModel;

namespace Infra.Tests.FailureModes;

/// <summary>
/// What the rendered alertmanager.yaml says about timing and receivers: the root route's group_wait and
/// group_by (every route but the heartbeat's inherits them; checked here), and which receivers post to
/// Slack or call PagerDuty.
/// </summary>
public sealed class ReceiverKinds
{
    private readonly HashSet<string> _slack = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pagerDuty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _channels = new(StringComparer.Ordinal);

    public ReceiverKinds(string renderedConfig)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(renderedConfig)));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var route = (YamlMappingNode)root["route"];
        GroupWait = Timing(route, "group_wait");
        GroupBy = [.. ((YamlSequenceNode)route["group_by"]).Children.Select(n => ((YamlScalarNode)n).Value!)];
        CheckInherited(route, isRoot: true);
        foreach (var receiver in ((YamlSequenceNode)root["receivers"]).Children.Cast<YamlMappingNode>())
        {
            var name = ((YamlScalarNode)receiver["name"]).Value!;
            if (receiver.Children.TryGetValue(new YamlScalarNode("slack_configs"), out var slack))
            {
                _slack.Add(name);
                var channel = ((YamlSequenceNode)slack).Children.Cast<YamlMappingNode>().Select(c => c.Children.TryGetValue(new YamlScalarNode("channel"), out var ch) ? ((YamlScalarNode)ch).Value : null).FirstOrDefault(c => c is not null);
                _channels[name] = channel ?? string.Empty;
            }

            if (receiver.Children.ContainsKey(new YamlScalarNode("pagerduty_configs")))
            {
                _pagerDuty.Add(name);
            }
        }
    }

    public TimeSpan GroupWait { get; }

    public IReadOnlyList<string> GroupBy { get; }

    /// <summary>Whether the receiver tells a person (Slack or PagerDuty; not the heartbeat or the null receiver).</summary>
    public bool Notifies(string receiver) => _slack.Contains(receiver) || _pagerDuty.Contains(receiver);

    public bool Pages(string receiver) => _pagerDuty.Contains(receiver);

    /// <summary>Who a receiver tells, for the table: PagerDuty, and the Slack channel.</summary>
    public string Describe(string receiver)
    {
        var parts = new List<string>();
        if (_pagerDuty.Contains(receiver))
        {
            parts.Add("PagerDuty");
        }

        if (_slack.Contains(receiver))
        {
            parts.Add($"Slack {_channels[receiver]}");
        }

        return parts.Count == 0 ? "nobody" : string.Join(" + ", parts);
    }

    private static TimeSpan Timing(YamlMappingNode route, string key) =>
        AlertTimeline.ParseDuration(((YamlScalarNode)route[key]).Value!);

    /// <summary>Only the heartbeat's route may set its own group_wait: the table adds the root's to every notification.</summary>
    private static void CheckInherited(YamlMappingNode route, bool isRoot)
    {
        if (!isRoot && route.Children.ContainsKey(new YamlScalarNode("group_wait"))
            && ((YamlScalarNode)route["receiver"]).Value != Infra.Components.RoutingTable.DeadMansSwitch)
        {
            throw new InvalidOperationException($"route to {((YamlScalarNode)route["receiver"]).Value} sets its own group_wait: teach ReceiverKinds to follow the route an alert takes");
        }

        if (route.Children.TryGetValue(new YamlScalarNode("routes"), out var children))
        {
            foreach (var child in ((YamlSequenceNode)children).Children.Cast<YamlMappingNode>())
            {
                CheckInherited(child, isRoot: false);
            }
        }
    }
}
