namespace Infra.Tests.Support;

/// <summary>Whether tests against <c>../shared</c> run, and why not.</summary>
public static class SharedData
{
    public static bool Required => Environment.GetEnvironmentVariable("OBSERVABILITY_REQUIRE_SHARED") == "1";

    public static string? SkipReason => Repo.HasShared || Required
        ? null
        : $"skipped: reference data not found at {Repo.SharedDirectory} (CI provides ../shared next to the checkout; set OBSERVABILITY_SHARED_DIR to point elsewhere)";
}
