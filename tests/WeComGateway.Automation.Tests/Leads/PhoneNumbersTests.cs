using WeComGateway.Automation.Leads;

namespace WeComGateway.Automation.Tests.Leads;

public sealed class PhoneNumbersTests
{
    [Theory]
    [InlineData("13800138000", "13800138000")]
    [InlineData("138 0013 8000", "13800138000")]
    [InlineData("138-0013-8000", "13800138000")]
    [InlineData("+86 138 0013 8000", "13800138000")]
    [InlineData("+86-13800138000", "13800138000")]
    [InlineData("008613800138000", "13800138000")]
    [InlineData("8613800138000", "13800138000")]
    [InlineData("(010) 6552 9988", "01065529988")]
    [InlineData("+1 415 555 0100", "+14155550100")]
    public void Spellings_of_one_number_meet(string raw, string normalized) => Assert.Equal(normalized, PhoneNumbers.Normalize(raw));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1380013800012345678")]
    [InlineData("138x0013x8000")]
    [InlineData("1+3800138000")]
    public void What_is_not_a_phone_number_is_refused(string? raw) => Assert.Null(PhoneNumbers.Normalize(raw));

    [Theory]
    [InlineData("13800138000", "138****8000")]
    [InlineData("+14155550100", "+14****0100")]
    [InlineData("6552998", "****98")]
    public void The_masked_form_keeps_the_first_three_and_last_four_digits(string phone, string masked) => Assert.Equal(masked, PhoneNumbers.Mask(phone));

    [Theory]
    [InlineData("lead-0123456789ab", "0123456789ab")]
    [InlineData("lead-0123456789AB", null)]
    [InlineData("poster-42", null)]
    [InlineData(null, null)]
    public void A_leads_state_names_it(string? state, string? leadId) => Assert.Equal(leadId, LeadStates.LeadIdOf(state));
}
