namespace Infra.Tests.FailureModes;

/// <summary>A label set for a synthetic series, written as <c>new Labels { ["pod"] = "x" }</c>.</summary>
public sealed class Labels : Dictionary<string, string>
{
    public Labels()
        : base(StringComparer.Ordinal)
    {
    }

    public Labels(IEnumerable<KeyValuePair<string, string>> labels)
        : base(labels, StringComparer.Ordinal)
    {
    }

    /// <summary>This label set with more labels (or other values).</summary>
    public Labels With(params (string Name, string Value)[] labels)
    {
        var copy = new Labels(this);
        foreach (var (name, value) in labels)
        {
            copy[name] = value;
        }

        return copy;
    }
}
