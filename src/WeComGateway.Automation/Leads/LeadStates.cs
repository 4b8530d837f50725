namespace WeComGateway.Automation.Leads;

/// <summary>
/// The <c>state</c> a lead is given (<c>lead-{leadId}</c>, within WeCom's 30 characters): a contact way created with
/// it (e.g. the QR code on the provider's page the reminder links to) brings the customer back with it on the add event,
/// which matches the lead without any phone number.
/// </summary>
public static class LeadStates
{
    public const string Prefix = "lead-";

    public static string Of(string leadId) => Prefix + leadId;

    /// <summary>The lead id a state names, or null for any other state.</summary>
    public static string? LeadIdOf(string? state) =>
        state is { Length: > 5 and <= 30 } && state.StartsWith(Prefix, StringComparison.Ordinal) && state.AsSpan(Prefix.Length).IndexOfAnyExcept("0123456789abcdef") < 0
            ? state[Prefix.Length..]
            : null;
}
