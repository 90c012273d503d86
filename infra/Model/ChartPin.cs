namespace Infra.Model;

/// <summary>
/// A Helm chart at a pinned version. <see cref="Chart"/> is an OCI reference or, with
/// <see cref="Repository"/>, a chart name in a classic Helm repository.
/// </summary>
public sealed record ChartPin(string Name, string Version, string Chart, string? Repository);
