namespace Infra.Tests.Support;

/// <summary>
/// A test that parses PromQL with tests/promql (node) and reads the catalogs in <c>../shared</c>: skipped
/// with the reason when either is missing, unless <c>OBSERVABILITY_REQUIRE_TOOLS=1</c> and
/// <c>OBSERVABILITY_REQUIRE_SHARED=1</c> (both set by .ci/run) make it mandatory.
/// </summary>
public sealed class PromqlFactAttribute : FactAttribute
{
    public PromqlFactAttribute()
    {
        if ((SharedData.SkipReason ?? PromqlParser.SkipReason) is { } reason)
        {
            Skip = reason;
        }
    }
}
