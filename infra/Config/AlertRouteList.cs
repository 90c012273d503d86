namespace Infra.Config;

/// <summary>The value of <c>observability:alertRoutes</c>.</summary>
public sealed record AlertRouteList(IReadOnlyList<AlertRoute> Routes)
{
    public static AlertRouteList Empty { get; } = new(Array.Empty<AlertRoute>());
}
