using System.Text.Json;

namespace Infra.Config;

/// <summary>
/// A routing override: alerts of a namespace or a team go to the given receiver whatever their
/// severity (e.g. a service not yet public in production: Slack only).
/// </summary>
public sealed record AlertRoute(string MatchLabel, string MatchValue, string Receiver)
{
    public static readonly string[] Receivers = ["slack", "pagerduty", "none"];

    internal static (IReadOnlyList<AlertRoute>? Value, string? Error) ParseList(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Array)
        {
            return (null, "expected a list of {namespace|team, receiver}");
        }

        var routes = new List<AlertRoute>();
        var index = 0;
        foreach (var item in json.EnumerateArray())
        {
            var where = $"item {index++}";
            if (item.ValueKind != JsonValueKind.Object)
            {
                return (null, $"{where} must be a mapping with namespace or team, and receiver");
            }

            var keys = item.EnumerateObject().Select(p => p.Name).ToList();
            var unknown = keys.Except(["namespace", "team", "receiver"]).ToList();
            if (unknown.Count > 0)
            {
                return (null, $"{where} has unknown key '{unknown[0]}' (allowed: namespace, team, receiver)");
            }

            var selectors = keys.Where(k => k is "namespace" or "team").ToList();
            if (selectors.Count != 1)
            {
                return (null, $"{where} must name exactly one of namespace or team");
            }

            var value = item.GetProperty(selectors[0]).GetString();
            var receiver = item.TryGetProperty("receiver", out var r) ? r.GetString() : null;
            if (string.IsNullOrEmpty(value))
            {
                return (null, $"{where}: {selectors[0]} must be a non-empty string");
            }

            if (receiver is null || !Receivers.Contains(receiver))
            {
                return (null, $"{where}: receiver must be one of {string.Join(", ", Receivers)}");
            }

            routes.Add(new AlertRoute(selectors[0], value, receiver));
        }

        return (routes, null);
    }
}
