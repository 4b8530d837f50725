namespace WeComGateway.Automation;

/// <summary>
/// The placeholders a <c>setRemark</c> / <c>setDescription</c> text may use (the same syntax as a welcome template's:
/// <c>{level|☾}</c> gives ☾ when the customer has no level, <c>{{</c> / <c>}}</c> are literal braces).
/// </summary>
public static class RemarkPlaceholders
{
    /// <summary>The customer's name as WeCom has it (<c>externalcontact/get</c>, read when the remark is written).</summary>
    public const string Name = "name";

    /// <summary>The symbol of the customer's first matching level (the rule file's <c>remarks.levels</c>), e.g. ★VIP.</summary>
    public const string Level = "level";

    /// <summary>The customer's lifecycle stage.</summary>
    public const string Stage = "stage";

    /// <summary>The customer's first channel: the channel's name when the corp has one for the state, else the state.</summary>
    public const string Channel = "channel";

    /// <summary>The names of the customer's corp tags outside the lifecycle group, joined by <c>/</c>.</summary>
    public const string Tags = "tags";

    internal static readonly string[] All = [Name, Level, Stage, Channel, Tags];
}
