namespace Infra.Model;

/// <summary>
/// A configuration document embedded in the program (Helm values, alerting config, pipelines ...),
/// written by <c>render</c> as its own file at <see cref="Path"/> (relative, forward slashes).
/// </summary>
public sealed record RenderedDocument(string Path, string Content, string Component);
