namespace Infra.Tests.Support;

/// <summary>
/// A theory that runs a real tool (yamllint, promtool, ...). Skipped with the install hint when the tool
/// is not on PATH, unless <c>OBSERVABILITY_REQUIRE_TOOLS=1</c> (set by .ci/run, which installs them).
/// </summary>
public sealed class ToolTheoryAttribute : TheoryAttribute
{
    /// <param name="tools">The commands needed, separated by spaces.</param>
    /// <param name="debianPackages">The Debian packages that provide them.</param>
    public ToolTheoryAttribute(string tools, string debianPackages)
    {
        Skip = Tools.SkipReason(tools, debianPackages);
    }
}
