namespace Infra.Tests.Support;

/// <summary>
/// A test that needs the upstream reference data in <c>../shared</c>. On a plain clone without it the
/// test is skipped with that reason; when <c>OBSERVABILITY_REQUIRE_SHARED=1</c> (set by .ci/run) it
/// runs regardless, so a missing folder fails it instead of skipping.
/// </summary>
public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (SharedData.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
