namespace WeComGateway.Automation;

/// <summary>
/// A WeCom corp tag (企业客户标签) by its tag-group name and tag name, as operators write it in rules. Equality is
/// ordinal: <c>("兴趣", "爱水果")</c> and <c>("兴趣", "爱水果 ")</c> are different tags.
/// </summary>
public sealed record TagRef(string Group, string Name)
{
    /// <summary>WeCom's limit on a tag-group name and a tag name, in characters.</summary>
    public const int MaxLength = 30;

    public override string ToString() => $"{Group}/{Name}";
}
