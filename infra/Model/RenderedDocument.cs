namespace Infra.Model;

/// <summary>
/// A configuration document embedded in the program (Helm values, alerting config, pipelines ...),
/// written by <c>render</c> as its own file at <see cref="Path"/> (relative, forward slashes). Its text
/// is produced when first read: the compile path (what Pulumi runs) never reads most of them, and on a
/// controlplane with hundreds of environments writing them is a large part of the compile.
/// </summary>
public sealed class RenderedDocument
{
    private readonly Lazy<string> _content;

    public RenderedDocument(string path, string content, string component)
        : this(path, () => content, component)
    {
    }

    public RenderedDocument(string path, Func<string> render, string component, Func<string, string>? revise = null)
    {
        Path = path;
        Component = component;
        Revise = revise;
        _content = new Lazy<string>(render, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>For a document whose text depends on its earlier copy: the text given that copy (render passes it).</summary>
    public Func<string, string>? Revise { get; }

    public string Path { get; }

    public string Content => _content.Value;

    public string Component { get; }
}
