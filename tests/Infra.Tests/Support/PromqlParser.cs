using System.Text.Json;

namespace Infra.Tests.Support;

/// <summary>
/// Runs tests/promql/selectors.js: Prometheus's own PromQL grammar (@prometheus-io/lezer-promql, pinned
/// in tests/promql/package-lock.json) in one node process for a whole batch of expressions. The npm
/// packages are installed on first use (<c>npm ci</c>) when node_modules is missing; .ci/run installs
/// them up front.
/// </summary>
public static class PromqlParser
{
    private static readonly Lazy<string?> Installation = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static string HelperDirectory { get; } = Path.Combine(Repo.Root, "tests", "promql");

    /// <summary>
    /// node_modules holds every package at the version package-lock.json pins (a stale or partial copy is
    /// reinstalled): the grammar, and the CEL evaluator of tests/promql/cel.mjs.
    /// </summary>
    private static bool Installed
    {
        get
        {
            using var locked = JsonDocument.Parse(File.ReadAllText(Path.Combine(HelperDirectory, "package-lock.json")));
            foreach (var package in locked.RootElement.GetProperty("packages").EnumerateObject().Where(p => p.Name.StartsWith("node_modules/", StringComparison.Ordinal)))
            {
                var manifest = Path.Combine(HelperDirectory, package.Name, "package.json");
                if (!File.Exists(manifest))
                {
                    return false;
                }

                using var installed = JsonDocument.Parse(File.ReadAllText(manifest));
                if (package.Value.GetProperty("version").GetString() != installed.RootElement.GetProperty("version").GetString())
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// Why the parser cannot run here (no node; no node_modules and no npm to install them; npm ci failed),
    /// or null. Null whenever <c>OBSERVABILITY_REQUIRE_TOOLS=1</c>, so that CI fails instead of skipping.
    /// </summary>
    public static string? SkipReason
    {
        get
        {
            if (Environment.GetEnvironmentVariable("OBSERVABILITY_REQUIRE_TOOLS") == "1")
            {
                return null;
            }

            if (Tools.Find("node") is null)
            {
                return "skipped: node not installed (apt-get install nodejs npm, or run .ci/run): the PromQL parser of tests/promql runs on it";
            }

            if (!Installed && Tools.Find("npm") is null)
            {
                return "skipped: tests/promql/node_modules is missing and npm is not installed to fetch it (apt-get install npm, then npm ci --prefix tests/promql, or run .ci/run)";
            }

            // Installs on first use (once per run); offline without a warm npm cache that fails: skip with npm's answer.
            return Installation.Value is { } failure ? $"skipped: {failure}" : null;
        }
    }

    /// <summary>Parses every expression in one node process; the results are in the order of <paramref name="queries"/>.</summary>
    public static IReadOnlyList<PromqlParse> Parse(IReadOnlyList<PromqlQuery> queries)
    {
        var output = NodeScript.Run("selectors.js", JsonSerializer.Serialize(queries.Select(q => new { id = q.Id, expr = q.Expr, kind = q.Kind })));
        var results = JsonSerializer.Deserialize<List<PromqlParse>>(output, Json)
            ?? throw new InvalidOperationException("tests/promql/selectors.js printed no JSON array");
        if (results.Count != queries.Count || results.Where((r, i) => r.Id != queries[i].Id).Any())
        {
            throw new InvalidOperationException("tests/promql/selectors.js answered a different list of ids than it was given");
        }

        return results.Select(r => r with { Selectors = r.Selectors ?? [] }).ToList();
    }

    /// <summary>Installs the helpers' packages if needed; throws with npm's answer when that fails.</summary>
    public static void EnsureInstalled()
    {
        if (Installation.Value is { } failure)
        {
            throw new InvalidOperationException(failure);
        }
    }

    private static string? Install()
    {
        if (Installed)
        {
            return null;
        }

        if (Tools.Find("npm") is null)
        {
            return "tests/promql/node_modules is missing and npm is not installed: apt-get install npm, then npm ci --prefix tests/promql (or run .ci/run)";
        }

        // The lock file pins every package; npm ci installs exactly those.
        var (code, output) = Tools.Run("npm", "ci", "--prefix", HelperDirectory, "--no-audit", "--no-fund");
        return code == 0 && Installed
            ? null
            : $"npm ci --prefix tests/promql failed (exit {code}); it needs the npm registry or a warm npm cache:\n{output}";
    }
}
