using System.Text;

namespace WeComGateway.Automation.Leads;

/// <summary>
/// Phone numbers of leads: one spelling per number, so that an import and a member's remark_mobiles meet; and the
/// masked form, the only one that leaves the corp's own storage (logs, the bus, reminder cards).
/// </summary>
public static class PhoneNumbers
{
    private const int MinDigits = 6;
    private const int MaxDigits = 15; // E.164

    /// <summary>
    /// Digits only, China's country code dropped (<c>+86 138-0013-8000</c>, <c>0086…</c>, <c>86138…</c> →
    /// <c>13800138000</c>); other countries keep a leading <c>+</c>. Spaces, dashes, dots and brackets are ignored.
    /// Null when what is left is not 6–15 digits.
    /// </summary>
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var digits = new StringBuilder(raw.Length);
        var international = false;
        foreach (var c in raw.Trim())
        {
            if (c is >= '0' and <= '9')
            {
                digits.Append(c);
            }
            else if (c == '+' && digits.Length == 0 && !international)
            {
                international = true;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return null;
            }
        }

        var number = digits.ToString();
        if (!international && number.StartsWith("00", StringComparison.Ordinal))
        {
            international = true;
            number = number[2..];
        }

        if (number.StartsWith("86", StringComparison.Ordinal) && (international || (number.Length == 13 && number[2] == '1')))
        {
            number = number[2..];
            international = false;
        }

        if (number.Length is < MinDigits or > MaxDigits)
        {
            return null;
        }

        return international ? "+" + number : number;
    }

    /// <summary>The first three and last four digits (<c>138****8000</c>); a short number shows only its last two.</summary>
    public static string Mask(string phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return phone.Length >= 9 ? $"{phone[..3]}****{phone[^4..]}" : $"****{phone[^Math.Min(2, phone.Length)..]}";
    }
}
