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
        var input = new JsonArray([.. cases.Select(c => (JsonNode)new JsonObject { ["expression"] = c.Expression, ["bindings"] = c.Bindings.DeepClone() })]);
        var output = NodeScript.Run("cel.mjs", input.ToJsonString());
        var results = JsonNode.Parse(output) as JsonArray ?? throw new InvalidOperationException("tests/promql/cel.mjs printed no JSON array");
        if (results.Count != cases.Count)
        {
            throw new InvalidOperationException("tests/promql/cel.mjs answered a different number of results than it was given");
        }

        return [.. results.Select(r => ((JsonNode?)r!["value"]?.DeepClone(), r!["error"]?.GetValue<string>()))];
    }
}
