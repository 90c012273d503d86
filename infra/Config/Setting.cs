using System.Globalization;
using System.Text.Json;

namespace Infra.Config;

/// <summary>A typed, non-secret setting. Read it with <see cref="StackSettings.Get{T}(Setting{T})"/>.</summary>
public sealed class Setting<T> : SettingDefinition
    where T : notnull
{
    private readonly Func<DefaultContext, T?> _default;
    private readonly Func<T, string?> _validate;
    private readonly string _typeName;
    private readonly string _example;
    private readonly string _defaultText;
    private readonly Func<JsonElement, (T? Value, string? Error)>? _structured;

    internal Setting(string name, string description, SettingScope scope, string typeName, string example,
        Func<DefaultContext, T?> defaultValue, string defaultText, Func<T, string?>? validate = null,
        Func<JsonElement, (T? Value, string? Error)>? structured = null)
        : base(name, description, scope)
    {
        _structured = structured;
        _typeName = typeName;
        _example = example;
        _default = defaultValue;
        _defaultText = defaultText;
        _validate = validate ?? (_ => null);
    }

    public override string TypeName => _typeName;

    public override string Example => _example;

    public override string DescribeDefault() => _defaultText;

    internal override object? DefaultFor(DefaultContext context) => _default(context);

    internal override string FixExample(DefaultContext context) => _default(context) switch
    {
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string { Length: > 0 } s => s,
        _ => _example,
    };

    internal override bool TryParse(RawConfigValue raw, out object? value, out string error)
    {
        value = null;
        error = $"expected {TypeName}";
        if (raw.IsSecret)
        {
            error = "is stored as a secret but is not a secret setting; set it in plain text";
            return false;
        }

        if (_structured is not null)
        {
            return TryParseStructured(raw, out value, out error);
        }

        if (typeof(T) != typeof(StringList) && (raw.List is not null || raw.Json is not null))
        {
            // A list or mapping where a single value belongs (PULUMI_CONFIG carries both as JSON text).
            error = $"expected {TypeName}, not a {(raw.List is not null || raw.Json!.TrimStart().StartsWith('[') ? "list" : "mapping")}";
            return false;
        }

        object? parsed = typeof(T) switch
        {
            var t when t == typeof(string) => raw.Scalar,
            var t when t == typeof(int) => raw.Scalar is { } s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            var t when t == typeof(long) => raw.Scalar is { } s && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            var t when t == typeof(bool) => raw.Scalar?.ToLowerInvariant() switch { "true" => true, "false" => false, _ => null },
            var t when t == typeof(StringList) => ParseList(raw),
            _ => throw new NotSupportedException($"setting type {typeof(T).Name}"),
        };
        if (parsed is not T typed)
        {
            return false;
        }

        if (_validate(typed) is { } problem)
        {
            error = problem;
            return false;
        }

        value = typed;
        return true;
    }

    private bool TryParseStructured(RawConfigValue raw, out object? value, out string error)
    {
        value = null;
        error = $"expected {TypeName}";
        var json = raw.Json ?? (raw.Scalar is { } s && s.TrimStart() is ['[' or '{', ..] ? s : null);
        if (json is null)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var (parsed, problem) = _structured!(document.RootElement);
            if (problem is not null || parsed is null)
            {
                error = problem ?? error;
                return false;
            }

            if (_validate(parsed) is { } invalid)
            {
                error = invalid;
                return false;
            }

            value = parsed;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static StringList? ParseList(RawConfigValue raw)
    {
        if (raw.List is not null)
        {
            return new StringList(raw.List);
        }

        // PULUMI_CONFIG carries structured values as JSON text.
        if ((raw.Json ?? raw.Scalar) is { } text && text.TrimStart().StartsWith('['))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                var items = new List<string>();
                foreach (var item in document.RootElement.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        return null;
                    }

                    items.Add(item.GetString()!);
                }

                return new StringList(items);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return null;
    }
}
