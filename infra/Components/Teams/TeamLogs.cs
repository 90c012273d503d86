using System.Globalization;
using System.Text;
using Infra.Model;

namespace Infra.Components.Teams;

/// <summary>
/// Logs per team, on the controlplane: Logstash routes the events of a team's namespaces (in each log source's
/// environment) to the team's data stream, <c>logs-team.&lt;team&gt;-&lt;stack&gt;</c>, with an ILM policy of the
/// team's retention (else the environment's) and the environment's mappings (the application's JSON is one
/// flattened field, <c>app</c>: no field of one team can conflict with another's); Kibana gets a data view per team
/// over its streams in every environment. Namespaces nobody declared stay in the environment's stream.
/// </summary>
public static class TeamLogs
{
    /// <summary>The team's dataset (a data stream's dataset may not contain '-').</summary>
    public static string Dataset(Team team) => $"team.{team.Name.Replace('-', '_')}";

    public static string DataStream(Team team, string stack) => $"logs-{Dataset(team)}-{stack}";

    public static string IlmPolicy(Team team, string stack) => $"logs-team-{team.Name}-{stack}";

    /// <summary>
    /// The Logstash filter that sends a source's team namespaces to their teams' data streams (the output's
    /// data_stream_auto_routing takes the stream from these fields); empty when no team has namespaces there.
    /// </summary>
    public static string LogstashFilter(TeamList teams, string environment, string stack)
    {
        var text = new StringBuilder();
        foreach (var team in teams.In(environment))
        {
            // Equality, not `in [...]`: a one-element list literal is matched as a substring by some Logstash versions.
            var list = string.Join(" or ", team.NamespacesIn(environment).Select(n => $"[kubernetes][namespace_name] == \"{n}\""));
            var keyword = text.Length == 0 ? "if" : "else if";
            text.Append(CultureInfo.InvariantCulture, $$"""
                  # The namespaces of team {{team.Name}}: its own data stream (retention, data view).
                  {{keyword}} {{list}} {
                    mutate {
                      add_field => {
                        "[data_stream][type]" => "logs"
                        "[data_stream][dataset]" => "{{Dataset(team)}}"
                        "[data_stream][namespace]" => "{{stack}}"
                      }
                    }
                  }

                """);
        }

        return text.ToString();
    }

    /// <summary>
    /// A team's retention above its environment's is refused: Elasticsearch's disk, its shard budget and the sizing
    /// guide are computed from each environment's <c>logRetentionDays</c> and <c>logVolumePerDay</c> (the log capacity
    /// model), which a team's longer retention would exceed unseen. A shorter one only frees space. Checked on the
    /// controlplane, against each log source's retention as the compile knows it (its stack file).
    /// </summary>
    /// <param name="sources">Each log source's stack, environment label and retention in days.</param>
    public static IEnumerable<string> RetentionProblems(string stack, TeamList teams, IReadOnlyList<(string Stack, string Environment, int RetentionDays)> sources)
    {
        var index = 0;
        foreach (var team in teams.Items)
        {
            var path = $"{Config.SettingsCatalog.Teams.Key}[{index++}] ('{team.Name}')";
            if (team.LogRetentionDays is not { } days)
            {
                continue;
            }

            foreach (var source in sources.Where(s => team.NamespacesIn(s.Environment).Count > 0 && days > s.RetentionDays).OrderBy(s => s.Stack, StringComparer.Ordinal))
            {
                yield return $"stack '{stack}': {path}.logRetentionDays is {days}, longer than the {source.RetentionDays} days of environment '{source.Environment}' (stack '{source.Stack}', {Config.SettingsCatalog.LogRetentionDays.Key}) that Elasticsearch is sized for (docs/sizing.md: disk and shards follow each environment's retention and volume); fix: set the team's logRetentionDays to at most {source.RetentionDays} on the on-call stack, or raise {Config.SettingsCatalog.LogRetentionDays.Key} of stack '{source.Stack}' (and its sizing).";
            }
        }
    }

    /// <summary>
    /// The setup's files and calls for the teams: per team and log source where it has namespaces, an ILM policy and an
    /// index template (the environment's template for another pattern and policy); per team a Kibana data view.
    /// </summary>
    /// <param name="sources">Each log source's stack, environment and retention (days, a deploy-time value for environments).</param>
    /// <param name="template">The environment's index template for a pattern and an ILM policy.</param>
    /// <param name="ilm">The ILM policy document for a retention.</param>
    public static void Setup(TeamList teams, IReadOnlyList<(string Stack, string Environment, Value RetentionDays)> sources,
        Func<string, string, ObjectValue> template, Func<Value, ObjectValue> ilm, List<KeyValuePair<string, Value>> files, StringBuilder script, StringBuilder views)
    {
        foreach (var team in teams.Items)
        {
            var mine = sources.Where(s => team.NamespacesIn(s.Environment).Count > 0).OrderBy(s => s.Stack, StringComparer.Ordinal).ToList();
            foreach (var (stack, _, retention) in mine)
            {
                var days = team.LogRetentionDays is { } own ? new StringValue(own.ToString(CultureInfo.InvariantCulture)) : retention;
                files.Add(new($"ilm-team-{team.Name}-{stack}.json", TemplatedText.Json(ilm(days))));
                files.Add(new($"template-team-{team.Name}-{stack}.json", TemplatedText.Json(template(DataStream(team, stack), IlmPolicy(team, stack)))));
                script.Append(CultureInfo.InvariantCulture, $"es PUT /_ilm/policy/{IlmPolicy(team, stack)} ilm-team-{team.Name}-{stack}.json\n");
                script.Append(CultureInfo.InvariantCulture, $"es PUT /_index_template/{DataStream(team, stack)} template-team-{team.Name}-{stack}.json\n");
            }

            files.Add(new($"dataview-team-{team.Name}.json", TemplatedText.Json(ObjectValue.Of(
                ("data_view", ObjectValue.Of(
                    ("id", team.DataView),
                    ("name", $"Logs of team {team.Name}"),
                    ("title", $"logs-{Dataset(team)}-*"),
                    ("timeFieldName", "@timestamp"))),
                ("override", true)))));
            views.Append(CultureInfo.InvariantCulture, $"kb POST /api/data_views/data_view dataview-team-{team.Name}.json\n");
        }
    }
}
