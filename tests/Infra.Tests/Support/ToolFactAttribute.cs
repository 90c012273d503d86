namespace Infra.Tests.Support;

/// <summary>
/// A test that runs a real tool (yamllint, promtool, ...). Skipped with the install hint when the tool
/// is not on PATH, unless <c>OBSERVABILITY_REQUIRE_TOOLS=1</c> (set by .ci/run, which installs them).
/// </summary>
public sealed class ToolFactAttribute : FactAttribute
{
    /// <param name="tools">The commands needed, separated by spaces.</param>
    /// <param name="debianPackages">The Debian packages that provide them.</param>
    public ToolFactAttribute(string tools, string debianPackages)
    {
        var missing = tools.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => Tools.Find(t) is null).ToList();
        if (missing.Count > 0 && Environment.GetEnvironmentVariable("OBSERVABILITY_REQUIRE_TOOLS") != "1")
        {
            Skip = $"skipped: {string.Join(", ", missing)} not installed (apt-get install {debianPackages}, or run .ci/run)";
        }
    }
}
