using System.Security.Cryptography;
using System.Text;

namespace WeComGateway.Automation;

/// <summary>
/// What the rules want the customer's remark and description to say: the texts of the last matching
/// <c>setRemark</c> / <c>setDescription</c> with every placeholder but <c>{name}</c> already bound (the name is
/// WeCom's and is read when the remark is written). Stored with the event's pending effects, so it holds only
/// strings. <see cref="RemarkEdit"/> turns it into one follow user's new remark.
/// </summary>
public sealed record RemarkIntent
{
    /// <summary>The <c>setRemark</c> text as the rule file has it (null: the remark is not set).</summary>
    public string? Remark { get; init; }

    /// <summary>The <c>setDescription</c> text as the rule file has it (null: the description is not set).</summary>
    public string? Description { get; init; }

    /// <summary>What follows it in a follow user's remark or description is the employee's own text, kept.</summary>
    public required string Separator { get; init; }

    /// <summary>The placeholder values bound when the rules decided (<see cref="RemarkPlaceholders"/> but the name).</summary>
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The rules whose texts these are (the remark's, then the description's when another rule set it).</summary>
    public IReadOnlyList<string> RuleIds { get; init; } = [];

    /// <summary>
    /// Fingerprint of what the rules want and of whom it goes to: the customer's facts keep it
    /// (<see cref="CustomerFacts.RemarkKey"/>), and an evaluation that arrives at the same one writes nothing.
    /// </summary>
    public required string Key { get; init; }

    /// <summary>The gateway's part of the remark and of the description for a customer named <paramref name="customerName"/>.</summary>
    public RenderedRemark Render(string? customerName)
    {
        var values = new BoundValues(Values, customerName);
        return new RenderedRemark(Fill(Remark, values), Fill(Description, values));
    }

    /// <summary>The fingerprint of texts, separator and values, and of the follow users they go to.</summary>
    public static string KeyOf(string? remark, string? description, string separator, IReadOnlyDictionary<string, string> values, IEnumerable<string> followUsers)
    {
        var text = new StringBuilder();
        text.Append(remark).Append('\u001f').Append(description).Append('\u001f').Append(separator);
        foreach (var (name, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            text.Append('\u001f').Append(name).Append('=').Append(value);
        }

        foreach (var user in followUsers.Order(StringComparer.Ordinal))
        {
            text.Append('\u001e').Append(user);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 16));
    }

    private static string? Fill(string? template, BoundValues values) =>
        template is null ? null : PlaceholderText.Parse(template, RemarkPlaceholders.All, errors: null)!.Render(values, requireValues: false)!.Trim();

    private readonly struct BoundValues(IReadOnlyDictionary<string, string> bound, string? name) : IPlaceholderValues
    {
        public string? Get(string placeholder) =>
            placeholder == RemarkPlaceholders.Name ? name : bound.GetValueOrDefault(placeholder);
    }
}

/// <summary>The gateway's part of a remark and of a description (null: not set by the rules).</summary>
public sealed record RenderedRemark(string? Remark, string? Description);
