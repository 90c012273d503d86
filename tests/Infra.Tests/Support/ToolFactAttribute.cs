namespace Infra.Tests.Support;

/// <summary>
/// A test that runs a real tool (yamllint, promtool, ...). Skipped with the install hint when the tool
/// is not on PATH, unless <c>OBSERVABILITY_REQUIRE_TOOLS=1</c> (set by .ci/run, which installs them).
/// </summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool, string debianPackage)
    {
        if (Tools.Find(tool) is null && Environment.GetEnvironmentVariable("OBSERVABILITY_REQUIRE_TOOLS") != "1")
        {
            Skip = $"skipped: '{tool}' is not installed (apt-get install {debianPackage}, or run .ci/run)";
        }
    }
}
