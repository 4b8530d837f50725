using static WeComGateway.Automation.Tests.Customers;

namespace WeComGateway.Automation.Tests;

public sealed class WelcomeChoiceTests
{
    private static readonly RuleSet Rules = FruitShop.Rules;

    [Fact]
    public void A_customer_from_a_poster_during_the_day_gets_the_poster_welcome()
    {
        var choice = Rules.ChooseWelcome(New(), Added("poster-spring"), At(9));

        Assert.Equal(new WelcomeChoice("poster", "poster-welcome"), choice);
    }

    [Fact]
    public void A_customer_who_adds_a_VIP_desk_employee_gets_the_VIP_welcome()
    {
        var choice = Rules.ChooseWelcome(New(), Added("shop-door", "vip-li"), At(15));

        Assert.Equal(new WelcomeChoice("vip-desk", "vip-desk-welcome"), choice);
    }

    [Theory]
    [InlineData(22, 0)]
    [InlineData(23, 59)]
    [InlineData(0, 0)]
    [InlineData(7, 59)]
    public void A_customer_who_adds_at_night_gets_the_night_welcome_even_from_a_poster(int hour, int minute)
    {
        var choice = Rules.ChooseWelcome(New(), Added("poster-spring"), At(hour, minute));

        Assert.Equal(new WelcomeChoice("night", "night-welcome"), choice);
    }

    [Fact]
    public void Time_of_day_is_read_in_the_rule_sets_time_zone_not_in_UTC()
    {
        // 01:30 UTC is 09:30 in Shanghai: daytime.
        var choice = Rules.ChooseWelcome(New(), Added("poster-spring"), new DateTimeOffset(2026, 3, 2, 1, 30, 0, TimeSpan.Zero));

        Assert.Equal("poster", choice?.TemplateId);
    }

    [Fact]
    public void Any_other_customer_gets_the_default_welcome()
    {
        var choice = Rules.ChooseWelcome(New(), Added("shop-door"), At(15));

        Assert.Equal(new WelcomeChoice("default", null), choice);
    }

    [Fact]
    public void A_half_added_customer_gets_a_welcome_too()
    {
        Assert.Equal("poster", Rules.ChooseWelcome(New(), HalfAdded("poster-spring"), At(9))?.TemplateId);
    }

    [Fact]
    public void No_rule_and_no_default_means_no_welcome()
    {
        var rules = RuleSet.Parse(TaggingTests.Rules(string.Empty));

        Assert.Null(rules.ChooseWelcome(New(), Added("poster-spring"), At(9)));
    }

    [Fact]
    public void Only_new_customers_are_welcomed()
    {
        Assert.Null(Rules.ChooseWelcome(New(), Purchase("A-1", 10m, At(9)), At(9)));
        Assert.Null(Rules.ChooseWelcome(New(), JoinedGroup("wrChatFruit"), At(9)));
    }

    [Fact]
    public void The_chosen_template_can_be_looked_up_by_id()
    {
        var template = Rules.FindWelcomeTemplate("default");

        Assert.NotNull(template);
        Assert.Equal("link", Assert.Single(template.Attachments).Type);
        Assert.Null(Rules.FindWelcomeTemplate("nope"));
    }
}
