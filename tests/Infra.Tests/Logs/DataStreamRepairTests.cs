using Infra.Components;
using Infra.Config;
using Infra.Tests.Support;

namespace Infra.Tests.Logs;

/// <summary>
/// The setup script's repair of data streams created before their template (ElasticsearchSetup.RepairFunction),
/// run by the real shell against a stand-in curl that answers like Elasticsearch's get-settings API and records
/// every call; and every log stream of every controlplane is repaired with its own policy.
/// </summary>
public sealed class DataStreamRepairTests
{
    private const string Stream = "logs-kubernetes-production";
    private const string Policy = "logs-production";

    [ToolFact("sh", "dash")]
    public void AStreamWhoseIndicesAllHaveItsPolicyIsLeftAlone()
    {
        var (code, calls) = Repair(200, "{" + Index(1, Policy) + "," + Index(2, Policy) + "}");
        Assert.Equal(0, code);
        Assert.Single(calls);
    }

    [ToolFact("sh", "dash")]
    public void AStreamThatDoesNotExistIsLeftAlone()
    {
        var (code, calls) = Repair(404, """{"error":{"type":"index_not_found_exception"},"status":404}""");
        Assert.Equal(0, code);
        Assert.Single(calls);
    }

    [ToolFact("sh", "dash")]
    public void AStreamCreatedFromTheBuiltInTemplateGetsItsPolicyAndRollsOver()
    {
        // The built-in logs template's policy on the first index, none at all on the second: both count.
        var (code, calls) = Repair(200, "{" + Index(1, "logs") + "," + Index(2, null) + "," + Index(3, Policy) + "}");
        Assert.Equal(0, code);
        Assert.Equal(3, calls.Count);
        Assert.Contains($"-X PUT https://es.test/{Stream}/_settings", calls[1], StringComparison.Ordinal);
        Assert.Contains($$"""{"index.lifecycle.name":"{{Policy}}"}""", calls[1], StringComparison.Ordinal);
        Assert.Contains($"-X POST https://es.test/{Stream}/_rollover", calls[2], StringComparison.Ordinal);
    }

    [ToolFact("sh", "dash")]
    public void AnErrorFailsTheRunSoTheStalenessAlertFires()
    {
        var (code, calls) = Repair(500, """{"error":"boom"}""");
        Assert.NotEqual(0, code);
        Assert.Single(calls);
    }

    [Fact]
    public void EveryLogStreamOfEveryControlplaneIsRepairedWithItsOwnPolicy()
    {
        foreach (var stack in Stacks.AtLeastOne(StackRole.Controlplane))
        {
            var compiled = Stacks.Compile(stack);
            var script = compiled.Graph.Documents.Single(d => d.Path == "elasticsearch/setup/setup.sh").Content;
            var sources = compiled.Settings.Get(SettingsCatalog.Environments).Items.Prepend(compiled.Settings.Stack).ToList();
            foreach (var source in sources)
            {
                Assert.Contains($"repair {ElasticsearchSetup.DataStream(source)} {ElasticsearchSetup.IlmPolicy(source)}\n", script, StringComparison.Ordinal);
                Assert.Contains($"repair {ElasticsearchSetup.SelfDataStream(source)} {ElasticsearchSetup.IlmPolicy(source)}\n", script, StringComparison.Ordinal);
            }

            Assert.Contains($"repair {ElasticsearchSetup.QuarantineDataStream(compiled.Settings.Stack)} {ElasticsearchSetup.IlmPolicy(compiled.Settings.Stack)}\n", script, StringComparison.Ordinal);

            // Every index template the script applies names a stream (the teams' too) that is repaired with the
            // policy the same template carries: a stream created before it would otherwise keep the built-in lifecycle.
            var templates = System.Text.RegularExpressions.Regex.Matches(script, @"^es PUT /_index_template/(\S+) (\S+)$", System.Text.RegularExpressions.RegexOptions.Multiline);
            Assert.NotEmpty(templates);
            foreach (System.Text.RegularExpressions.Match template in templates)
            {
                var stream = template.Groups[1].Value;
                var document = compiled.Graph.Documents.Single(d => d.Path == $"elasticsearch/setup/{template.Groups[2].Value}").Content;
                var policy = System.Text.RegularExpressions.Regex.Match(document, "\"index\\.lifecycle\\.name\"\\s*:\\s*\"([^\"]+)\"").Groups[1].Value;
                Assert.Contains($"repair {stream} {policy}\n", script, StringComparison.Ordinal);
            }

            // After every template and policy is PUT: a repair before them would roll over into the built-in template again.
            Assert.True(script.LastIndexOf("/_index_template/", StringComparison.Ordinal) < script.IndexOf("\nrepair ", StringComparison.Ordinal), $"{stack}: a repair runs before the last template is applied");
        }
    }

    /// <summary>One backing index in the get-settings answer (flat_settings), with this lifecycle policy or none.</summary>
    private static string Index(int generation, string? policy) =>
        $"\".ds-{Stream}-2026.12.06-{generation:D6}\":{{\"settings\":{{{(policy is null ? string.Empty : $"\"index.lifecycle.name\":\"{policy}\"")}}}}}";

    /// <summary>Runs <c>repair</c> with a curl that answers GETs with <paramref name="body"/> and HTTP <paramref name="status"/>.</summary>
    private static (int Code, List<string> Calls) Repair(int status, string body)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"infra-repair-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var log = Path.Combine(directory, "calls");
            File.WriteAllText(Path.Combine(directory, "body.json"), body);
            var curl = Path.Combine(directory, "curl");
            File.WriteAllText(curl, """
                #!/bin/sh
                # One line per call: the arguments, then what was sent on stdin for a call with -X.
                case "$*" in
                  *" -X "*) printf '%s %s\n' "$*" "$(cat)" >> "$CALLS" ;;
                  *) printf '%s\n' "$*" >> "$CALLS"; printf '%s %s' "$(cat "$BODY")" "$STATUS" ;;
                esac
                """);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(curl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var script = Path.Combine(directory, "run.sh");
            File.WriteAllText(script, "set -eu\n" + ElasticsearchSetup.RepairFunction + $"repair {Stream} {Policy}\n");
            var (code, _) = Tools.Run("sh", new Dictionary<string, string>
            {
                ["PATH"] = $"{directory}:{Environment.GetEnvironmentVariable("PATH")}",
                ["CALLS"] = log,
                ["BODY"] = Path.Combine(directory, "body.json"),
                ["STATUS"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ES"] = "https://es.test",
                ["ELASTIC_PASSWORD"] = "test",
            }, script);
            return (code, File.Exists(log) ? [.. File.ReadAllLines(log)] : []);
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }
}
