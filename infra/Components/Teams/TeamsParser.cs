using System.Text.Json;
using System.Text.RegularExpressions;

namespace Infra.Components.Teams;

/// <summary>
/// Reads <c>observability:teams</c> into a <see cref="TeamList"/>, collecting every problem with the path of the
/// value (e.g. <c>teams[1].namespaces.production[0]</c>) and how to fix it: unknown keys, names that are not
/// label values, a namespace claimed by two teams or by the platform.
/// </summary>
public static partial class TeamsParser
{
    /// <summary>Longest team name: its dashboards namespace (<c>&lt;team&gt;-dashboards</c>) must stay a valid namespace name.</summary>
    public const int MaxNameLength = 40;

    public const int MinRetentionDays = 1;
    public const int MaxRetentionDays = 3650;

    /// <summary>Namespaces no team may claim: the platform's, its prerequisites', and Kubernetes' own.</summary>
    public static IReadOnlyList<string> Reserved { get; } =
        [.. Components.Namespaces.All.Select(n => n.Name).Concat(RoutingTable.PlatformPrerequisites).Concat(["default", "kube-public", "kube-node-lease"]).Distinct().Order(StringComparer.Ordinal)];

    private static readonly string[] Keys = ["name", "slackChannel", "namespaces", "escalationPolicy", "logRetentionDays"];

    public static (TeamList? Value, string? Error) Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            return (null, "must be a list of {name, slackChannel, namespaces: {<environment>: [namespace, ...]}, escalationPolicy, logRetentionDays} (docs/onboarding.md)");
        }

        var problems = new List<string>();
        var teams = new List<Team>();
        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            var path = $"teams[{index++}]";
            if (ParseTeam(item, path, problems) is { } team)
            {
                teams.Add(team);
            }
        }

        foreach (var twice in teams.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"teams declares '{twice.Key}' {twice.Count()} times; keep one entry per team");
        }

        // One owner per namespace of an environment: alerts, dashboards and logs are routed by namespace.
        var claims = teams.SelectMany(t => t.Namespaces.SelectMany(e => e.Value.Select(ns => (Environment: e.Key, Namespace: ns, Team: t.Name))))
            .Concat(teams.Select(t => (Environment: "*", Namespace: t.DashboardNamespace, Team: t.Name)));
        foreach (var clash in claims.GroupBy(c => c.Namespace, StringComparer.Ordinal)
            .Where(g => g.Select(c => c.Team).Distinct(StringComparer.Ordinal).Count() > 1
                && g.Any(a => g.Any(b => a.Team != b.Team && (a.Environment == b.Environment || a.Environment == "*" || b.Environment == "*")))))
        {
            var owners = clash.Select(c => c.Team).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            problems.Add($"namespace '{clash.Key}' is claimed by teams {string.Join(" and ", owners.Select(o => $"'{o}'"))}; a namespace has one owner (its alerts, dashboards and logs go to that team): remove it from all but one team");
        }

        return problems.Count > 0 ? (null, $"is invalid:\n{string.Join("\n", problems)}") : (new TeamList(teams), null);
    }

    private static Team? ParseTeam(JsonElement item, string path, List<string> problems)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path} must be a mapping such as {{name: orders, slackChannel: \"#orders-alerts\", namespaces: {{production: [orders]}}}}");
            return null;
        }

        foreach (var unknown in item.EnumerateObject().Select(p => p.Name).Where(k => !Keys.Contains(k, StringComparer.Ordinal)))
        {
            problems.Add($"{path} has unknown key '{unknown}'; allowed: {string.Join(", ", Keys)}");
        }

        var before = problems.Count;
        var name = Text(item, "name", path, problems);
        if (name is not null && (!LabelPattern().IsMatch(name) || name.Length > MaxNameLength))
        {
            problems.Add($"{path}.name '{name}' must be lower-case letters, digits and '-' (at most {MaxNameLength}): it is the team label's value and part of resource names");
        }

        var channel = Text(item, "slackChannel", path, problems);
        if (channel is not null && !channel.StartsWith('#'))
        {
            problems.Add($"{path}.slackChannel '{channel}' must start with '#' (the channel the team's Slack webhook posts to)");
        }

        string? policy = null;
        if (item.TryGetProperty("escalationPolicy", out var p))
        {
            policy = p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 } text ? text.Trim() : null;
            if (policy is null)
            {
                problems.Add($"{path}.escalationPolicy must be the name of an escalation policy in observability:onCall (or leave it out: the team is never paged)");
            }
        }

        int? retention = null;
        if (item.TryGetProperty("logRetentionDays", out var r))
        {
            if (r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out var days) && days >= MinRetentionDays && days <= MaxRetentionDays)
            {
                retention = days;
            }
            else
            {
                problems.Add($"{path}.logRetentionDays must be a whole number of days from {MinRetentionDays} to {MaxRetentionDays} (or leave it out: the environment's logRetentionDays)");
            }
        }

        var namespaces = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!item.TryGetProperty("namespaces", out var map) || map.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}.namespaces must be a mapping from environment to the team's namespaces there, e.g. {{production: [orders], development: [orders]}}");
        }
        else
        {
            foreach (var environment in map.EnumerateObject())
            {
                var where = $"{path}.namespaces.{environment.Name}";
                if (!LabelPattern().IsMatch(environment.Name))
                {
                    problems.Add($"{where}: '{environment.Name}' is not an environment name (the observability:environment of a stack: lower-case letters, digits and '-')");
                }

                if (environment.Value.ValueKind != JsonValueKind.Array || environment.Value.GetArrayLength() == 0)
                {
                    problems.Add($"{where} must be a non-empty list of namespace names (or leave the environment out)");
                    continue;
                }

                var list = new List<string>();
                var i = 0;
                foreach (var ns in environment.Value.EnumerateArray())
                {
                    var at = $"{where}[{i++}]";
                    var value = ns.ValueKind == JsonValueKind.String ? ns.GetString() : null;
                    if (value is null || !LabelPattern().IsMatch(value))
                    {
                        problems.Add($"{at} must be a namespace name (lower-case letters, digits and '-', at most 63)");
                    }
                    else if (Reserved.Contains(value, StringComparer.Ordinal))
                    {
                        problems.Add($"{at} '{value}' is a namespace of the platform or of Kubernetes ({string.Join(", ", Reserved)}); a team's applications run in namespaces of their own");
                    }
                    else if (list.Contains(value, StringComparer.Ordinal))
                    {
                        problems.Add($"{at} '{value}' is listed twice; list it once");
                    }
                    else
                    {
                        list.Add(value);
                    }
                }

                namespaces[environment.Name] = [.. list.Order(StringComparer.Ordinal)];
            }
        }

        return problems.Count > before || name is null || channel is null ? null
            : new Team(name, channel, namespaces, policy, retention);
    }

    private static string? Text(JsonElement item, string key, string path, List<string> problems)
    {
        if (item.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            return text.Trim();
        }

        problems.Add($"{path}.{key} is required (a non-empty string)");
        return null;
    }

    /// <summary>A Kubernetes label value and DNS label: what names, namespaces and environments are.</summary>
    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex LabelPattern();
}
