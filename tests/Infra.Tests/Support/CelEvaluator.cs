using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Infra.Tests.Support;

/// <summary>
/// Runs tests/promql/cel.mjs: a real CEL evaluator (@marcbachmann/cel-js, pinned in tests/promql/package-lock.json,
/// installed with the PromQL parser) over a batch of expressions and their bindings, in one node process.
/// </summary>
public static class CelEvaluator
{
    /// <summary>Each expression's value (a JSON node) or its error, in order.</summary>
    public static IReadOnlyList<(JsonNode? Value, string? Error)> Evaluate(IReadOnlyList<(string Expression, JsonObject Bindings)> cases)
    {
        PromqlParser.EnsureInstalled();
        var node = Tools.Find("node") ?? throw new InvalidOperationException("node is not installed (apt-get install nodejs npm, or run .ci/run)");
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = PromqlParser.HelperDirectory,
        };
        start.ArgumentList.Add(Path.Combine(PromqlParser.HelperDirectory, "cel.mjs"));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var input = new JsonArray([.. cases.Select(c => (JsonNode)new JsonObject { ["expression"] = c.Expression, ["bindings"] = c.Bindings.DeepClone() })]);
        process.StandardInput.Write(input.ToJsonString());
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("tests/promql/cel.mjs did not finish in a minute");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tests/promql/cel.mjs exited with {process.ExitCode}: {stderr.Result}");
        }

        var results = JsonNode.Parse(stdout.Result) as JsonArray ?? throw new InvalidOperationException("tests/promql/cel.mjs printed no JSON array");
        if (results.Count != cases.Count)
        {
            throw new InvalidOperationException("tests/promql/cel.mjs answered a different number of results than it was given");
        }

        return [.. results.Select(r => ((JsonNode?)r!["value"]?.DeepClone(), r!["error"]?.GetValue<string>()))];
    }
}
