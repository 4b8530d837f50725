namespace WeComGateway.Automation;

/// <summary>
/// One follow user's remark (or description) after the gateway wrote its part: the rendered text, then — when the
/// current text holds the separator — the separator and whatever the employee typed after it. Text before the
/// separator, or all of it when there is none, is the gateway's and is replaced. Pure; WeCom's limits applied.
/// </summary>
public static class RemarkEdit
{
    /// <summary>externalcontact/remark: a remark holds at most 20 characters.</summary>
    public const int MaxRemarkLength = 20;

    /// <summary>externalcontact/remark: a description holds at most 150 characters.</summary>
    public const int MaxDescriptionLength = 150;

    /// <summary>
    /// The text to write, or null when nothing is to be written: the gateway's part is empty (an empty rendering never
    /// wipes a remark) or the result is what WeCom has already.
    /// </summary>
    /// <param name="current">What the follow user's remark is now (null or empty: none).</param>
    /// <param name="rendered">The gateway's part (<see cref="RemarkIntent.Render"/>).</param>
    /// <param name="separator">Where the employee's own text starts.</param>
    /// <param name="maxLength">WeCom's limit, in characters: the gateway's part is kept first, the employee's text is cut to what is left, and dropped with its separator when nothing is.</param>
    public static string? Next(string? current, string? rendered, string separator, int maxLength)
    {
        ArgumentException.ThrowIfNullOrEmpty(separator);
        var own = string.IsNullOrWhiteSpace(rendered) ? null : rendered.Replace(separator, " ", StringComparison.Ordinal).Trim();
        if (string.IsNullOrEmpty(own))
        {
            return null;
        }

        own = Utf8Text.TruncateToChars(own, maxLength).TrimEnd();
        var next = own;
        var at = current?.IndexOf(separator, StringComparison.Ordinal) ?? -1;
        if (at >= 0)
        {
            var employees = current![(at + separator.Length)..];
            var room = maxLength - own.Length - separator.Length;
            if (employees.Length > 0 && room > 0)
            {
                next = own + separator + Utf8Text.TruncateToChars(employees, room);
            }
        }

        return string.Equals(next, current ?? string.Empty, StringComparison.Ordinal) ? null : next;
    }
}
