using WeComGateway.Automation.Leads;

namespace WeComGateway.Automation.Tests.Leads;

public sealed class LeadAssignerTests
{
    private static readonly Dictionary<string, int> NoneToday = [];

    private static IReadOnlyList<string> Assign(IReadOnlyList<LeadTaker> takers, int leads, Dictionary<string, int>? today = null)
    {
        var counts = new Dictionary<string, int>(today ?? NoneToday, StringComparer.Ordinal);
        var cursor = 0L;
        var given = new List<string>();
        for (var i = 0; i < leads; i++)
        {
            var decision = LeadAssigner.Decide(takers, cursor, counts, []);
            if (decision.Outcome != AssignmentOutcome.Assign)
            {
                given.Add(decision.Outcome.ToString());
                continue;
            }

            given.Add(decision.UserId!);
            counts[decision.UserId!] = counts.GetValueOrDefault(decision.UserId!) + 1;
            cursor = decision.NextCursor;
        }

        return given;
    }

    [Fact]
    public void Round_robin_gives_each_employee_a_lead_in_turn()
    {
        var takers = new[] { new LeadTaker("zhangsan", 1, 50), new LeadTaker("lisi", 1, 50), new LeadTaker("wangwu", 1, 50) };

        Assert.Equal(["zhangsan", "lisi", "wangwu", "zhangsan", "lisi"], Assign(takers, 5));
    }

    [Fact]
    public void Weights_3_to_1_give_three_of_every_four_leads_to_the_first_spread_out()
    {
        var takers = new[] { new LeadTaker("zhangsan", 3, 100), new LeadTaker("lisi", 1, 100) };

        var given = Assign(takers, 40);

        Assert.Equal(["zhangsan", "zhangsan", "lisi", "zhangsan"], LeadAssigner.Rotation(takers));
        Assert.Equal(30, given.Count(g => g == "zhangsan"));
        Assert.Equal(10, given.Count(g => g == "lisi"));
    }

    [Fact]
    public void Smooth_weights_never_give_one_employee_a_long_run()
    {
        var rotation = LeadAssigner.Rotation([new LeadTaker("a", 5, 100), new LeadTaker("b", 1, 100), new LeadTaker("c", 1, 100)]);

        Assert.Equal(["a", "a", "b", "a", "c", "a", "a"], rotation);
    }

    [Fact]
    public void An_employee_at_the_daily_cap_is_passed_over_and_when_all_are_the_lead_waits()
    {
        var takers = new[] { new LeadTaker("zhangsan", 1, 2), new LeadTaker("lisi", 1, 1) };

        Assert.Equal(["zhangsan", "lisi", "zhangsan", "WaitForCapacity"], Assign(takers, 4));
    }

    [Fact]
    public void Counts_already_given_today_count_against_the_cap()
    {
        var takers = new[] { new LeadTaker("zhangsan", 1, 2), new LeadTaker("lisi", 1, 2) };

        Assert.Equal(["lisi", "lisi", "WaitForCapacity"], Assign(takers, 3, new() { ["zhangsan"] = 2 }));
    }

    [Fact]
    public void A_returned_lead_goes_to_an_employee_who_did_not_have_it_and_leaves_when_all_had_it()
    {
        var takers = new[] { new LeadTaker("zhangsan", 1, 50), new LeadTaker("lisi", 1, 50) };

        var next = LeadAssigner.Decide(takers, cursor: 2, NoneToday, tried: ["zhangsan"]);
        var none = LeadAssigner.Decide(takers, cursor: 2, NoneToday, tried: ["zhangsan", "lisi"]);

        Assert.Equal((AssignmentOutcome.Assign, "lisi", 4L), (next.Outcome, next.UserId, next.NextCursor));
        Assert.Equal(AssignmentOutcome.NoEmployeeLeft, none.Outcome);
        Assert.Equal(AssignmentOutcome.NoEmployeeLeft, LeadAssigner.Decide([], 0, NoneToday, []).Outcome);
    }

    [Fact]
    public void A_cap_of_zero_takes_an_employee_out_of_the_rotation()
    {
        var takers = new[] { new LeadTaker("zhangsan", 1, 0), new LeadTaker("lisi", 1, 5) };

        Assert.Equal(["lisi", "lisi", "lisi"], Assign(takers, 3));
    }
}
