using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Infra.Components;
using Infra.Tests.Support;

namespace Infra.Tests.FailureModes;

/// <summary>
/// A stack's rendered Alertmanager configuration, run by the real Alertmanager on 127.0.0.1 (receiver
/// secrets are placeholder files, nothing is ever delivered: the receivers point at a closed port) and
/// read by amtool: which alerts its inhibit rules mute, and which receiver each of the others reaches.
/// </summary>
public sealed class AlertmanagerProbe : IDisposable
{
    // A request is allowed the patience floor, not a tight timeout: Alertmanager answers within milliseconds when
    // idle, but a loaded machine can delay one answer by many seconds, and one timed-out request failed the table.
    private static readonly HttpClient Http = new() { Timeout = Patience.Floor };
    private readonly ScratchProcesses _scratch = new("infra-failure-modes");
    private readonly string _url;
    private readonly Dictionary<string, string> _receivers = new(StringComparer.Ordinal);

    public AlertmanagerProbe(string renderedConfig, IReadOnlyDictionary<string, string> externalLabels)
    {
        ExternalLabels = externalLabels;
        var port = LocalAlertmanager.Start(_scratch, "alertmanager", File.ReadAllText(renderedConfig), new Dictionary<string, string>
        {
            [Alertmanager.SlackKey] = "http://127.0.0.1:9/slack",
            [Alertmanager.PagerDutyKey] = "placeholder-routing-key",
        });
        ConfigPath = Path.Combine(_scratch.Folder, "alertmanager", "alertmanager.yaml");
        _url = $"http://127.0.0.1:{port}";
    }

    /// <summary>The labels Prometheus adds to every alert it sends (the stack's external labels).</summary>
    public IReadOnlyDictionary<string, string> ExternalLabels { get; }

    public string ConfigPath { get; }

    /// <summary>
    /// Posts the alerts as firing, asks Alertmanager which are inhibited and by what, then resolves them
    /// so they mute nothing in the next call. Returns the identities of the muted alerts.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Inhibited(IReadOnlyList<FiredAlert> alerts, string scenario)
    {
        if (alerts.Count == 0)
        {
            return new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        }

        // The scenario label keeps each call's alerts apart in the answer; no inhibit rule compares it.
        Post(alerts, scenario, resolved: false);
        try
        {
            // The inhibitor learns of new alerts asynchronously: ask until two answers agree.
            Dictionary<string, IReadOnlyList<string>>? previous = null;
            var deadline = DateTime.UtcNow + Patience.For(TimeSpan.FromSeconds(10));
            while (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(200));
                var muted = Query(scenario, alerts);
                if (muted is not null && previous is not null && Same(muted, previous))
                {
                    return muted;
                }

                previous = muted;
            }

            throw new TimeoutException($"Alertmanager did not report a stable inhibition state for {scenario}");
        }
        finally
        {
            Post(alerts, scenario, resolved: true);
        }
    }

    /// <summary>The receiver the routing tree gives an alert (with the external labels), by amtool.</summary>
    public string Receiver(FiredAlert alert)
    {
        var labels = Labels(alert).Select(l => $"{l.Key}={l.Value}").Order(StringComparer.Ordinal).ToArray();
        var key = string.Join(" ", labels);
        if (!_receivers.TryGetValue(key, out var receiver))
        {
            var (code, output) = Tools.Run("amtool", ["config", "routes", "test", $"--config.file={ConfigPath}", .. labels]);
            if (code != 0)
            {
                throw new InvalidOperationException($"amtool config routes test failed for {key}: {output}");
            }

            receiver = output.Split('\n').Select(l => l.Trim()).Last(l => l.Length > 0 && !l.StartsWith("Warning:", StringComparison.Ordinal));
            _receivers[key] = receiver;
        }

        return receiver;
    }

    public void Dispose() => _scratch.Dispose();

    private static string Key(Dictionary<string, string> labels) =>
        string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    private Dictionary<string, string> Labels(FiredAlert alert)
    {
        var labels = new Dictionary<string, string>(ExternalLabels, StringComparer.Ordinal);
        foreach (var (name, value) in alert.Labels)
        {
            labels[name] = value;
        }

        labels["alertname"] = alert.Name;
        return labels;
    }

    private void Post(IReadOnlyList<FiredAlert> alerts, string scenario, bool resolved)
    {
        var now = DateTimeOffset.UtcNow;
        var body = alerts.Select(a =>
        {
            var labels = Labels(a);
            labels["failure_scenario"] = scenario;
            return new Dictionary<string, object>
            {
                ["labels"] = labels,
                ["startsAt"] = now.AddMinutes(-1).ToString("o", CultureInfo.InvariantCulture),
                ["endsAt"] = (resolved ? now.AddSeconds(-1) : now.AddHours(1)).ToString("o", CultureInfo.InvariantCulture),
            };
        }).ToArray();
        using var response = Http.PostAsJsonAsync($"{_url}/api/v2/alerts", body).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
    }

    private static bool Same(Dictionary<string, IReadOnlyList<string>> a, Dictionary<string, IReadOnlyList<string>> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && other.SequenceEqual(kv.Value));

    /// <summary>
    /// The muted alerts of a scenario with the names of the alerts muting them, or null while Alertmanager
    /// does not list all of them yet.
    /// </summary>
    private Dictionary<string, IReadOnlyList<string>>? Query(string scenario, IReadOnlyList<FiredAlert> alerts)
    {
        var filter = Uri.EscapeDataString($"failure_scenario=\"{scenario}\"");
        var json = Http.GetStringAsync($"{_url}/api/v2/alerts?filter={filter}&active=true&inhibited=true&silenced=true&unprocessed=true").GetAwaiter().GetResult();
        using var document = JsonDocument.Parse(json);
        var muted = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var names = document.RootElement.EnumerateArray().ToDictionary(
            a => a.GetProperty("fingerprint").GetString() ?? string.Empty,
            a => a.GetProperty("labels").GetProperty("alertname").GetString() ?? string.Empty,
            StringComparer.Ordinal);
        var seen = 0;
        var byLabels = alerts.ToDictionary(a => Key(Labels(a)), a => a.Identity, StringComparer.Ordinal);
        foreach (var alert in document.RootElement.EnumerateArray())
        {
            var labels = alert.GetProperty("labels").EnumerateObject()
                .Where(p => p.Name != "failure_scenario")
                .ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
            if (!byLabels.TryGetValue(Key(labels), out var identity))
            {
                continue;
            }

            seen++;
            var state = alert.GetProperty("status").GetProperty("state").GetString();
            if (state == "unprocessed")
            {
                return null;
            }

            var by = alert.GetProperty("status").GetProperty("inhibitedBy").EnumerateArray()
                .Select(f => names.TryGetValue(f.GetString() ?? string.Empty, out var name) ? name : "an alert of another scenario")
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (by.Count > 0)
            {
                muted[identity] = by;
            }
        }

        return seen >= alerts.Count ? muted : null;
    }
}
