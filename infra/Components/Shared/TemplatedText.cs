using System.Text.RegularExpressions;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// A document written as one text in the source, with <c>@@name@@</c> where a value known only at
/// deploy time goes (a stack output, a generated password): the result interpolates those values, so
/// Pulumi fills them in and <c>render</c> shows them as <c>${...}</c> placeholders.
/// </summary>
public static partial class TemplatedText
{
    /// <summary>Fills every marker; a marker without a value, or a value no marker uses, is a defect of the template.</summary>
    public static InterpolatedValue Fill(string template, params (string Name, Value Value)[] values)
    {
        var byName = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var parts = new List<Value>();
        var literal = new System.Text.StringBuilder();
        var position = 0;
        foreach (Match marker in Marker().Matches(template))
        {
            literal.Append(template, position, marker.Index - position);
            position = marker.Index + marker.Length;
            var name = marker.Groups[1].Value;
            if (!byName.TryGetValue(name, out var value))
            {
                throw new ArgumentException($"template marker @@{name}@@ has no value", nameof(values));
            }

            used.Add(name);
            if (value is StringValue text)
            {
                literal.Append(text.Text);
                continue;
            }

            if (literal.Length > 0)
            {
                parts.Add(new StringValue(literal.ToString()));
                literal.Clear();
            }

            parts.Add(value);
        }

        literal.Append(template, position, template.Length - position);
        if (literal.Length > 0)
        {
            parts.Add(new StringValue(literal.ToString()));
        }

        var unused = byName.Keys.Where(k => !used.Contains(k)).ToList();
        if (unused.Count > 0)
        {
            throw new ArgumentException($"template has no marker for {string.Join(", ", unused)}", nameof(values));
        }

        return InterpolatedValue.Of([.. parts]);
    }

    /// <summary>
    /// A JSON document from a value tree, with the deploy-time values where the tree has them. They are
    /// inserted as they are, so use them only for values JSON needs no escaping for (names, numbers).
    /// </summary>
    public static InterpolatedValue Json(Value document)
    {
        var values = new List<(string Name, Value Value)>();
        string Marker(Value value)
        {
            var name = $"v{values.Count}";
            values.Add((name, value));
            return $"@@{name}@@";
        }

        Value Literal(Value value) => value switch
        {
            ObjectValue obj => new ObjectValue(obj.Entries.Select(e => new KeyValuePair<string, Value>(e.Key, Literal(e.Value))).ToList()),
            ListValue list => ListValue.Of(list.Items.Select(Literal)),
            InterpolatedValue text => new StringValue(string.Concat(text.Parts.Select(p => p is StringValue s ? s.Text : Marker(p)))),
            ReferenceValue or ConfigReferenceValue or PulumiVariableValue => new StringValue(Marker(value)),
            _ => value,
        };

        return Fill(Yaml.JsonText.Of(Literal(document)) + "\n", [.. values]);
    }

    [GeneratedRegex("@@([a-zA-Z][a-zA-Z0-9]*)@@")]
    private static partial Regex Marker();
}
