namespace Infra.Tests.Metrics;

/// <summary>A string value that holds a JSON document: its text, and the document parsed (see <see cref="RenderedTree"/>).</summary>
public sealed record EmbeddedDocument(string Text, object? Document);
