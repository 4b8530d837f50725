using System.Text;

namespace WeComGateway.Automation;

/// <summary>
/// Text with placeholders: <c>{name}</c>, <c>{name|default}</c>; <c>{{</c> and <c>}}</c> are literal braces. No
/// nesting, no expressions: a placeholder is replaced by its value, or by its default when the value is empty.
/// </summary>
internal sealed class PlaceholderText
{
    private readonly Part[] _parts;

    private PlaceholderText(Part[] parts) => _parts = parts;

    /// <summary>The text has no placeholders; <see cref="Literal"/> is its value with escapes resolved.</summary>
    public bool IsLiteral => _parts.Length == 0 || (_parts.Length == 1 && _parts[0].Name is null);

    public string Literal => _parts.Length == 0 ? string.Empty : _parts[0].Text;

    /// <summary>Characters outside placeholders.</summary>
    public int LiteralLength
    {
        get
        {
            var length = 0;
            foreach (var part in _parts)
            {
                length += part.Name is null ? part.Text.Length : 0;
            }

            return length;
        }
    }

    /// <summary>
    /// Reads <paramref name="text"/>. With <paramref name="errors"/>, unknown names and unbalanced braces are reported
    /// and null is returned; without, they are kept as literal text.
    /// </summary>
    public static PlaceholderText? Parse(string text, ReadOnlySpan<string> names, List<string>? errors)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();
        var ok = true;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{')
            {
                literal.Append('{');
                i += 2;
            }
            else if (c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                literal.Append('}');
                i += 2;
            }
            else if (c == '}')
            {
                ok = Fail(errors, $"'}}' at character {i + 1} closes nothing (write }}}} for a literal brace)");
                literal.Append('}');
                i++;
            }
            else if (c == '{')
            {
                var close = text.IndexOfAny(['{', '}'], i + 1);
                if (close < 0 || text[close] == '{')
                {
                    ok = Fail(errors, $"'{{' at character {i + 1} is not closed (write {{{{ for a literal brace)");
                    literal.Append('{');
                    i++;
                    continue;
                }

                var inner = text.AsSpan(i + 1, close - i - 1);
                var pipe = inner.IndexOf('|');
                var name = (pipe < 0 ? inner : inner[..pipe]).ToString();
                if (!Contains(names, name))
                {
                    ok = Fail(errors, $"unknown placeholder '{{{name}}}' (known: {string.Join(", ", Known(names))})");
                    literal.Append(text, i, close - i + 1);
                }
                else
                {
                    if (literal.Length > 0)
                    {
                        parts.Add(new Part(literal.ToString(), null));
                        literal.Clear();
                    }

                    parts.Add(new Part(pipe < 0 ? string.Empty : inner[(pipe + 1)..].ToString(), name));
                }

                i = close + 1;
            }
            else
            {
                literal.Append(c);
                i++;
            }
        }

        if (literal.Length > 0)
        {
            parts.Add(new Part(literal.ToString(), null));
        }

        return ok || errors is null ? new PlaceholderText([.. parts]) : null;
    }

    /// <summary>
    /// The text with values filled in. A placeholder whose value is empty takes its default; when that is empty too
    /// and <paramref name="requireValues"/> is set, the result is null.
    /// </summary>
    public string? Render<TValues>(TValues values, bool requireValues)
        where TValues : IPlaceholderValues
    {
        if (IsLiteral)
        {
            return Literal;
        }

        if (_parts.Length == 1)
        {
            var value = values.Get(_parts[0].Name!);
            value = string.IsNullOrEmpty(value) ? _parts[0].Text : value;
            return value.Length == 0 && requireValues ? null : value;
        }

        var text = new StringBuilder();
        foreach (var part in _parts)
        {
            if (part.Name is null)
            {
                text.Append(part.Text);
                continue;
            }

            var value = values.Get(part.Name);
            if (string.IsNullOrEmpty(value))
            {
                value = part.Text;
            }

            if (value.Length == 0 && requireValues)
            {
                return null;
            }

            text.Append(value);
        }

        return text.ToString();
    }

    private static bool Contains(ReadOnlySpan<string> names, string name)
    {
        foreach (var candidate in names)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> Known(ReadOnlySpan<string> names)
    {
        var known = new List<string>(names.Length);
        foreach (var name in names)
        {
            known.Add("{" + name + "}");
        }

        return known;
    }

    private static bool Fail(List<string>? errors, string message)
    {
        errors?.Add(message);
        return false;
    }

    /// <summary>Literal text (<see cref="Name"/> null), or a placeholder with its default in <see cref="Text"/>.</summary>
    private readonly record struct Part(string Text, string? Name);
}

/// <summary>Where placeholder values come from (a struct, so rendering a tag name allocates only the result).</summary>
internal interface IPlaceholderValues
{
    string? Get(string name);
}
